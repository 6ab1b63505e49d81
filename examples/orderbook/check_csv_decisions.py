#!/usr/bin/python3
"""Screens the example order book as a spreadsheet would see it, and reads the decisions back with
Python's csv module: one row per order, the documented columns, the ids and verdicts of the JSON
Lines screening (docs/csv.md). Run by CTest (tests/CMakeLists.txt):

    check_csv_decisions.py EXPORTCTL examples/orderbook
"""
import csv
import io
import json
import subprocess
import sys


def run(exportctl, *args):
    result = subprocess.run([exportctl, "batch", *args], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def main():
    exportctl, book = sys.argv[1], sys.argv[2]
    text = run(exportctl, "--input-format", "csv", "--format", "csv", f"{book}/orders.csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 20, f"{len(rows)} rows, want 20"
    header = next(csv.reader(io.StringIO(text, newline="")))
    for column in ["id", "line", "verdict", "allowed", "us_verdict", "us_review_policy", "cn_verdict",
                   "cn_review_policy", "license_exception", "conditions", "rules", "not_applied",
                   "missing", "error"]:
        assert column in header, f"no column {column!r} in {header}"
    assert all(len(r) == len(header) and None not in r for r in rows), "a row with a cell too many or few"
    decisions = [json.loads(line) for line in run(exportctl, f"{book}/orders.jsonl").splitlines()]
    assert [r["id"] for r in rows] == [d["id"] for d in decisions]
    assert [r["verdict"] for r in rows] == [d["verdict"] for d in decisions]
    assert [r["allowed"] for r in rows] == [str(d["allowed"]).lower() for d in decisions]
    assert [r["us_verdict"] for r in rows] == [d["jurisdictions"]["US"]["verdict"] for d in decisions]
    assert [int(r["line"]) for r in rows] == [d["line"] + 1 for d in decisions]  # under the CSV header
    assert not any(r["error"] for r in rows)
    print(f"{len(rows)} decisions read back, {len(header)} columns")


if __name__ == "__main__":
    main()
