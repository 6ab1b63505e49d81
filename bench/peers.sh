#!/usr/bin/env bash
# exportctl side by side with the peer rule engines of ../shared/peers on the same records.
#
#   bench/peers.sh [N]         N records (default 20000; the peers' own default is 200000, ~15 min)
#
# Env: BUILD_DIR (default build/bench, the `bench` preset), PEERS_SRC (default ../shared/peers),
# PEERS_WORK (a writable copy with node_modules; default /tmp/exportctl-peers; `npm install`ed
# there once, since the shared folder is read-only), PEERS_SKIP ("zen cedar" to skip slow peers).
# Prints one table: records/s per engine, exportctl's ratio to each, mismatches against the
# reference (baseline.js) outputs, which must be 0 everywhere. Exit 3 on any mismatch.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-20000}"
BUILD_DIR="${BUILD_DIR:-$root/build/bench}"
PEERS_SRC="${PEERS_SRC:-$root/../shared/peers}"
PEERS_WORK="${PEERS_WORK:-/tmp/exportctl-peers}"
PEERS_SKIP="${PEERS_SKIP:-}"
bench_bin="$BUILD_DIR/bench/peers_benchmark"
cli="$BUILD_DIR/exportctl"
for f in "$bench_bin" "$cli"; do
  [ -x "$f" ] || { echo "peers.sh: $f missing; run: cmake --preset bench && cmake --build --preset bench" >&2; exit 1; }
done

