#!/usr/bin/env python3
"""Verdicts for every catalog chip x destination x month, as a CSV and a heat map.

    PYTHONPATH=build/ci/python /usr/bin/python3 python/examples/heatmap.py \
        --csv heatmap.csv --png docs/heatmap.png

One evaluate_many call evaluates the whole grid (chips x destinations x months, on the 15th of
each month, for a datacenter buyer with no headquarters) on every core; the PNG has one panel per
destination, chips down, months across, one color per verdict.
"""
import argparse
import csv
import os
import sys

import exportctl

VERDICTS = [
    ("allowed", "#4caf50", "allowed"),
    ("allowed_with_conditions", "#a5d66f", "allowed with conditions"),
    ("notification_required", "#ffd54f", "notification required"),
    ("license_required", "#ff9800", "license required"),
    ("prohibited", "#d32f2f", "prohibited"),
    ("indeterminate", "#9e9e9e", "indeterminate (spec missing)"),
]
DESTINATIONS = {  # one or two of each kind the catalog tells apart, in that order
    "CN": "China", "HK": "Hong Kong", "MO": "Macau", "RU": "Russia", "IR": "Iran",
    "AE": "UAE", "SA": "Saudi Arabia", "VN": "Vietnam", "KZ": "Kazakhstan",
    "IN": "India", "SG": "Singapore", "DE": "Germany",
}


def parse_years(text):
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--destinations", default=",".join(DESTINATIONS),
                        help="comma-separated ISO codes (default: a dozen representative ones)")
    parser.add_argument("--years", default="2022-2026", help="a year or a range, e.g. 2022-2026")
    parser.add_argument("--rules", action="append", default=[], help="a rule pack to overlay (repeatable)")
    parser.add_argument("--csv", default="heatmap.csv", help="where to write the verdicts")
    parser.add_argument("--png", default="heatmap.png", help="where to write the heat map ('' for none)")
    args = parser.parse_args(argv)

    rules = exportctl.RuleSet.from_packs(args.rules) if args.rules else exportctl.RuleSet.builtin()
    chips = [c["model"] for c in rules.chips()]
    destinations = [d.strip().upper() for d in args.destinations.split(",") if d.strip()]
    months = ["%d-%02d" % (y, m) for y in parse_years(args.years) for m in range(1, 13)]

    sales = [{"date": month + "-15", "item": chip, "destination": dest}
             for dest in destinations for chip in chips for month in months]
    decisions = rules.evaluate_many(sales, trace="none")

    with open(args.csv, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["destination", "chip", "month", "verdict", "us", "cn"])
        for sale, d in zip(sales, decisions):
            j = d.get("jurisdictions", {})
            out.writerow([sale["destination"], sale["item"], sale["date"][:7], d["verdict"],
                          j.get("US", {}).get("verdict", ""), j.get("CN", {}).get("verdict", "")])
    print("%s: %d verdicts (%d chips x %d destinations x %d months), rule set %s"
          % (args.csv, len(decisions), len(chips), len(destinations), len(months), rules.hash))

    if args.png:
        plot(args.png, decisions, chips, destinations, months)
        print("%s: written" % args.png)
    return 0


def plot(path, decisions, chips, destinations, months):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    index = {v: i for i, (v, _, _) in enumerate(VERDICTS)}
    cmap = ListedColormap([color for _, color, _ in VERDICTS])
    norm = BoundaryNorm([i - 0.5 for i in range(len(VERDICTS) + 1)], cmap.N)
    short = [c.replace("NVIDIA ", "").replace("GeForce ", "") for c in chips]

    cols = 3 if len(destinations) > 4 else len(destinations)
    rows = (len(destinations) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5.6 * cols, 0.26 * len(chips) * rows + 1.6),
                             sharex=True, sharey=True, squeeze=False)
    years = sorted({m[:4] for m in months})
    per_panel = len(chips) * len(months)
    for k, dest in enumerate(destinations):
        ax = axes[k // cols][k % cols]
        block = decisions[k * per_panel:(k + 1) * per_panel]
        grid = [[index[block[c * len(months) + m]["verdict"]] for m in range(len(months))]
                for c in range(len(chips))]
        ax.imshow(grid, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
        ax.set_title("%s (%s)" % (DESTINATIONS.get(dest, dest), dest), fontsize=11, loc="left")
        for y in range(1, len(years)):
            ax.axvline(12 * y - 0.5, color="white", linewidth=1.2)
        ax.set_xticks([12 * y + 5.5 for y in range(len(years))])
        ax.set_xticklabels(years)
        ax.set_xticks([12 * y - 0.5 for y in range(len(years) + 1)], minor=True)
        ax.tick_params(axis="x", which="major", length=0)
        ax.tick_params(axis="x", which="minor", length=4)
        ax.set_yticks(range(len(chips)))
        ax.set_yticklabels(short, fontsize=8)
    for k in range(len(destinations), rows * cols):
        axes[k // cols][k % cols].axis("off")

    fig.suptitle("exportctl: verdict per chip and month, sold on the 15th to a datacenter buyer "
                 "with no headquarters", fontsize=13, y=0.995)
    fig.legend(handles=[Patch(color=color, label=label) for _, color, label in VERDICTS],
               loc="upper center", ncol=len(VERDICTS), frameon=False, fontsize=10,
               bbox_to_anchor=(0.5, 0.995 - 0.3 / fig.get_figheight()))
    fig.tight_layout(rect=(0, 0, 1, 1.0 - 0.75 / fig.get_figheight()))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
