"""Screening order books on Dask: ``screen`` maps the columnar evaluation over partitions.

    import dask.dataframe as dd
    import exportctl.dask
    sales = dd.read_csv("book/*.csv", dtype=str, keep_default_na=False, na_values=[""])
    decisions = exportctl.dask.screen(sales, packs=["mine.toml"])    # a lazy Dask DataFrame
    decisions.to_csv("decisions/part-*.csv")

What travels to the workers is the rule packs' TEXT, never a compiled object: the client reads the
pack files and compiles them once itself (so that a bad pack fails here, with its file:line:column,
before any task runs) and notes the rule set's content hash. Each worker process compiles the texts
on first use (the packs written to a temporary folder, then ``RuleSet.from_packs``) and keeps the
rule set in a module-level cache keyed by the texts, so a worker compiles once per rule set whatever
the number of partitions. Before evaluating a partition the worker checks that its rule set's hash
equals the client's and fails the task otherwise: every row of a screen is decided by one rule set,
the one the client compiled, and carries its hash in the ``rule_set`` column (docs/integration.md).

A Dask DataFrame (columns of docs/csv.md) goes through ``RuleSet.evaluate_table``; a Dask Bag of
sale dicts (the JSON contract, nested objects and all: owners, several licenses, chip objects, which
a table row cannot hold) goes through ``evaluate_many`` and ``exportctl.to_frame``, the same columns.
"""
import os
import tempfile
import threading

import pandas as pd

from . import table as _table
from ._exportctl import RuleSet

_CACHE = {}  # (builtin, ((name, text), ...)) -> RuleSet, per worker process
_LOCK = threading.Lock()


def _read_packs(packs):
    """The packs as (file name, text) pairs, in order."""
    texts = []
    for path in packs:
        path = os.fspath(path)
        with open(path, encoding="utf-8") as f:
            texts.append((os.path.basename(path), f.read()))
    return tuple(texts)


def _compile(builtin, texts):
    if not texts:
        if not builtin:
            raise ValueError("no rules: give packs, or builtin=True")
        return RuleSet.builtin()
    with tempfile.TemporaryDirectory(prefix="exportctl-packs-") as folder:
        paths = []
        for i, (name, text) in enumerate(texts):
            paths.append(os.path.join(folder, "%03d-%s" % (i, name)))
            with open(paths[-1], "w", encoding="utf-8") as f:
                f.write(text)
        return RuleSet.from_packs(paths, builtin=builtin)


def worker_rules(builtin, texts, expected_hash):
    """The rule set of `texts` in this process, compiled on first use; raises RuntimeError when its
    hash is not `expected_hash` (the client's)."""
    key = (bool(builtin), texts)
    with _LOCK:
        rules = _CACHE.get(key)
        if rules is None:
            rules = _CACHE[key] = _compile(builtin, texts)
    if rules.hash != expected_hash:
        raise RuntimeError("exportctl: this worker's rule set %s is not the client's %s (another library "
                           "version or other packs): refusing to screen" % (rules.hash, expected_hash))
    return rules


def _screen_frame(df, builtin, texts, expected_hash, as_of, threads, trace):
    rules = worker_rules(builtin, texts, expected_hash)
    out = rules.evaluate_table(df, as_of=as_of, threads=threads, trace=trace)
    out["rule_set"] = pd.Categorical([expected_hash] * len(out), categories=[expected_hash])
    return out


def _screen_sales(sales, builtin, texts, expected_hash, as_of, threads, trace, columns):
    rules = worker_rules(builtin, texts, expected_hash)
    decisions = rules.evaluate_many(list(sales), trace=trace, as_of=as_of, threads=threads, errors="return")
    jurisdictions = [c[: -len("_verdict")] for c in columns if c.endswith("_verdict") and c != "verdict"]
    out = _table.to_frame(decisions, jurisdictions=jurisdictions)
    if "id" not in out:
        out.insert(0, "id", pd.Series([None] * len(out), dtype=object))
    out["rule_set"] = pd.Categorical([expected_hash] * len(out), categories=[expected_hash])
    return out[columns]


def _meta(rules, columns, expected_hash):
    """The empty frame of a screen's columns and dtypes; the combination columns' categories unknown."""
    import dask.dataframe as dd

    empty = {name: pd.Series([], dtype=object) for name in columns}
    meta = rules.evaluate_table(pd.DataFrame(empty))
    meta["rule_set"] = pd.Categorical([], categories=[expected_hash])
    return dd.utils.clear_known_categories(meta, cols=["license_exception", "conditions", "rules"])


def screen(sales, rules=None, *, packs=(), builtin=True, as_of=None, threads=1, trace="fired"):
    """Screens a Dask DataFrame (the columns of docs/csv.md) or a Dask Bag of sale dicts; returns a lazy
    Dask DataFrame of decisions, one row per sale, the columns of ``RuleSet.evaluate_table`` and
    ``rule_set`` (the content hash of the rule set that decided it).

    packs: rule pack files (TOML), applied after the built-in catalog when ``builtin``; their text is
    shipped to the workers. rules: optionally the client's compiled RuleSet, which must be the one of
    ``packs`` and ``builtin`` (checked by its hash). threads: evaluation threads per task (a worker
    runs as many tasks as it has threads: keep 1 unless workers have spare cores). as_of, trace: as
    ``evaluate_table``."""
    import dask.bag as db
    import dask.dataframe as dd

    texts = _read_packs(packs)
    compiled = _compile(builtin, texts)  # a bad pack fails here, on the client
    if rules is not None and rules.hash != compiled.hash:
        raise ValueError("rules (%s) is not the rule set of packs=%r, builtin=%r (%s): the workers compile "
                         "the packs' text, so give the packs it was compiled from" %
                         (rules.hash, list(packs), builtin, compiled.hash))
    expected = compiled.hash
    if isinstance(sales, dd.DataFrame):
        meta = _meta(compiled, list(sales.columns), expected)
        return sales.map_partitions(_screen_frame, builtin, texts, expected, as_of, threads, trace, meta=meta)
    if isinstance(sales, db.Bag):
        from dask import delayed

        meta = _meta(compiled, ["id", "date", "item", "destination"], expected)
        parts = [delayed(_screen_sales)(part, builtin, texts, expected, as_of, threads, trace, list(meta.columns))
                 for part in sales.to_delayed()]
        return dd.from_delayed(parts, meta=meta, verify_meta=False)
    raise TypeError("screen takes a Dask DataFrame or a Dask Bag, not %s" % type(sales).__name__)
