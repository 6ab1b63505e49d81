"""Tests of the Python package (python/exportctl/, python/exportctl_module.cc). Run with PYTHONPATH at it."""
import datetime
import inspect
import math
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
        with self.assertRaisesRegex(ValueError, "not finite"):
            self.rules.evaluate({"date": "2025-04-10", "item": "H20", "destination": "CN", "quantity": math.inf})
        with self.assertRaises(TypeError):
            self.rules.evaluate(["not", "a", "dict"])

    def test_none_and_nan_are_absent(self):
        base = self.rules.evaluate(H20_CN)
        for absent in (None, math.nan, float("nan")):
            sale = dict(H20_CN, quantity=absent, unit_price_usd=absent, buyer=absent, end_use=absent)
            self.assertEqual(self.rules.evaluate(sale), base)
            self.assertEqual(self.rules.evaluate_many([sale]), [base])
        nested = dict(H20_CN, buyer={"name": "Example Cloud Co", "headquarters": None, "sector": math.nan})
        self.assertEqual(self.rules.evaluate(nested)["verdict"], "license_required")
        # An absent required field is still an error: fail closed.
        with self.assertRaisesRegex(ValueError, "destination"):
            self.rules.evaluate({"date": "2025-04-10", "item": "H20", "destination": None})

    def test_evaluate_many_conversion_errors_have_their_index(self):
        sales = [H20_CN, dict(H20_CN, date=object()), H20_CN, dict(H20_CN, quantity=math.inf), H20_CN]
        out = self.rules.evaluate_many(sales, errors="return", threads=2)
        self.assertEqual(len(out), 5)
        self.assertEqual(out[1]["index"], 1)
        self.assertIn("cannot write a object", out[1]["error"])
        self.assertEqual(out[3], {"index": 3, "error": "sale has a number that is not finite"})
        for i in (0, 2, 4):
            self.assertEqual(out[i]["verdict"], "license_required")
        with self.assertRaisesRegex(TypeError, "^sale 1: cannot write"):
            self.rules.evaluate_many(sales)
        # The first bad sale by index, whether the library or the conversion refused it.
        mixed = [H20_CN, dict(H20_CN, item="Nope"), dict(H20_CN, quantity=math.inf)]
        with self.assertRaisesRegex(ValueError, "^sale 1: .*Nope"):
            self.rules.evaluate_many(mixed)
        # A library error's index counts every sale, those that could not be converted too.
        out = self.rules.evaluate_many([dict(H20_CN, quantity=math.inf), dict(H20_CN, item="Nope")], errors="return")
        self.assertEqual(out[1]["index"], 1)
        self.assertIn("Nope", out[1]["error"])

    def test_evaluate_many_shares_one_rule_set_dict(self):
        out = self.rules.evaluate_many([H20_CN] * 3)
        self.assertIs(out[0]["rule_set"], out[2]["rule_set"])
        self.assertEqual(out[0]["rule_set"]["hash"], self.rules.hash)
        self.assertIsNot(out[0], out[1])

    def test_pandas_records(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas is not installed")
        import io
        lines = "\n".join([
            '{"date": "2025-04-10", "item": "H20", "destination": "CN", "quantity": 10}',
            '{"date": "2025-04-10", "item": "H100", "destination": "AE", "buyer": {"name": "Kestrel AI"}}',
            '{"date": "2025-04-10", "item": "Nope", "destination": "CN"}',
        ])
        records = pd.read_json(io.StringIO(lines), lines=True).to_dict("records")
        out = self.rules.evaluate_many(records, errors="return")
        self.assertEqual(out[0]["verdict"], "license_required")
        self.assertEqual(out[1]["verdict"], self.rules.evaluate(
            {"date": "2025-04-10", "item": "H100", "destination": "AE", "buyer": {"name": "Kestrel AI"}})["verdict"])
        self.assertEqual(out[2]["index"], 2)
        self.assertIn("Nope", out[2]["error"])

    def test_decisions_match_the_json_module(self):
        import json
        sale = dict(H20_CN, quantity=1000, unit_price_usd=12000, buyer={"name": "Caf\u00e9 \"Quoted\" \\ Co"})
        d = self.rules.evaluate(sale, trace="full")
        self.assertEqual(json.loads(json.dumps(d)), d)
        self.assertEqual(self.rules.evaluate_many([json.dumps(sale)], trace="full"), [d])

    def test_classify_rules_entities_and_tests(self):
        c = self.rules.classify("H100", "2024-06-01")
        self.assertEqual(c["classification"]["US"], "3A090.a")
        self.assertEqual(c["item"], "NVIDIA H100")
        with self.assertRaisesRegex(ValueError, "unknown chip"):
            self.rules.classify("Nope", "2024-06-01")
        every = self.rules.rules()
        in_force = self.rules.rules(date=datetime.date(2024, 6, 1))
        self.assertLess(len(in_force), len(every))
        self.assertIn("us-2023-3a090", [r["id"] for r in in_force])
        entities = self.rules.entities()
        self.assertIn("coverage", entities["source"])
        self.assertTrue(entities["entities"])
        t = self.rules.test()
        self.assertGreater(t["passed"], 0)
        self.assertEqual(t["failed"], 0)
        self.assertEqual(t["failures"], [])

    def test_signatures_are_typed_and_documented(self):
        sig = inspect.signature(exportctl.RuleSet.evaluate_many)
        self.assertEqual(list(sig.parameters), ["self", "sales", "trace", "as_of", "threads", "errors"])
        self.assertIn("Iterable", str(sig.parameters["sales"].annotation))
        self.assertIn("List[Decision]", str(sig.return_annotation))
        for name in ("evaluate", "evaluate_many", "timeline", "headroom", "classify", "chips", "rules", "entities",
                     "test", "from_packs"):
            self.assertGreater(len(inspect.getdoc(getattr(exportctl.RuleSet, name)) or ""), 40, name)
        package = os.path.dirname(exportctl.__file__)
        self.assertTrue(os.path.isfile(os.path.join(package, "py.typed")))
        self.assertTrue(os.path.isfile(os.path.join(package, "__init__.pyi")))

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
