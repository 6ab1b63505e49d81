"""Tables of sales in, tables of decisions out (docs/columns.md).

    import exportctl, pandas as pd
    rules = exportctl.RuleSet.builtin()
    sales = pd.read_csv("orders.csv")                  # the columns of docs/csv.md
    decisions = rules.evaluate_table(sales, threads=2)  # a DataFrame, the same index
    decisions[decisions.error.notna()]                  # the bad rows, each with its error

``RuleSet.evaluate_table(table, *, as_of=None, threads=0, trace="fired")`` takes a pandas DataFrame,
a dict of lists or a dict of numpy arrays whose column names are the CSV order book's (``date``,
``item``, ``destination``, ``quantity``, ``buyer_name``, ``license_valid_from``, ...). A cell is read
as the same CSV cell is: text as it is, a number as its shortest decimal text, a boolean as
true/false, a date (datetime64, datetime.date) as YYYY-MM-DD. NaN, None, pandas.NA and NaT are
absent fields (a blank CSV cell): absent in an optional column, the field takes its default; absent
in a required one (date, item, destination) the row is an error ("no 'date'"), never a default.

The result has one row per input row, in order, and these columns:

- ``id`` (only when the input has one), as given;
- ``verdict`` (Categorical), ``allowed`` (bool; False for a bad row);
- per jurisdiction of the rule set ``us_verdict``, ``us_review_policy``, ``cn_verdict``, ... (Categorical;
  NaN when the jurisdiction is not in the decision or has no review policy);
- ``license_exception`` (Categorical: "NAC", ...; several as "NAC; LPP"; NaN for none);
- ``conditions`` (Categorical: the kinds of the decision's conditions joined by ' ', "" for none);
- the amounts of the first condition of each kind, float64, NaN when absent:
  ``revenue_share_percent``, ``revenue_share_usd``, ``import_duty_percent``, ``import_duty_usd``,
  ``volume_cap_percent``, ``volume_cap_units``, ``approval_quantity_units``, ``domestic_purchase_ratio``;
- ``rules`` (Categorical: the ids of the rules that fired, each once, in trace order, joined by
  ' '; "" when none did or with trace="none"); ``.str.split()`` gives the list;
- ``error``: None for a decided row, else "index LABEL, column 'NAME': message" (LABEL the row's
  index label).

Without pandas, a dict of numpy arrays of the same names (object arrays of strings for the
categorical columns). ``to_frame(decisions)`` gives the same columns from decision dicts
(``evaluate``, ``evaluate_many``).
"""
import numpy as np

try:
    import pandas as pd
except ImportError:  # pragma: no cover - pandas is optional
    pd = None

# ConditionKind order (include/exportctl/rule.h): the order of the kinds in ``conditions``.
CONDITION_KINDS = ("revenue_share", "volume_cap", "third_party_testing", "remote_access_kyc", "domestic_purchase",
                   "approval_quantity", "import_duty", "reexport_authorization")
# The amount columns: (column, condition kind, member of the JSON condition).
AMOUNTS = (("revenue_share_percent", "revenue_share", "percent"), ("revenue_share_usd", "revenue_share", "amount_usd"),
           ("import_duty_percent", "import_duty", "percent"), ("import_duty_usd", "import_duty", "amount_usd"),
           ("volume_cap_percent", "volume_cap", "percent"), ("volume_cap_units", "volume_cap", "max_units"),
           ("approval_quantity_units", "approval_quantity", "max_units"),
           ("domestic_purchase_ratio", "domestic_purchase", "ratio"))
VERDICTS = ("allowed", "allowed_with_conditions", "notification_required", "license_required", "prohibited",
            "indeterminate")
REVIEW_POLICIES = ("presumption_of_approval", "case_by_case", "presumption_of_denial")


def _absent():
    return (pd.NA, pd.NaT) if pd is not None else ()


def _numpy_column(name, values):
    """(name, kind, values, extra) of a numpy array or a list."""
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    kind = array.dtype.kind
    if kind in "fiu":
        return (name, "number", np.ascontiguousarray(array, dtype=np.float64), None)
    if kind == "b":
        return (name, "bool", np.ascontiguousarray(array, dtype=np.int8), None)
    if kind == "M":
        return (name, "days", array.astype("datetime64[D]").astype(np.int64), None)
    if kind != "O":  # numpy strings, or a list that numpy could not type: its objects as they are
        objects = np.empty(len(values), dtype=object)
        objects[:] = list(values) if not isinstance(values, np.ndarray) else values.astype(object)
        array = objects
    return (name, "object", array, None)


def _series_column(name, s):
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return (name, "codes", s.cat.codes.to_numpy(dtype=np.int32), list(s.cat.categories))
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return (name, "days", s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64), None)
    if isinstance(dtype, np.dtype) and dtype.kind in "fiub":
        return _numpy_column(name, s.to_numpy())
    # object, string, and the nullable extension types (Int64, boolean): their objects, NA absent
    return (name, "object", s.to_numpy(dtype=object), None)


def _columns(table):
    """The native columns of a table, its row count, its index (or None) and its ids (or None)."""
    if pd is not None and isinstance(table, pd.DataFrame):
        columns = [_series_column(str(name), table[name]) for name in table.columns]
        ids = table["id"].to_numpy() if "id" in table.columns else None
        return columns, len(table), table.index, ids
    if not isinstance(table, dict):
        raise TypeError("a table is a pandas DataFrame, or a dict of lists or numpy arrays")
    columns = [_numpy_column(str(name), values) for name, values in table.items()]
    lengths = {len(values) for values in table.values()}
    if len(lengths) > 1:
        raise ValueError("the columns of a table must have one length, not %s" % sorted(lengths))
    ids = np.asarray(table["id"]) if "id" in table else None
    return columns, lengths.pop() if lengths else 0, None, ids


