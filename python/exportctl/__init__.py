"""exportctl: export- and import-control rules on AI chips, as dated, cited data and a pure evaluator.

    import exportctl
    rules = exportctl.RuleSet.builtin()
    rules.evaluate({"date": "2025-04-10", "item": "H20", "destination": "CN"})["verdict"]

The compiled library is the native module ``exportctl._exportctl``; this package is its public face.
"""
from ._exportctl import RuleSet, __version__
from .table import to_frame

__all__ = ["RuleSet", "__version__"]
