#!/usr/bin/env bash
# exportctl side by side with four other rule engines (json-rules-engine, json-logic-js, ZEN,
# Cedar) and a hand-written JavaScript function, all deciding the same simplified 3A090 decision on
# the same generated records (bench/peers/README.md).
#
#   bench/peers.sh [N]         N records (default 20000; 200000 takes about 15 min on 2 cores)
#
# Needs the `bench` build (cmake --preset bench && cmake --build --preset bench), Node.js and npm:
# the first run installs the peers' pinned versions (bench/peers/package-lock.json) into
# bench/peers/node_modules.
# Env: BUILD_DIR (default build/bench), PEERS_DATA (where the records and outputs go; default
# $BUILD_DIR/peers), PEERS_SKIP ("zen cedar" to skip slow peers).
# Prints one table: records/s per engine, exportctl's ratio to each, mismatches against the
# reference (baseline.js) outputs, which must be 0 everywhere. Exit 3 on any mismatch.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-20000}"
BUILD_DIR="${BUILD_DIR:-$root/build/bench}"
peers="$root/bench/peers"
data="${PEERS_DATA:-$BUILD_DIR/peers}"
PEERS_SKIP="${PEERS_SKIP:-}"
bench_bin="$BUILD_DIR/bench/peers_benchmark"
cli="$BUILD_DIR/exportctl"
for f in "$bench_bin" "$cli"; do
  [ -x "$f" ] || { echo "peers.sh: $f missing; run: cmake --preset bench && cmake --build --preset bench" >&2; exit 1; }
done
command -v node >/dev/null && command -v npm >/dev/null || { echo "peers.sh: needs node and npm" >&2; exit 1; }

if [ ! -d "$peers/node_modules/json-rules-engine" ] || [ ! -d "$peers/node_modules/@gorules/zen-engine" ] ||
   [ ! -d "$peers/node_modules/json-logic-js" ] || [ ! -d "$peers/node_modules/@cedar-policy/cedar-wasm" ]; then
  # `npm install` and not `npm ci`: npm 11's `npm ci` rejects this lock file because it lists only
  # the ZEN native packages the registry has for this platform; `npm install` installs exactly the
  # locked versions (and their integrity hashes) and leaves the lock file as it is.
  echo "peers.sh: installing the peers (npm install in bench/peers)" >&2
  (cd "$peers" && npm install --no-audit --no-fund) >&2 || exit 1
fi
mkdir -p "$data"
(cd "$peers" && node gen.js --n "$N" --out "$data/records.jsonl" --cases "$data/cases.jsonl") >&2 || exit 1
node "$peers/prepare.js" "$data/records.jsonl" "$data" || exit 1

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
  # A check that did not print a count (it failed) is an error in the table, never 0 mismatches.
  node -e 'const m = process.argv[5]; console.log("RESULT " + JSON.stringify({peer: "exportctl",
    variant: "CLI batch --threads " + process.argv[1] + " (wall, incl. startup)",
    e2e_rps: Number(process.argv[2]) / (Number(process.argv[4]) - Number(process.argv[3])),
    ...(/^[0-9]+$/.test(m) ? {mismatches: Number(m)} : {error: "check-cli.js failed"}),
    records: Number(process.argv[2])}))' "$t" "$N" "$start" "$end" "$mism" >> "$results"
done

for peer in baseline json-logic json-rules-engine zen cedar; do
  case " $PEERS_SKIP " in *" $peer "*) continue ;; esac
  echo "peers.sh: running $peer" >&2
  (cd "$peers" && node "run-$peer.js" "$data/records.jsonl" --cases "$data/cases.jsonl") 2>&1 | grep '^RESULT ' >> "$results"
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
// Issue 17's end-to-end figure: the command (read, parse, evaluate, write the full decisions) on 2
// threads against the fastest peer engine's end to end (read, parse, evaluate, stringify, write).
const cli2 = rows.find((r) => r.peer === 'exportctl' && /threads 2/.test(r.variant));
const fastestE2e = rows.filter((r) => r.peer !== 'exportctl' && r.peer !== 'baseline-js' && r.e2e_rps)
  .sort((a, b) => b.e2e_rps - a.e2e_rps)[0];
if (cli2 && fastestE2e) console.log(`exportctl batch --threads 2, end to end ÷ ${fastestE2e.peer} (${fastestE2e.variant}) end to end: ${(cli2.e2e_rps / fastestE2e.e2e_rps).toFixed(1)}× (${fmt(cli2.e2e_rps)} vs ${fmt(fastestE2e.e2e_rps)} rec/s)`);
console.log(`records: ${rows[0] ? rows[0].records : '?'}; mismatches in total: ${bad ? bad + ' variant(s) disagree' : '0'}`);
process.exit(bad ? 3 : 0);
JS
exit $status
