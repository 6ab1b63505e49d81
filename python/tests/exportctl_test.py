"""Tests of the Python module (python/exportctl_module.cc). Run with PYTHONPATH at the module."""
import datetime
import os
import tempfile
import unittest

import exportctl

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
H20_CN = {"date": "2025-04-10", "item": "H20", "destination": "CN"}


class RuleSetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = exportctl.RuleSet.builtin()

    def test_evaluate_returns_the_contract_decision(self):
        d = self.rules.evaluate(H20_CN)
        self.assertEqual(d["verdict"], "license_required")
        self.assertFalse(d["allowed"])
        self.assertIn("us-h20-informed", [t["rule"] for t in d["trace"]])

    def test_evaluate_accepts_dates_nested_values_and_json_text(self):
        sale = {"date": datetime.date(2025, 4, 10), "item": "H20", "destination": "CN", "quantity": 10,
                "unit_price_usd": 12000.5, "buyer": {"name": "Example Cloud Co", "owners": []}}
        self.assertEqual(self.rules.evaluate(sale)["verdict"], "license_required")
        text = '{"date": "2025-04-10", "item": "H20", "destination": "CN"}'
        self.assertEqual(self.rules.evaluate(text)["verdict"], "license_required")

    def test_trace_and_as_of(self):
        self.assertFalse(self.rules.evaluate(H20_CN, trace="none").get("trace"))
        earlier = self.rules.evaluate(H20_CN, as_of="2025-01-01")
        self.assertNotEqual(earlier["verdict"], "license_required")
        with self.assertRaises(ValueError):
            self.rules.evaluate(H20_CN, trace="some")

    def test_bad_sales_raise_value_error_with_the_message(self):
        with self.assertRaisesRegex(ValueError, "No Such Chip"):
            self.rules.evaluate({"date": "2025-04-10", "item": "No Such Chip", "destination": "CN"})
        with self.assertRaises(ValueError):
            self.rules.evaluate({"date": "2025-04-10", "item": "H20"})
        with self.assertRaises(TypeError):
            self.rules.evaluate({"date": object(), "item": "H20", "destination": "CN"})
        with self.assertRaises(TypeError):
            self.rules.evaluate(["not", "a", "dict"])

    def test_evaluate_many_matches_evaluate_in_order(self):
        sales = []
        for i in range(500):
            dest = ["CN", "AE", "DE", "IN", "RU"][i % 5]
            item = ["H20", "H100", "A100", "RTX 4090"][i % 4]
            sales.append({"date": "2024-%02d-15" % (i % 12 + 1), "item": item, "destination": dest})
        many = self.rules.evaluate_many(sales)
        self.assertEqual(len(many), len(sales))
        for sale, decision in zip(sales, many):
            self.assertEqual(decision, self.rules.evaluate(sale))
        self.assertEqual(self.rules.evaluate_many(sales, threads=1), many)
        self.assertEqual(self.rules.evaluate_many([]), [])

    def test_evaluate_many_errors(self):
        sales = [H20_CN, {"date": "2025-04-10", "item": "Nope", "destination": "CN"}, H20_CN]
        with self.assertRaisesRegex(ValueError, "sale 1: "):
            self.rules.evaluate_many(sales)
        out = self.rules.evaluate_many(sales, errors="return")
        self.assertEqual(out[1]["index"], 1)
        self.assertIn("Nope", out[1]["error"])
        self.assertEqual(out[0]["verdict"], "license_required")

    def test_evaluate_many_on_the_library_batch(self):
        # A sale given as JSON text may span lines; an error keeps that text's own line:column.
        text = '{\n  "date": "2025-04-10",\n  "item": "H2O", "destination": "CN"}'
        out = self.rules.evaluate_many([H20_CN, text], errors="return", threads=2)
        self.assertEqual(out[1], {"index": 1, "error": "3:11: unknown chip 'H2O'"})
        for threads in (-1, 100000):
            with self.assertRaisesRegex(ValueError, "threads must be between 1 and 1024"):
                self.rules.evaluate_many([H20_CN], threads=threads)

    def test_timeline(self):
        t = self.rules.timeline({"item": "H20", "destination": "CN"}, "2022-01-01", datetime.date(2026, 12, 31))
        self.assertEqual(t["item"], "NVIDIA H20")
        segments = t["segments"]
        self.assertEqual(segments[0]["from"], "2022-01-01")
        self.assertEqual(segments[-1]["until"], "2027-01-01")
        self.assertIn("license_required", [s["verdict"] for s in segments])
        for a, b in zip(segments, segments[1:]):
            self.assertEqual(a["until"], b["from"])
        with self.assertRaises(ValueError):
            self.rules.timeline({"item": "H20", "destination": "CN"}, "2026-01-01", "2025-01-01")

    def test_headroom(self):
        h = self.rules.headroom("CN", "2024-06-01", die_area_mm2=814)
        self.assertEqual(h["tpp_below"], 2400)
        self.assertEqual(h["rule"], "us-2023-3a090")
        with self.assertRaises(ValueError):
            self.rules.headroom("not a country", "2024-06-01")

    def test_chips_and_hash(self):
        chips = self.rules.chips()
        self.assertIn("NVIDIA H20", [c["model"] for c in chips])
        self.assertRegex(self.rules.hash, r"^[0-9a-f]{16}$")
        self.assertIn(self.rules.hash, repr(self.rules))

    def test_from_packs(self):
        paths = [os.path.join(SOURCE_DIR, "rules", name)
                 for name in sorted(os.listdir(os.path.join(SOURCE_DIR, "rules"))) if name.endswith(".toml")]
        self.assertEqual(exportctl.RuleSet.from_packs(paths, builtin=False).hash, self.rules.hash)
        with self.assertRaises(FileNotFoundError):
            exportctl.RuleSet.from_packs(["no/such/pack.toml"])
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "bad.toml")
            with open(bad, "w") as f:
                f.write('[pack]\nid = "bad"\nformat = 1\nno_such_key = 3\n')
            with self.assertRaisesRegex(ValueError, "bad.toml:"):
                exportctl.RuleSet.from_packs([bad])

    def test_version(self):
        self.assertRegex(exportctl.__version__, r"^\d+\.\d+\.\d+$")


if __name__ == "__main__":
    unittest.main()
