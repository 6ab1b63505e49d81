"""exportctl.dask.screen on a LocalCluster of two worker processes (python/exportctl/dask.py).

100,000 sales of scripts/gen-sales in 8 partitions give exactly the verdicts of `exportctl batch` on
the same file: as a Dask DataFrame of their flat form (scripts/jsonl-to-csv --lossy, evaluate_table
on the workers), and the first 10,000 as a Dask Bag of the JSON sales themselves (evaluate_many on the
workers).
Registered as its own ctest (python_dask_test); it runs in well under a minute.
"""
import csv
import json
import os
import subprocess
import tempfile
import unittest

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import exportctl
import exportctl.dask

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(exportctl.__file__)))), "exportctl")
COUNT = 100000
BAG_COUNT = 10000


def batch_verdicts(path, csv_input):
    with tempfile.NamedTemporaryFile(suffix=".csv") as out:
        args = [CLI, "batch", "--format", "csv", "--threads", "2", "-o", out.name, path]
        if csv_input:
            args[2:2] = ["--input-format", "csv"]
        subprocess.run(args, check=True, stderr=subprocess.DEVNULL)
        with open(out.name, newline="") as f:
            return [row["verdict"] for row in csv.DictReader(f)]


@unittest.skipUnless(os.environ.get("EXPORTCTL_DASK_TEST") == "1", "its own ctest: python_dask_test")
@unittest.skipUnless(os.path.exists(CLI), "the exportctl command is not built beside the module")
class DaskScreenTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.jsonl = os.path.join(cls.tmp.name, "sales.jsonl")
        cls.book = os.path.join(cls.tmp.name, "sales.csv")
        with open(cls.jsonl, "w") as f:
            subprocess.run([os.path.join(SOURCE_DIR, "scripts/gen-sales"), str(COUNT)], stdout=f, check=True)
        with open(cls.book, "w") as f:
            subprocess.run([os.path.join(SOURCE_DIR, "scripts/jsonl-to-csv"), "--lossy", cls.jsonl], stdout=f,
                           check=True)
        env = {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                   env=env)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        cls.tmp.cleanup()

    def test_a_dataframe_in_8_partitions_gets_the_verdicts_of_the_command(self):
        pdf = pd.read_csv(self.book, dtype=str, keep_default_na=False, na_values=[""])
        ddf = dd.from_pandas(pdf, npartitions=8)
        self.assertEqual(ddf.npartitions, 8)
        decisions = exportctl.dask.screen(ddf)
        got = decisions.compute()
        self.assertEqual(len(got), COUNT)
        self.assertEqual(list(got.index), list(pdf.index))
        self.assertEqual(list(got["verdict"].astype(object)), batch_verdicts(self.book, csv_input=True))
        self.assertEqual(set(got["rule_set"].astype(object)), {exportctl.RuleSet.builtin().hash})
        self.assertTrue(got["error"].isna().all())

    def test_a_bag_of_sales_in_8_partitions_gets_the_verdicts_of_the_command(self):
        # The first 10,000 (a bag goes through evaluate_many, dicts and all: kept short).
        with open(self.jsonl) as f:
            lines = [line for _, line in zip(range(BAG_COUNT), f)]
        sample = os.path.join(self.tmp.name, "sample.jsonl")
        with open(sample, "w") as f:
            f.writelines(lines)
        bag = db.from_sequence([json.loads(line) for line in lines], npartitions=8)
        got = exportctl.dask.screen(bag).compute()
        self.assertEqual(len(got), BAG_COUNT)
        self.assertEqual(list(got["verdict"].astype(object)), batch_verdicts(sample, csv_input=False))

    def test_each_worker_compiles_the_shipped_pack_text_to_the_clients_hash(self):
        pack = os.path.join(SOURCE_DIR, "examples/whatif/lower_tpp.toml")
        rules = exportctl.RuleSet.from_packs([pack])
        pdf = pd.DataFrame({"date": ["2025-06-01"] * 4, "item": ["H20"] * 4, "destination": ["AE"] * 4})
        got = exportctl.dask.screen(dd.from_pandas(pdf, npartitions=2), rules, packs=[pack]).compute()
        self.assertEqual(set(got["rule_set"].astype(object)), {rules.hash})
        want = rules.evaluate_table(pdf)
        self.assertEqual(list(got["verdict"].astype(object)), list(want["verdict"].astype(object)))
        # Each worker holds compiled rule sets only of the hashes the client asked for.
        hashes = self.client.run(lambda: sorted(r.hash for r in exportctl.dask._CACHE.values()))
        self.assertEqual(len(hashes), 2)
        for worker_hashes in hashes.values():
            self.assertLessEqual(set(worker_hashes), {rules.hash, exportctl.RuleSet.builtin().hash})
        with self.assertRaisesRegex(ValueError, "is not the rule set of packs"):
            exportctl.dask.screen(dd.from_pandas(pdf, npartitions=1), rules)  # the packs not given

    def test_a_worker_whose_rule_set_differs_refuses(self):
        with self.assertRaisesRegex(RuntimeError, "is not the client's"):
            exportctl.dask.worker_rules(True, (), "0000000000000000")


if __name__ == "__main__":
    unittest.main()
