"""exportctl: export- and import-control rules on AI chips, as dated, cited data and a pure evaluator.

    import exportctl
    rules = exportctl.RuleSet.builtin()
    rules.evaluate({"date": "2025-04-10", "item": "H20", "destination": "CN"})["verdict"]
    rules.evaluate_many(sales, threads=2)          # a list of decision dicts, in order
    rules.classify("H20", "2025-04-10"), rules.timeline(...), rules.headroom("CN", "2024-06-01")
    rules.chips(), rules.rules(date="2025-01-01"), rules.entities(), rules.test()
    rules.evaluate_table(df, threads=2)           # a DataFrame in, a DataFrame of decisions out
    exportctl.dask.screen(ddf)                      # (import exportctl.dask) the same over Dask partitions

The compiled library is the native module ``exportctl._exportctl``; :class:`RuleSet` (exportctl._api)
is its typed, documented face. See docs/python.md.
"""
from ._api import DateLike, Decision, RuleSet, Sale
from ._exportctl import __version__
from .table import to_frame

__all__ = ["RuleSet", "Sale", "DateLike", "Decision", "to_frame", "__version__"]