mkdir -p "$PEERS_WORK"
for f in "$PEERS_SRC"/*.js "$PEERS_SRC"/*.json "$PEERS_SRC"/cases.jsonl; do cp "$f" "$PEERS_WORK/"; done
for d in lib rules; do mkdir -p "$PEERS_WORK/$d" && cp "$PEERS_SRC/$d"/* "$PEERS_WORK/$d/"; done
if [ ! -d "$PEERS_WORK/node_modules/json-rules-engine" ]; then
  # `npm ci` refuses the shared lock file with npm 11 (optional platform packages); the versions
  # are pinned exactly in package.json, so `npm install` gives the same peers.
  (cd "$PEERS_WORK" && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund)) >&2 || exit 1
fi
data="$PEERS_WORK/data"
mkdir -p "$data"
(cd "$PEERS_WORK" && node gen.js --n "$N" --out "$data/records.jsonl" --cases "$data/cases.jsonl") >&2 || exit 1
node "$root/bench/peers/prepare.js" "$PEERS_WORK" "$data/records.jsonl" "$data" || exit 1

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0

# exportctl in process: eval-only (trace none and fired) and end to end (parse, evaluate, write).
EXPORTCTL_PEERS_RECORDS="$data/records.jsonl" EXPORTCTL_PEERS_REFERENCE="$data/reference.jsonl" \
  EXPORTCTL_PEERS_PACK="$root/bench/peers/peers.toml" \
  "$bench_bin" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json --benchmark_out="$data/peers_benchmark.json" >/dev/null || exit 1
node -e '
  // Google Benchmark writes NaN for the cv of an all-zero counter: not JSON.
  const text = require("fs").readFileSync(process.argv[1], "utf8").replace(/\bNaN\b/g, "null");
  const r = JSON.parse(text).benchmarks.filter((b) => b.aggregate_name === "median");
  const names = {"BM_PeersEvalOnly/trace:0": "in process, eval-only, trace none",
                 "BM_PeersEvalOnly/trace:1": "in process, eval-only, trace fired",
                 "BM_PeersEndToEnd": "in process, parse + evaluate + write"};
  for (const b of r) {
    const name = b.run_name;
    if (!names[name]) continue;
    console.log("RESULT " + JSON.stringify({peer: "exportctl", variant: names[name], eval_rps: b.items_per_second,
      mismatches: b.mismatches, records: Number(process.argv[2])}));
  }' "$data/peers_benchmark.json" "$N" >> "$results"

# exportctl CLI: `batch` on the records as contract sales (trace fired, full decision JSON out).
for t in 1 2; do
  start=$(date +%s.%N)
  "$cli" batch --no-builtin --rules "$root/bench/peers/peers.toml" --threads "$t" "$data/sales.jsonl" \
    -o "$data/decisions.jsonl" || { echo "peers.sh: exportctl batch failed" >&2; status=3; }
  end=$(date +%s.%N)
  mism=$(node "$root/bench/peers/check-cli.js" "$data/decisions.jsonl" "$data/reference.jsonl") || status=3
  node -e 'console.log("RESULT " + JSON.stringify({peer: "exportctl", variant: "CLI batch --threads " + process.argv[1] +
    " (wall, incl. startup)", e2e_rps: Number(process.argv[2]) / (Number(process.argv[4]) - Number(process.argv[3])),
    mismatches: Number(process.argv[5]), records: Number(process.argv[2])}))' "$t" "$N" "$start" "$end" "$mism" >> "$results"
done

for peer in baseline json-logic json-rules-engine zen cedar; do
  case " $PEERS_SKIP " in *" $peer "*) continue ;; esac
  echo "peers.sh: running $peer" >&2
  (cd "$PEERS_WORK" && node "run-$peer.js" "$data/records.jsonl" --cases "$data/cases.jsonl") 2>&1 | grep '^RESULT ' >> "$results"
  rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || { echo "peers.sh: run-$peer.js exited with $rc" >&2; status=3; }
done

node - "$results" <<'JS' || status=3
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('RESULT '))
  .map((l) => JSON.parse(l.slice(7)));
const fmt = (x) => x ? Math.round(x).toLocaleString('en-US') : '-';
const ours = rows.find((r) => r.peer === 'exportctl' && /eval-only, trace none/.test(r.variant)) || {};
const oursE2e = rows.find((r) => r.peer === 'exportctl' && /parse \+ evaluate/.test(r.variant)) || {};
if (!ours.eval_rps) console.error('peers.sh: no in-process exportctl result');
console.log(`| engine | variant | eval-only rec/s | end-to-end rec/s | exportctl eval-only ÷ this | exportctl in-process e2e ÷ this e2e | mismatches |`);
console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: |`);
let bad = 0;
let fastest = null;
for (const r of rows) {
  const m = r.error ? 'ERROR' : `${r.mismatches ?? '?'}${r.case_mismatches ? ` (+${r.case_mismatches} cases)` : ''}`;
  if (r.error || r.mismatches || r.case_mismatches) bad++;
  const peer = r.peer + (r.version ? ' ' + r.version : '');
  const ratio = r.peer !== 'exportctl' && r.eval_rps ? (ours.eval_rps / r.eval_rps).toFixed(1) + '×' : '';
  const ratioE2e = r.peer !== 'exportctl' && r.e2e_rps ? (oursE2e.eval_rps / r.e2e_rps).toFixed(1) + '×' : '';
  console.log(`| ${peer} | ${r.variant} | ${fmt(r.eval_rps)} | ${fmt(r.e2e_rps)} | ${ratio} | ${ratioE2e} | ${m} |`);
  if (r.peer !== 'exportctl' && r.peer !== 'baseline-js' && r.eval_rps && (!fastest || r.eval_rps > fastest.eval_rps)) fastest = r;
}
if (fastest) console.log(`\nfastest peer engine (eval-only): ${fastest.peer} (${fastest.variant}), ${fmt(fastest.eval_rps)} rec/s; exportctl in process: ${(ours.eval_rps / fastest.eval_rps).toFixed(1)}×`);
console.log(`records: ${rows[0] ? rows[0].records : '?'}; mismatches in total: ${bad ? bad + ' variant(s) disagree' : '0'}`);
process.exit(bad ? 3 : 0);
JS
exit $status
