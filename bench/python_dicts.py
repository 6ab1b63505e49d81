#!/usr/bin/python3
"""Python's dict path: RuleSet.evaluate_many on N sales of scripts/gen-sales, in sales per second.

    PYTHONPATH=build/ci/python bench/python_dicts.py                # 200,000 sales, 2 threads
    PYTHONPATH=build/ci/python bench/python_dicts.py -n 50000 --threads 1 --trace none --repeat 5

Reads the sales with json.loads (not timed), as dicts, then times evaluate_many: writing the dicts
as JSON, the library's batch, and building the decision dicts. Prints the best of --repeat runs,
each phase's share of one run, the load average (the figure means little on a busy machine) and
the CLI's batch on the same sales for comparison when --cli names the command.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import exportctl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sales_text(n, seed):
    return subprocess.run([os.path.join(ROOT, "scripts", "gen-sales"), str(n), "--seed", str(seed)],
                          check=True, capture_output=True, text=True).stdout


def cli_rate(cli, text, threads, trace, n):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as f:
        f.write(text)
        f.flush()
        start = time.perf_counter()
        subprocess.run([cli, "batch", "--threads", str(threads), "--trace", trace, f.name, "-o", os.devnull],
                       check=True, capture_output=True)
        return n / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200000, help="sales (default 200000)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--trace", default="fired", choices=["none", "fired", "full"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli", help="the exportctl command, to time its batch on the same sales")
    args = parser.parse_args()

    text = sales_text(args.n, args.seed)
    sales = [json.loads(line) for line in text.splitlines()]
    rules = exportctl.RuleSet.builtin()
    rules.evaluate_many(sales[:1000], threads=args.threads)  # warm up

    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        decisions = rules.evaluate_many(sales, trace=args.trace, threads=args.threads, errors="return")
        best = min(best, time.perf_counter() - start)
    assert len(decisions) == len(sales)
    errors = sum(1 for d in decisions if "error" in d)
    shared = all(d["rule_set"] is decisions[0]["rule_set"] for d in decisions if "rule_set" in d)

    # The phases, approximately: the same sales as JSON strings skip the dict → JSON step; with
    # trace "none" and a JSON string in, what is left is the batch and building the dicts.
    texts = text.splitlines()
    start = time.perf_counter()
    rules.evaluate_many(texts, trace=args.trace, threads=args.threads, errors="return")
    from_text = time.perf_counter() - start

    load = os.getloadavg()
    print("evaluate_many: %d sales, threads=%d, trace=%s: best of %d %.3f s = %.0f sales/s "
          "(%d errors; one shared rule_set dict: %s)" % (len(sales), args.threads, args.trace, args.repeat, best,
                                                          len(sales) / best, errors, shared))
    print("  the same sales as JSON strings (no dict → JSON step): %.3f s = %.0f sales/s" %
          (from_text, len(sales) / from_text))
    if args.cli:
        print("  exportctl batch on the same sales: %.0f sales/s" % cli_rate(args.cli, text, args.threads, args.trace,
                                                                            len(sales)))
    print("  load average %.2f %.2f %.2f on %d CPUs (python %s)" % (load + (os.cpu_count(), sys.version.split()[0])))


if __name__ == "__main__":
    main()
