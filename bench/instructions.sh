#!/usr/bin/env bash
# Instructions per decision on the mixed catalog workload, at each trace level, under callgrind:
# the figure to compare between commits on a machine whose wall times move with its load
# (docs/performance.md).
#
#   bench/instructions.sh            (after cmake --preset bench && cmake --build --preset bench)
#
# Env: BUILD_DIR (default build/bench). Needs valgrind. Two figures per trace level:
#   in Evaluate        instructions inside exportctl::Evaluate (callgrind --toggle-collect)
#   incl. destruction  the whole loop (evaluating and destroying each Decision), as the difference
#                      between two passes and one, so start-up and workload building cancel out
# The sales are read as shuffled in place ("scattered"): the layout moves wall time, not
# instructions, and without the driver's copy of the workload malloc starts every run from the
# same state (after freeing the original vector, a traced run's allocations take longer paths).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$root/build/bench}"
driver="$BUILD_DIR/bench/evaluate_driver"
[ -x "$driver" ] || { echo "instructions.sh: $driver missing; run: cmake --preset bench && cmake --build --preset bench" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind missing (apt-get install valgrind)" >&2; exit 1; }

collected() {  # the instruction count valgrind reports for: driver ARGS...
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | awk '/Collected/ {print $4}'
}
decisions=$("$driver" 0 1 scattered | awk '{print $1}')
printf '%-6s %18s %22s\n' trace "in Evaluate" "incl. destruction"
for trace in 0 1 2; do
  inside=$(collected --toggle-collect='exportctl::Evaluate(*' "$driver" "$trace" 1 scattered)
  one=$(collected "$driver" "$trace" 1 scattered)
  two=$(collected "$driver" "$trace" 2 scattered)
  printf '%-6s %18d %22d\n' "$(echo none fired full | cut -d' ' -f$((trace + 1)))" $((inside / decisions)) $(((two - one) / decisions))
done
