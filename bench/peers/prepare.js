#!/usr/bin/env node
'use strict';
// Prepares the peers' records for exportctl:
//   node prepare.js RECORDS OUT_DIR
// writes OUT_DIR/reference.jsonl (baseline.js's output per record: the reference every engine is
// checked against) and OUT_DIR/sales.jsonl (each record as an exportctl sale for `exportctl batch`,
// mapped as bench/peers/peers.toml describes).
const fs = require('fs');
const path = require('path');
const { decide } = require('./baseline');
const [records, outDir] = process.argv.slice(2);
const lines = fs.readFileSync(records, 'utf8').split('\n').filter((l) => l.length > 0);
const reference = [];
const sales = [];
for (const line of lines) {
  const r = JSON.parse(line);
  reference.push(JSON.stringify(decide(r)));
  const sale = {
    date: r.date,
    item: { model: r.item, origin: 'US', datacenter: r.datacenter, tpp: r.tpp,
            die_area_mm2: r.die_area_mm2, interconnect_gbps: r.interconnect_gbps },
    destination: r.destination,
    buyer: { headquarters: r.buyer_hq },
  };
  if (r.buyer_entity_listed) sale.buyer.name = 'Peer Listed Entity';
  sales.push(JSON.stringify(sale));
}
fs.writeFileSync(path.join(outDir, 'reference.jsonl'), reference.join('\n') + '\n');
fs.writeFileSync(path.join(outDir, 'sales.jsonl'), sales.join('\n') + '\n');
