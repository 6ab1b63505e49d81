#!/usr/bin/python3
"""Screens a directory of order-book partitions on Dask and writes the decisions (docs/integration.md).

    PYTHONPATH=build/ci/python /usr/bin/python3 python/examples/dask_screen.py book/ -o decisions/
    python3 dask_screen.py book/ -o decisions/ --scheduler tcp://10.0.0.5:8786 --rules mine.toml

The directory holds *.jsonl files (one JSON sale per line: any sale of the contract, screened
through evaluate_many) or *.csv files (the columns of docs/csv.md, screened through
evaluate_table), one Dask partition per file. Without --scheduler, a LocalCluster of --workers
processes is started for the run. The decisions are written as CSV, one file per partition
(decisions/part-0.csv, ...), with the rule set's hash in each row; a summary goes to stdout.
"""
import argparse
import glob
import json
import os
import sys

import dask.bag as db
import dask.dataframe as dd
from distributed import Client, LocalCluster

import exportctl
import exportctl.dask


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="a directory of *.jsonl or *.csv partitions")
    parser.add_argument("-o", "--output", required=True, help="the directory the decisions go to")
    parser.add_argument("--scheduler", help="a Dask scheduler's address (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE", help="a rule pack; repeatable")
    parser.add_argument("--no-builtin", action="store_true", help="the packs alone, without the built-in catalog")
    parser.add_argument("--as-of", help="what was known on this day (YYYY-MM-DD)")
    args = parser.parse_args()

    jsonl = sorted(glob.glob(os.path.join(args.input, "*.jsonl")))
    tables = sorted(glob.glob(os.path.join(args.input, "*.csv")))
    if bool(jsonl) == bool(tables):
        sys.exit("dask_screen: %s must hold *.jsonl or *.csv partitions (not both, not neither)" % args.input)
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        if tables:
            sales = dd.read_csv(tables, dtype=str, keep_default_na=False, na_values=[""], blocksize=None)
        else:
            sales = db.read_text(jsonl).filter(str.strip).map(json.loads)
        decisions = exportctl.dask.screen(sales, packs=args.rules, builtin=not args.no_builtin, as_of=args.as_of)
        os.makedirs(args.output, exist_ok=True)
        decisions.to_csv(os.path.join(args.output, "part-*.csv"))
        counts = dd.read_csv(os.path.join(args.output, "part-*.csv"), usecols=["verdict", "error"], dtype=str)
        summary = counts.verdict.fillna("error").value_counts().compute()
        print("%d partitions, %d sales -> %s" % (decisions.npartitions, int(summary.sum()), args.output))
        for verdict, n in summary.items():
            print("  %-26s %d" % (verdict, n))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
