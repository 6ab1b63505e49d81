#!/usr/bin/env node
'use strict';
// Compares `exportctl batch` decisions with the reference:
//   node check-cli.js DECISIONS REFERENCE   -> prints the mismatch count; exit 3 if any.
// The mapping back to the peer output is the one bench/peers/peers.toml describes.
const fs = require('fs');
const [decisions, reference] = process.argv.slice(2);
const read = (f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0);
const got = read(decisions);
const want = read(reference);
let mismatches = Math.abs(got.length - want.length);
for (let i = 0; i < Math.min(got.length, want.length); i++) {
  const d = JSON.parse(got[i]);
  const us = (d.jurisdictions || {}).US || {};
  const out = {
    classification: (d.classification || {}).US,
    verdict: d.verdict === 'notification_required' ? 'notify'
      : d.verdict === 'license_required' || d.verdict === 'prohibited' ? 'license_required'
      : d.verdict === 'allowed' || d.verdict === 'allowed_with_conditions' ? 'allowed' : d.verdict,
    revenue_share_pct: (us.advisories || []).some((a) => a.startsWith('peer-revenue-share:')) ? 15 : 0,
  };
  const w = JSON.parse(want[i]);
  if (out.classification !== w.classification || out.verdict !== w.verdict ||
      out.revenue_share_pct !== w.revenue_share_pct) {
    if (++mismatches <= 5) console.error(`line ${i + 1}: got ${JSON.stringify(out)} want ${JSON.stringify(w)}`);
  }
}
console.log(mismatches);
process.exit(mismatches ? 3 : 0);