def _categorical(codes, categories):
    if pd is not None:
        return pd.Categorical.from_codes(codes, categories=list(categories))
    names = np.array(list(categories) + [None], dtype=object)
    return names[np.where(codes < 0, len(categories), codes)]


def _error_column(raw, rows, index):
    errors = np.full(rows, None, dtype=object)
    for row, column, message in zip(raw["error_rows"], raw["error_columns"], raw["error_messages"]):
        label = index[row] if index is not None else row
        where = "index %s" % (label,) if column is None else "index %s, column '%s'" % (label, column)
        errors[row] = "%s: %s" % (where, message)
    return errors


def _assemble(raw, rows, index, ids):
    out = {}
    if ids is not None:
        out["id"] = ids
    out["verdict"] = _categorical(raw["verdict"], raw["verdicts"])
    out["allowed"] = raw["allowed"]
    for cc in raw["jurisdictions"]:
        out[cc + "_verdict"] = _categorical(raw[cc + "_verdict"], raw["verdicts"])
        out[cc + "_review_policy"] = _categorical(raw[cc + "_review_policy"], raw["review_policies"])
    out["license_exception"] = _categorical(raw["license_exception"], raw["license_exceptions"])
    out["conditions"] = _categorical(raw["conditions"], raw["condition_names"])
    for name in raw["amount_names"]:
        out[name] = raw[name]
    out["rules"] = _categorical(raw["rules"], raw["rule_combinations"])
    out["error"] = _error_column(raw, rows, index)
    if pd is None:
        return out
    return pd.DataFrame(out, index=index if index is not None else pd.RangeIndex(rows), copy=False)


def evaluate_table(rules, table, as_of=None, threads=0, trace="fired"):
    """RuleSet.evaluate_table (see the module's documentation)."""
    columns, rows, index, ids = _columns(table)
    raw = rules._evaluate_columns(columns, rows, _absent(), as_of, trace, threads)
    return _assemble(raw, rows, index, ids)


def _fired_rules(decision):
    seen = []
    for t in decision.get("trace") or ():
        if t.get("fired", True) and t.get("effect") not in ("not_applied", "out_of_scope") and t["rule"] not in seen:
            seen.append(t["rule"])
    return " ".join(seen)


def _decision_row(d, jurisdictions):
    row = {"verdict": d.get("verdict"), "allowed": bool(d.get("allowed", False))}
    per = d.get("jurisdictions") or {}
    for code in jurisdictions:
        j = per.get(code.upper()) or {}
        row[code + "_verdict"] = j.get("verdict")
        row[code + "_review_policy"] = j.get("review_policy")
    exceptions = [j["license_exception"] for j in per.values() if j.get("license_exception")]
    row["license_exception"] = "; ".join(exceptions) if exceptions else None
    conditions = d.get("conditions") or []
    kinds = {c["kind"] for c in conditions}
    row["conditions"] = " ".join(k for k in CONDITION_KINDS if k in kinds)
    for name, kind, member in AMOUNTS:
        first = next((c for c in conditions if c["kind"] == kind), {})
        value = first.get(member)
        row[name] = float(value) if value is not None else np.nan
    row["rules"] = _fired_rules(d)
    return row


def to_frame(decisions, *, index=None, jurisdictions=None):
    """The decisions of ``evaluate`` or ``evaluate_many`` (dicts; ``{"index", "error"}`` for a bad sale)
    as the columns of ``evaluate_table``. ``jurisdictions``: the lower-case codes of the per-jurisdiction
    columns (default: those the decisions name, in order of appearance)."""
    decisions = list(decisions)
    if jurisdictions is None:
        jurisdictions = []
        for d in decisions:
            for code in d.get("jurisdictions") or {}:
                if code.lower() not in jurisdictions:
                    jurisdictions.append(code.lower())
    columns = {}
    if any("id" in d for d in decisions):
        columns["id"] = [d.get("id") for d in decisions]
    blank = {"verdict": None, "allowed": False, "license_exception": None, "conditions": None, "rules": None}
    rows = []
    for d in decisions:
        rows.append(blank if "error" in d else _decision_row(d, jurisdictions))
    names = ["verdict", "allowed"] + [c + s for c in jurisdictions for s in ("_verdict", "_review_policy")]
    names += ["license_exception", "conditions"] + [a[0] for a in AMOUNTS] + ["rules"]
    for name in names:
        values = [r.get(name, np.nan if name in dict.fromkeys(a[0] for a in AMOUNTS) else None) for r in rows]
        if name == "allowed":
            columns[name] = np.array(values, dtype=bool)
        elif name in {a[0] for a in AMOUNTS}:
            columns[name] = np.array(values, dtype=np.float64)
        elif pd is not None:
            categories = VERDICTS if name.endswith("verdict") else REVIEW_POLICIES if name.endswith("policy") else None
            columns[name] = pd.Categorical(values, categories=categories)
        else:
            columns[name] = np.array(values, dtype=object)
    columns["error"] = np.array([d.get("error") for d in decisions], dtype=object)
    if pd is None:
        return columns
    return pd.DataFrame(columns, index=index)
