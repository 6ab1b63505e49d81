"""The public classes of exportctl: typed, documented wrappers over the native module.

Every method delegates to ``exportctl._exportctl`` (python/exportctl_module.cc), which calls the C
API (include/exportctl/c_api.h). The JSON the library writes is read into dicts in C++; the
answers are the JSON contract's (docs/json.md), the same fields as ``exportctl <command> --json``.
"""
from __future__ import annotations

import datetime
import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Union

from . import _exportctl

#: A sale: a dict of the JSON contract (docs/json.md), or a str that holds one JSON object.
Sale = Union[Mapping[str, Any], str]
#: A day: "YYYY-MM-DD", or a ``datetime.date`` (a ``datetime`` or ``pandas.Timestamp``: its day).
DateLike = Union[str, datetime.date]
#: A decision of the JSON contract: "allowed", "verdict", "date", "item", "classification",
#: "jurisdictions", "conditions", "trace", "rule_set", ... (docs/json.md).
Decision = Dict[str, Any]
Trace = Literal["none", "fired", "full"]
Errors = Literal["raise", "return"]


class RuleSet:
    """A compiled, immutable rule set: the built-in catalog and/or rule packs.

    Safe to share between threads; every evaluation releases the GIL. Make one with
    :meth:`builtin` or :meth:`from_packs` (compiling costs milliseconds, evaluating microseconds:
    keep one and reuse it).
    """

    __slots__ = ("_native",)

    def __init__(self, native: Any) -> None:
        """Private: use :meth:`RuleSet.builtin` or :meth:`RuleSet.from_packs`."""
        if not isinstance(native, _exportctl.RuleSet):
            raise TypeError("use exportctl.RuleSet.builtin() or exportctl.RuleSet.from_packs(...)")
        self._native = native

    @classmethod
    def builtin(cls) -> RuleSet:
        """The built-in catalog: the US and Chinese measures of 2022-2026 and their chips."""
        return cls(_exportctl.RuleSet.builtin())

    @classmethod
    def from_packs(cls, paths: Iterable[Union[str, os.PathLike[str]]], builtin: bool = True) -> RuleSet:
        """Compiles rule packs (TOML files, docs/rule-packs.md) applied in the order given.

        Args:
            paths: the pack files.
            builtin: apply them on top of the built-in catalog (True) or on their own (False).

        Raises:
            FileNotFoundError: a path that is not a file.
            ValueError: a bad pack, as "file:line:column: message".
        """
        return cls(_exportctl.RuleSet.from_packs(list(paths), builtin))

    @property
    def hash(self) -> str:
        """The content hash of the rules, 16 hex digits; every decision's ``rule_set.hash``."""
        return self._native.hash

    def evaluate(self, sale: Sale, *, trace: Trace = "fired", as_of: Optional[DateLike] = None) -> Decision:
        """Evaluates one sale and returns its decision.

        Args:
            sale: a dict of the JSON contract (``date``, ``item``, ``destination`` are required;
                ``quantity``, ``unit_price_usd``, ``buyer``, ``licenses``, ... are optional), or a
                JSON string. A ``None`` or NaN value (or pandas' NaT/NA) means the field is absent:
                an absent optional field is simply not given, an absent required one is an error.
                Dates may be ``datetime.date`` values.
            trace: "fired" (the rules that decided), "full" (every rule evaluated, with its
                thresholds) or "none" (no trace: fastest).
            as_of: evaluate with what was known on that day (rules announced later are ignored).

        Returns:
            The decision dict (docs/json.md): "allowed", "verdict", "jurisdictions", "conditions",
            "trace", "rule_set", ...

        Raises:
            ValueError: an unusable sale (unknown chip or country, bad date, missing field, ...).
            TypeError: a value that cannot be written as JSON.
        """
        return self._native.evaluate(sale, trace=trace, as_of=as_of)

    def evaluate_many(self, sales: Iterable[Sale], *, trace: Trace = "fired", as_of: Optional[DateLike] = None,
                      threads: int = 0, errors: Errors = "raise") -> List[Decision]:
        """Evaluates many sales on several threads (the GIL released); the decisions in input order.

        This is the library's batch pipeline (``exportctl batch``). The decisions of one call share
        one ``rule_set`` dict object (it is the same for all of them): treat it as read-only.

        Args:
            sales: dicts or JSON strings, as for :meth:`evaluate`; ``None``/NaN values are absent
                (``pandas.read_json(..., lines=True).to_dict("records")`` works as it comes).
            trace: as for :meth:`evaluate`; "none" is the fastest for bulk runs.
            as_of: as for :meth:`evaluate`.
            threads: worker threads; 0 for one per hardware thread, else 1 to 1024.
            errors: "raise" raises on the first bad sale (by index) after evaluating the others;
                "return" puts ``{"index": i, "error": message}`` in place of each bad sale, whether
                the library refused it or it could not be written as JSON.

        Raises:
            ValueError: (errors="raise") "sale I: message" for the first unusable sale.
            TypeError: (errors="raise") "sale I: ..." for a value that cannot be written as JSON.
        """
        return self._native.evaluate_many(sales, trace=trace, as_of=as_of, threads=threads, errors=errors)

    def evaluate_table(
        self, table: Any, *, as_of: Optional[DateLike] = None, threads: int = 0, trace: Trace = "fired"
    ) -> Any:
        """Evaluates a table of sales without a dict per sale (docs/columns.md).

        Args:
            table: a pandas DataFrame, or a dict of lists or numpy arrays, whose columns are named as
                an order book's CSV header (docs/csv.md: date, item, quantity, destination,
                buyer_name, license_id, ...). NaN, None, pandas.NA and NaT are absent fields.
            as_of: as for :meth:`evaluate`.
            threads: worker threads, 0 for one per hardware thread; the GIL is released.
            trace: "fired" fills the ``rules`` column with the fired rules' ids; "none" leaves it
                empty and is faster.

        Returns:
            A DataFrame with the input's index: verdict, allowed, each jurisdiction's verdict and
            review policy, license_exception, conditions and their amounts, rules (ids joined by
            " "), error (None for a decided row, else "index LABEL, column 'NAME': message"); a dict
            of numpy arrays when pandas is not installed.
        """
        return self._native.evaluate_table(table, as_of=as_of, threads=threads, trace=trace)

    def timeline(self, sale: Sale, start: DateLike, end: DateLike, *, as_of: Optional[DateLike] = None) -> Dict[str, Any]:
        """How the decision on a sale changes over [start, end] (``exportctl timeline --json``).

        Args:
            sale: as for :meth:`evaluate`; its ``date`` may be left out (it is ignored).
            start: the first day.
            end: the last day (inclusive); not before ``start``.
            as_of: as for :meth:`evaluate`.

        Returns:
            ``{"item", "destination", "segments": [{"from", "until", "verdict", "review_policy"?,
            "license_exception"?, "jurisdictions", "conditions"?, "missing"?, "rules"}]}``;
            ``until`` is exclusive.
        """
        return self._native.timeline(sale, start, end, as_of=as_of)

    def headroom(self, destination: str, date: DateLike, *, datacenter: bool = True,
                 die_area_mm2: Optional[float] = None, as_of: Optional[DateLike] = None) -> Dict[str, Any]:
        """The largest TPP (and PD) a chip may have and still need no license or notification.

        Args:
            destination: ISO 3166-1 alpha-2 code, e.g. "CN".
            date: the day.
            datacenter: a datacenter chip (True) or one not designed or marketed for datacenters.
            die_area_mm2: the applicable die area in mm², when known (for the PD bound).
            as_of: as for :meth:`evaluate`.

        Returns:
            ``exportctl headroom``'s JSON: ``{"destination", "date", "datacenter", "die_area_mm2",
            "tpp_below", "pd_below"?, "rule"}``.
        """
        return self._native.headroom(destination, date, datacenter=datacenter, die_area_mm2=die_area_mm2,
                                     as_of=as_of)

    def classify(self, item: str, date: DateLike, *, as_of: Optional[DateLike] = None) -> Dict[str, Any]:
        """The US classification of a chip on a day (``exportctl classify --json``).

        Args:
            item: a catalog chip's name or alias ("H20", "NVIDIA H100"), or a chip as a JSON object
                string (docs/json.md).
            date: the day.
            as_of: as for :meth:`evaluate`.

        Returns:
            ``{"item", "date", "classification": {"US": "3A090.a" | "3A090.b" | "none" |
            "indeterminate"}, "rule", "missing"?}``.
        """
        return self._native.classify(item, date, as_of=as_of)

    def chips(self) -> List[Dict[str, Any]]:
        """The chip catalog (``exportctl chips --json``): ``[{"model", "vendor", "origin",
        "datacenter", "tpp", "performance_density", "aliases", "modeled"?}]``, ``None`` for what is
        unknown."""
        return self._native.chips()

    def rules(self, *, date: Optional[DateLike] = None, as_of: Optional[DateLike] = None) -> List[Dict[str, Any]]:
        """The rules (``exportctl rules --json``): ``[{"id", "jurisdiction", "effect", "legal_force",
        "from", "until", "announced", "citations", "modeled"?}]``.

        Args:
            date: only the rules in force on that day; all of them when None.
            as_of: only the rules announced by that day.
        """
        return self._native.rules(date=date, as_of=as_of)

    def entities(self, *, date: Optional[DateLike] = None, as_of: Optional[DateLike] = None) -> Dict[str, Any]:
        """The screened parties (``exportctl entities``): ``{"source": {"packs", "coverage"},
        "entities": [{"name", "aliases", "country", "listings", "pack"}], "ownership": [...]}``.

        Args:
            date: only the listings and ownership edges in force on that day; all when None.
            as_of: leave out the listings not yet announced on that day.
        """
        return self._native.entities(date=date, as_of=as_of)

    def test(self) -> Dict[str, Any]:
        """Runs the rule packs' own tests (``exportctl test``): ``{"passed": int, "failed": int,
        "failures": [{"test", "location", "failure"}], "untested": [{"rule", "location"}]}``.
        A failed test is reported, not raised."""
        return self._native.test()

    def __repr__(self) -> str:
        return "<exportctl.RuleSet %s>" % self.hash

