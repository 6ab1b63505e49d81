#!/usr/bin/python3
"""RuleSet.evaluate_table on a DataFrame against `exportctl batch` on the same sales, in one run.

    PYTHONPATH=build/ci/python /usr/bin/python3 bench/python_table.py --count 1000000 --threads 2 \\
        --cli build/ci/exportctl

Generates `scripts/gen-sales COUNT` (JSON Lines) and its flat form `scripts/jsonl-to-csv --lossy`
(a chip object becomes "H100", the first license, approval and notification are kept, owners
dropped: what a table row holds) in --workdir, unless they are there already. Reads the CSV into a
DataFrame (not timed: pandas' reader, object columns, "" the only NaN), then times, best of
--repeat: evaluate_table(df, threads=N); the same DataFrame with its text columns as Categoricals;
and the command `exportctl batch --threads N` on the CSV (the same sales) and on the JSON Lines
(the generator's sales, before flattening), decisions to /dev/null. Checks that evaluate_table's
verdicts equal the command's on the CSV. Prints sales/s for each and the load (uptime) before and after.
"""
import argparse
import collections
import csv
import os
import subprocess
import sys
import time

import pandas as pd

import exportctl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def prepare(count, workdir):
    jsonl = os.path.join(workdir, "sales-%d.jsonl" % count)
    table = os.path.join(workdir, "sales-%d.csv" % count)
    if not os.path.exists(jsonl):
        with open(jsonl + ".tmp", "w") as out:
            subprocess.run([os.path.join(ROOT, "scripts/gen-sales"), str(count)], stdout=out, check=True)
        os.replace(jsonl + ".tmp", jsonl)
    if not os.path.exists(table):
        with open(table + ".tmp", "w") as out:
            subprocess.run([os.path.join(ROOT, "scripts/jsonl-to-csv"), "--lossy", jsonl], stdout=out, check=True)
        os.replace(table + ".tmp", table)
    return jsonl, table


def best(repeat, run):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def cli_batch(cli, path, threads, csv_input, output="/dev/null"):
    args = [cli, "batch", "--threads", str(threads), "-o", output, path]
    if csv_input:
        args[2:2] = ["--input-format", "csv", "--format", "csv"]
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):  # 1: some bad lines
        sys.exit("exportctl batch failed: %s" % done.stderr.decode())


def cli_verdicts(cli, table, threads, workdir):
    out = os.path.join(workdir, "decisions.csv")
    cli_batch(cli, table, threads, True, out)
    with open(out, newline="") as f:
        return [row["verdict"] or None for row in csv.DictReader(f)]


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/exportctl-bench")
    parser.add_argument("--cli", default=os.path.join(ROOT, "build/ci/exportctl"))
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    jsonl, table = prepare(args.count, args.workdir)
    df = pd.read_csv(table, keep_default_na=False, na_values=[""], low_memory=False)
    categorical = df.copy()
    for name in categorical.columns:
        if categorical[name].dtype == object:
            categorical[name] = categorical[name].astype("category")
    rules = exportctl.RuleSet.builtin()
    n = len(df)
    print("sales: %d (%s, %d columns); threads: %d" % (n, table, len(df.columns), args.threads))
    print("load before: %s" % uptime())
    results = collections.OrderedDict()
    t, decided = best(args.repeat, lambda: rules.evaluate_table(df, threads=args.threads))
    results["evaluate_table (DataFrame, object columns)"] = t
    t, _ = best(args.repeat, lambda: rules.evaluate_table(categorical, threads=args.threads))
    results["evaluate_table (DataFrame, categorical columns)"] = t
    t, _ = best(args.repeat, lambda: cli_batch(args.cli, table, args.threads, True))
    results["exportctl batch --input-format csv --format csv (the same sales)"] = t
    t, _ = best(args.repeat, lambda: cli_batch(args.cli, jsonl, args.threads, False))
    results["exportctl batch (JSON Lines, before flattening)"] = t
    print("load after: %s" % uptime())
    for name, seconds in results.items():
        print("%-70s %7.3f s  %10.0f sales/s" % (name, seconds, n / seconds))
    want = cli_verdicts(args.cli, table, args.threads, args.workdir)
    got = [None if v != v else v for v in decided["verdict"].astype(object)]
    same = sum(1 for a, b in zip(got, want) if a == b)
    print("verdicts equal to the command's on the CSV: %d of %d" % (same, n))
    if same != n:
        sys.exit(1)


if __name__ == "__main__":
    main()
