"""The Python queries give the fields `exportctl <command> --json` gives, on the same query.

Needs the command: EXPORTCTL_CLI names it (ctest sets it); skipped without it.
"""
import json
import os
import subprocess
import unittest

import exportctl

CLI = os.environ.get("EXPORTCTL_CLI")
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli_json(*args):
    out = subprocess.run([CLI, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


@unittest.skipUnless(CLI, "EXPORTCTL_CLI is not set")
class CliParityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = exportctl.RuleSet.builtin()

    def test_check(self):
        sale = os.path.join(SOURCE_DIR, "examples", "sales", "h20_2025.json")
        with open(sale) as f:
            text = f.read()
        self.assertEqual(self.rules.evaluate(json.loads(text)), cli_json("check", sale))
        self.assertEqual(self.rules.evaluate_many([text, json.loads(text)]), [cli_json("check", sale)] * 2)

    def test_classify(self):
        for item, date in (("H100", "2024-06-01"), ("H20", "2025-04-10"), ("RTX 4090", "2023-11-20")):
            self.assertEqual(self.rules.classify(item, date),
                             cli_json("classify", item, "--date", date, "--json"), item)
        self.assertEqual(self.rules.classify("H20", "2025-04-10", as_of="2025-01-01"),
                         cli_json("classify", "H20", "--date", "2025-04-10", "--as-of", "2025-01-01", "--json"))

    def test_timeline(self):
        self.assertEqual(self.rules.timeline({"item": "H20", "destination": "CN"}, "2022-01-01", "2026-11-23"),
                         cli_json("timeline", "--item", "H20", "--destination", "CN", "--from", "2022-01-01",
                                  "--to", "2026-11-23"))

    def test_headroom(self):
        self.assertEqual(self.rules.headroom("CN", "2024-06-01", die_area_mm2=814),
                         cli_json("headroom", "--destination", "CN", "--date", "2024-06-01", "--die-area", "814"))
        self.assertEqual(self.rules.headroom("AE", "2025-06-01", datacenter=False),
                         cli_json("headroom", "--destination", "AE", "--date", "2025-06-01", "--consumer"))

    def test_rules(self):
        self.assertEqual(self.rules.rules(), cli_json("rules", "--json"))
        self.assertEqual(self.rules.rules(date="2024-06-01", as_of="2024-01-01"),
                         cli_json("rules", "--date", "2024-06-01", "--as-of", "2024-01-01", "--json"))

    def test_chips(self):
        self.assertEqual(self.rules.chips(), cli_json("chips", "--json"))

    def test_entities(self):
        self.assertEqual(self.rules.entities(), cli_json("entities"))
        self.assertEqual(self.rules.entities(date="2024-06-01"), cli_json("entities", "--date", "2024-06-01"))

    def test_pack_tests(self):
        out = subprocess.run([CLI, "test"], check=True, capture_output=True, text=True).stdout
        t = self.rules.test()
        self.assertIn("%d passed, %d failed" % (t["passed"], t["failed"]), out)
        for rule in t["untested"]:
            self.assertIn("no test fires rule '%s'" % rule["rule"], out)


if __name__ == "__main__":
    unittest.main()
