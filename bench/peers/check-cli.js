#!/usr/bin/env node
'use strict';
// Compares `exportctl batch` decisions with the reference:
//   node check-cli.js DECISIONS REFERENCE   -> prints the mismatch count; exit 3 if any.
// The mapping back to the peer output is the one bench/peers/peers.toml describes. The decisions
// are read a line at a time: a million default decisions are more than one V8 string can hold.
const fs = require('fs');
const readline = require('readline');
const [decisions, reference] = process.argv.slice(2);
const want = fs.readFileSync(reference, 'utf8').split('\n').filter((l) => l.length > 0);

async function main() {
  let mismatches = 0;
  let i = 0;
  const lines = readline.createInterface({input: fs.createReadStream(decisions), crlfDelay: Infinity});
  for await (const line of lines) {
    if (line.length === 0) continue;
    if (i >= want.length) {
      ++mismatches;
      ++i;
      continue;
    }
    const d = JSON.parse(line);
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
    ++i;
  }
  if (i < want.length) mismatches += want.length - i;  // decisions missing at the end
  console.log(mismatches);
  process.exit(mismatches ? 3 : 0);
}

main().catch((e) => {
  console.error(`check-cli.js: ${e.message}`);
  process.exit(2);
});
