# Type stubs of the package exportctl (python/exportctl/): the public API, as _api.py defines it.
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

import pandas

from ._api import DateLike as DateLike, Decision as Decision, Errors, Sale as Sale, Trace

__version__: str

class RuleSet:
    """A compiled, immutable rule set: the built-in catalog and/or rule packs."""

    @classmethod
    def builtin(cls) -> RuleSet: ...
    @classmethod
    def from_packs(cls, paths: Iterable[Union[str, os.PathLike[str]]], builtin: bool = True) -> RuleSet: ...
    @property
    def hash(self) -> str: ...
    def evaluate(self, sale: Sale, *, trace: Trace = "fired", as_of: Optional[DateLike] = None) -> Decision: ...
    def evaluate_many(
        self,
        sales: Iterable[Sale],
        *,
        trace: Trace = "fired",
        as_of: Optional[DateLike] = None,
        threads: int = 0,
        errors: Errors = "raise",
    ) -> List[Decision]: ...
    def evaluate_table(
        self,
        table: Union[pandas.DataFrame, Mapping[str, Any]],
        *,
        as_of: Optional[DateLike] = None,
        threads: int = 0,
        trace: Trace = "fired",
    ) -> pandas.DataFrame: ...
    def timeline(
        self, sale: Sale, start: DateLike, end: DateLike, *, as_of: Optional[DateLike] = None
    ) -> Dict[str, Any]: ...
    def headroom(
        self,
        destination: str,
        date: DateLike,
        *,
        datacenter: bool = True,
        die_area_mm2: Optional[float] = None,
        as_of: Optional[DateLike] = None,
    ) -> Dict[str, Any]: ...
    def classify(self, item: str, date: DateLike, *, as_of: Optional[DateLike] = None) -> Dict[str, Any]: ...
    def chips(self) -> List[Dict[str, Any]]: ...
    def rules(self, *, date: Optional[DateLike] = None, as_of: Optional[DateLike] = None) -> List[Dict[str, Any]]: ...
    def entities(self, *, date: Optional[DateLike] = None, as_of: Optional[DateLike] = None) -> Dict[str, Any]: ...
    def test(self) -> Dict[str, Any]: ...

def to_frame(decisions: Iterable[Mapping[str, Any]]) -> pandas.DataFrame: ...
