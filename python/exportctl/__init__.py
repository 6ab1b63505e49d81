"""exportctl: export- and import-control rules on AI chips, as dated, cited data and a pure evaluator.

    import exportctl
    rules = exportctl.RuleSet.builtin()
    rules.evaluate({"date": "2025-04-10", "item": "H20", "destination": "CN"})["verdict"]
    rules.evaluate_many(sales, threads=2)          # a list of decision dicts, in order
    rules.classify("H20", "2025-04-10"), rules.timeline(...), rules.headroom("CN", "2024-06-01")
    rules.chips(), rules.rules(date="2025-01-01"), rules.entities(), rules.test()

The compiled library is the native module ``exportctl._exportctl``; :class:`RuleSet` (exportctl._api)
is its typed, documented face. See docs/python.md.
"""
from ._api import DateLike, Decision, RuleSet, Sale
from ._exportctl import __version__

__all__ = ["RuleSet", "Sale", "DateLike", "Decision", "__version__"]

try:  # columnar evaluation's helpers, when this build has them
    from .table import to_frame  # noqa: F401

    __all__.append("to_frame")
except ImportError:
    pass
