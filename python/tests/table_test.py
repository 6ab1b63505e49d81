"""Tests of RuleSet.evaluate_table and exportctl.to_frame (python/exportctl/table.py, python/table.cc).

Parity: the same sales (scripts/gen-sales, flattened by scripts/jsonl-to-csv --lossy) give the same
verdicts through evaluate_table, through `exportctl batch` (the command beside the module's build
folder) and through evaluate_many.
"""
import csv
import datetime
import os
import subprocess
import tempfile
import unittest

import numpy as np
import pandas as pd

import exportctl
from exportctl import table as table_module

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# build/<preset>/python/exportctl/ -> build/<preset>/exportctl
CLI = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(exportctl.__file__)))), "exportctl")

INTEGERS = {"quantity", "domestic_chips_purchased", "us_units_shipped", "license_quantity", "approval_quantity"}
NUMBERS = {"unit_price_usd", "us_import_value_usd", "datacenter_pue"}
GROUPS = {"buyer_": ("buyer", False), "datacenter_": ("datacenter", False), "license_": ("licenses", True),
          "approval_": ("approvals", True), "notification_": ("notifications", True)}


def sale_of_row(row):
    """A CSV row (dict of non-blank cells) as the JSON sale it stands for (docs/csv.md)."""
    sale = {}
    for column, cell in row.items():
        if cell == "":
            continue
        value = cell
        if column in INTEGERS:
            value = int(cell)
        elif column in NUMBERS:
            value = float(cell)
        elif column == "datacenter_national_hub":
            value = cell.lower() == "true"
        elif column in ("transit", "license_items", "approval_items"):
            value = cell.split(";")
        prefix = next((p for p in GROUPS if column.startswith(p)), None)
        if prefix is None:
            sale[column] = value
            continue
        name, is_list = GROUPS[prefix]
        target = sale.setdefault(name, [{}] if is_list else {})
        (target[0] if is_list else target)[column[len(prefix):]] = value
    return sale


class EvaluateTableTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = exportctl.RuleSet.builtin()

    def test_nan_and_none_are_absent_and_three_bad_rows_are_errors_in_place(self):
        nan = float("nan")
        df = pd.DataFrame({
            "date": ["2025-09-01", "2025-09-01", "2025-09-01", nan, "2025-02-30", "2025-09-01", "2024-06-01"],
            "item": ["H20", "H20", "H100", "H20", "H20", "No Such Chip", "A100"],
            "destination": ["CN", "CN", "AE", "CN", "CN", "CN", "DE"],
            "quantity": [1000, nan, 10, 1, 1, 1, 2],
            "unit_price_usd": [12000, None, nan, 1, 1, 1, None],
            "buyer_name": ["Example Cloud Co", None, nan, None, None, None, "Example Server GmbH"],
            "license_jurisdiction": ["US", None, nan, None, None, None, None],
            "license_valid_from": ["2025-08-08", None, nan, None, None, None, None],
        }, index=["a", "b", "c", "d", "e", "f", "g"])
        out = self.rules.evaluate_table(df, threads=2)
        self.assertEqual(list(out.index), list(df.index))
        errors = out["error"].dropna()
        self.assertEqual(errors.to_dict(), {
            # NaN in a required field is an error (never a default); in an optional one, absent.
            "d": "index d, column 'date': no 'date'",
            "e": "index e, column 'date': invalid date '2025-02-30' (no such day)",
            "f": "index f, column 'item': unknown chip 'No Such Chip'",
        })
        decided = out.drop(index=["d", "e", "f"])
        self.assertFalse(decided["verdict"].isna().any())
        self.assertTrue(out.loc[["d", "e", "f"], "verdict"].isna().all())
        self.assertFalse(out.loc[["d", "e", "f"], "allowed"].any())
        self.assertEqual(out.loc["a", "verdict"], "allowed_with_conditions")
        self.assertEqual(out.loc["a", "revenue_share_usd"], 1800000)
        self.assertIn("us-h20-share", out.loc["a", "rules"].split())
        # quantity NaN is the default 1: the same verdict as quantity 1
        self.assertEqual(out.loc["b", "verdict"], self.rules.evaluate(
            {"date": "2025-09-01", "item": "H20", "destination": "CN"})["verdict"])
        self.assertEqual(str(out["verdict"].dtype), "category")

    def test_dicts_of_lists_and_of_arrays_and_categoricals_give_the_same_decisions(self):
        table = {"date": ["2025-04-10", "2024-06-01", None], "item": ["H20", "H100", "H20"],
                 "destination": ["CN", "AE", "CN"], "quantity": [1, 2, 3]}
        from_lists = self.rules.evaluate_table(table)
        arrays = {k: np.array(v, dtype=object if k != "quantity" else np.int64) for k, v in table.items()}
        from_arrays = self.rules.evaluate_table(arrays)
        df = pd.DataFrame(table)
        df["item"] = df["item"].astype("category")
        df["date"] = pd.to_datetime(df["date"])  # datetime64 with NaT
        from_frame = self.rules.evaluate_table(df, threads=1)
        for got in (from_arrays, from_frame):
            pd.testing.assert_frame_equal(got, from_lists)
        self.assertEqual(list(from_lists["verdict"].astype(object)[:2]), ["license_required", "license_required"])
        self.assertEqual(from_lists["error"][2], "index 2, column 'date': no 'date'")

    def test_without_pandas_a_dict_of_numpy_arrays(self):
        saved = table_module.pd
        table_module.pd = None
        try:
            out = self.rules.evaluate_table({"date": ["2025-04-10"], "item": ["H20"], "destination": ["CN"]})
        finally:
            table_module.pd = saved
        self.assertIsInstance(out, dict)
        self.assertEqual(out["verdict"][0], "license_required")
        self.assertIsNone(out["error"][0])

    def test_a_table_that_is_not_one_of_sales_raises(self):
        with self.assertRaisesRegex(ValueError, "unknown column 'qty'"):
            self.rules.evaluate_table({"date": ["2025-04-10"], "item": ["H20"], "destination": ["CN"], "qty": [1]})
        with self.assertRaisesRegex(ValueError, "no 'destination' column"):
            self.rules.evaluate_table({"date": ["2025-04-10"], "item": ["H20"]})
        with self.assertRaises(TypeError):
            self.rules.evaluate_table([{"date": "2025-04-10"}])

    @unittest.skipUnless(os.path.exists(CLI), "the exportctl command is not built beside the module")
    def test_the_same_verdicts_as_the_command_and_as_evaluate_many(self):
        with tempfile.TemporaryDirectory() as tmp:
            jsonl, book, decisions = (os.path.join(tmp, n) for n in ("s.jsonl", "s.csv", "d.csv"))
            with open(jsonl, "w") as f:
                subprocess.run([os.path.join(SOURCE_DIR, "scripts/gen-sales"), "3000", "--seed", "5"], stdout=f,
                               check=True)
            with open(book, "w") as f:
                subprocess.run([os.path.join(SOURCE_DIR, "scripts/jsonl-to-csv"), "--lossy", jsonl], stdout=f,
                               check=True)
            subprocess.run([CLI, "batch", "--input-format", "csv", "--format", "csv", "--threads", "2", "-o", decisions,
                            book], check=True, stderr=subprocess.DEVNULL)
            with open(decisions, newline="") as f:
                want = list(csv.DictReader(f))
            with open(book, newline="") as f:
                sales = [sale_of_row(row) for row in csv.DictReader(f)]
            df = pd.read_csv(book, keep_default_na=False, na_values=[""], low_memory=False)
        out = self.rules.evaluate_table(df, threads=2)
        self.assertEqual(len(out), 3000)
        self.assertEqual(list(out["verdict"].astype(object)), [row["verdict"] for row in want])
        self.assertEqual(list(out["rules"].astype(object).str.replace(" ", "; ")), [row["rules"] for row in want])
        self.assertEqual(list(out["us_verdict"].astype(object).fillna("")), [row["us_verdict"] for row in want])
        many = self.rules.evaluate_many(sales, threads=2)
        self.assertEqual([d["verdict"] for d in many], list(out["verdict"].astype(object)))
        framed = exportctl.to_frame(many, jurisdictions=["us", "cn", "my", "tw"])
        for column in ["verdict", "allowed", "us_verdict", "us_review_policy", "cn_verdict", "license_exception",
                       "conditions", "revenue_share_usd", "volume_cap_units", "rules", "error"]:
            got = out[column].astype(object).where(out[column].notna(), None).tolist()
            expected = framed[column].astype(object).where(framed[column].notna(), None).tolist()
            self.assertEqual(got, expected, column)

    def test_to_frame_puts_a_bad_sale_in_place(self):
        decisions = self.rules.evaluate_many(
            [{"date": "2025-04-10", "item": "H20", "destination": "CN"},
             {"date": datetime.date(2025, 4, 10), "item": "H2O", "destination": "CN"}], errors="return")
        frame = exportctl.to_frame(decisions)
        self.assertEqual(frame["verdict"][0], "license_required")
        self.assertTrue(pd.isna(frame["verdict"][1]))
        self.assertIn("unknown chip 'H2O'", frame["error"][1])
        self.assertFalse(frame["allowed"][1])


if __name__ == "__main__":
    unittest.main()
