#!/usr/bin/env python3
"""Writes N contract sales as JSON Lines (deterministic): catalog chips by name, 30 destinations,
dates 2022-2026, buyers with and without owners, some licenses and notifications.

    bench/gen_sales.py 1000000 > /tmp/sales.jsonl
"""
import json
import random
import sys

CHIPS = ["A100", "A800", "H100", "H800", "H20", "H200", "B200", "L20", "L40S", "RTX Pro 6000D",
         "RTX 4090", "RTX 4090D", "RTX 5090D", "MI300X", "MI308X", "MI325X", "Ascend 910B", "Ascend 910C"]
DESTINATIONS = ["CN", "HK", "MO", "RU", "BY", "IR", "KP", "SY", "CU", "VE", "US", "DE", "FR", "GB", "JP",
                "KR", "TW", "IN", "AE", "SA", "SG", "VN", "MY", "TH", "ID", "BR", "MX", "IL", "AU", "CA"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    rng = random.Random(20251115)
    out = sys.stdout
    lines = []
    for i in range(n):
        dest = rng.choice(DESTINATIONS)
        year = rng.randint(2022, 2026)
        sale = {"date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "item": rng.choice(CHIPS),
                "quantity": rng.choice([1, 8, 100, 1000, 5000]), "unit_price_usd": rng.choice([9000, 12000, 25000]),
                "destination": dest}
        buyer = {"name": f"Buyer {rng.randint(1, 5000)} Co., Ltd.", "headquarters": rng.choice([dest, dest, dest, "CN", "US"])}
        if rng.random() < 0.3:
            buyer["owners"] = [{"name": rng.choice(["Inspur Group", "Example Holding", "Sugon"]), "percent": 60,
                                "owners": []}]
        sale["buyer"] = buyer
        if rng.random() < 0.1:
            sale["licenses"] = [{"jurisdiction": "US", "valid_from": "2023-01-01", "valid_until": "2027-01-01",
                                 "quantity": 10000}]
        if rng.random() < 0.05:
            sale["notifications"] = [{"exception": "NAC", "filed": "2024-01-01"}]
        lines.append(json.dumps(sale, separators=(",", ":")))
        if len(lines) == 10000:
            out.write("\n".join(lines) + "\n")
            lines = []
    if lines:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
