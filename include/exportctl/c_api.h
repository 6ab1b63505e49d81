/* The C API: exportctl for C and for any language with a C foreign-function interface.
 *
 * Opaque handles, JSON in and out (docs/json.md), plain status codes; no C++ exception
 * ever crosses this boundary. A handle is immutable once opened: any number of threads may
 * evaluate on one handle at the same time.
 *
 *   char* error = NULL;
 *   exportctl_rules* rules = exportctl_open_builtin(&error);
 *   if (!rules) { fprintf(stderr, "%s\n", error); exportctl_free(error); return 1; }
 *   char* decision = NULL;
 *   if (exportctl_evaluate(rules, "{\"date\":\"2025-04-10\",\"item\":\"H20\",\"destination\":\"CN\"}",
 *                          NULL, &decision, &error) == EXPORTCTL_OK) {
 *     puts(decision);  // {"allowed":false,"verdict":"license_required",...}
 *     exportctl_free(decision);
 *   } else {
 *     fprintf(stderr, "%s\n", error);
 *     exportctl_free(error);
 *   }
 *   exportctl_close(rules);
 *
 * Strings returned through `char**` are allocated by the library: release each with
 * exportctl_free. Error messages are one line, lower case, without a final period. Link
 * exportctl::exportctl (a C++ library: link with the C++ driver, or add the C++ runtime).
 */
#ifndef EXPORTCTL_C_API_H_
#define EXPORTCTL_C_API_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A compiled, immutable rule set. */
typedef struct exportctl_rules exportctl_rules;

/* Status codes. */
enum {
  EXPORTCTL_OK = 0,
  EXPORTCTL_INVALID_ARGUMENT = 1, /* unusable input: bad JSON, unknown chip or country, bad date */
  EXPORTCTL_NOT_FOUND = 2,        /* a pack file that cannot be read */
  EXPORTCTL_INTERNAL = 3          /* out of memory or a bug */
};

/* Trace levels (exportctl_eval_options.trace). */
enum {
  EXPORTCTL_TRACE_NONE = 0,  /* fastest: no "trace" entries */
  EXPORTCTL_TRACE_FIRED = 1, /* the rules that changed the outcome (the default) */
  EXPORTCTL_TRACE_FULL = 2   /* every rule evaluated, with the thresholds it read */
};

/* Options of the evaluating calls. Passing NULL means: trace fired, no as-of date, compact JSON. */
typedef struct exportctl_eval_options {
  int trace;         /* EXPORTCTL_TRACE_* */
  const char* as_of; /* "YYYY-MM-DD": what was known that day; NULL or "" for everything */
  int pretty;        /* non-zero: indented JSON (exportctl_evaluate; the queries write compact JSON) */
} exportctl_eval_options;

/* The library version, e.g. "0.1.0". Static storage: do not free. */
const char* exportctl_version(void);

/* The built-in catalog. Returns NULL on failure and, if `error` is not NULL, sets *error. */
exportctl_rules* exportctl_open_builtin(char** error);

/* Rule packs read from `pack_paths[0..count)`, applied in order after the built-in catalog when
 * `builtin` is non-zero, or on their own when it is zero. Returns NULL on failure (an unreadable
 * file, a "file:line:column: message" for a bad pack) and, if `error` is not NULL, sets *error. */
exportctl_rules* exportctl_open(const char* const* pack_paths, size_t count, int builtin, char** error);

/* Releases a handle. NULL is allowed. No evaluation may be running on it. */
void exportctl_close(exportctl_rules* rules);

/* The rule set's content hash, 16 hex digits. Valid as long as the handle. */
const char* exportctl_rules_hash(const exportctl_rules* rules);

/* The catalog chips as `exportctl chips --json` prints them: a JSON array of {"model", "vendor",
 * "origin", "datacenter", "tpp", "performance_density", "aliases", "modeled"?} objects, in
 * catalog order, null for what is unknown. Sets *out_json; returns a status code. */
int exportctl_chips(const exportctl_rules* rules, char** out_json, char** error);

/* Evaluates one sale (a JSON object of the contract) and sets *out_json to the decision.
 * On failure returns a non-zero status and, if `error` is not NULL, sets *error
 * ("LINE:COLUMN: message" for bad JSON). Thread-safe. */
int exportctl_evaluate(const exportctl_rules* rules, const char* sale_json, const exportctl_eval_options* options,
                       char** out_json, char** error);

/* Evaluates `count` sales (each a JSON object of the contract; it may span lines) on `threads`
 * worker threads (0: one per hardware thread; at most 1024) and sets *out_json to a JSON array of
 * `count` elements in input order: the compact decision of each usable sale, or
 * {"index": I, "error": "LINE:COLUMN: message"} in place of a bad one (I counts from 0). A bad
 * sale does not fail the call: if `bad_count` is not NULL, *bad_count is set to their number.
 * options->pretty is ignored. Thread-safe; the pipeline is exportctl batch's (docs/integration.md). */
int exportctl_evaluate_batch(const exportctl_rules* rules, const char* const* sales_json, size_t count,
                             const exportctl_eval_options* options, int threads, size_t* bad_count, char** out_json,
                             char** error);

/* The intervals over [from, to] (inclusive, "YYYY-MM-DD") on which the decision on the sale
 * stays the same, as the contract's timeline JSON (`exportctl timeline`, compact): {"item",
 * "destination", "segments": [{"from", "until", "verdict", "review_policy"?, "license_exception"?,
 * "jurisdictions", "conditions"?, "missing"?, "rules"}]}. The sale's "date" may be
 * left out; it is ignored. Thread-safe. */
int exportctl_timeline(const exportctl_rules* rules, const char* sale_json, const char* from, const char* to,
                       const exportctl_eval_options* options, char** out_json, char** error);

/* The largest TPP a chip may have and still need neither a license nor a notification, as the
 * contract's headroom JSON. `destination` is an ISO 3166-1 alpha-2 code, `date` "YYYY-MM-DD",
 * `datacenter` non-zero for a datacenter chip, `die_area_mm2` <= 0 when unknown. Thread-safe. */
int exportctl_headroom(const exportctl_rules* rules, const char* destination, const char* date, int datacenter,
                       double die_area_mm2, const exportctl_eval_options* options, char** out_json, char** error);

/* The US classification of a chip on `date` ("YYYY-MM-DD"), as `exportctl classify --json` prints
 * it (compact): {"item", "date", "classification": {"US": ...}, "rule", "missing"?}. `item` is a
 * catalog chip's name or alias, or a chip JSON object ("{...}", docs/json.md). options->as_of
 * applies; the trace level does not. Thread-safe. */
int exportctl_classify(const exportctl_rules* rules, const char* item, const char* date,
                       const exportctl_eval_options* options, char** out_json, char** error);

/* The rules as `exportctl rules --json` prints them (compact): [{"id", "jurisdiction", "effect",
 * "legal_force", "from", "until", "announced", "citations", "modeled"?}, ...]. With a `date`
 * ("YYYY-MM-DD"), the rules in force that day; with NULL or "", every rule. options->as_of, when
 * given, keeps only what was announced by that day. Thread-safe. */
int exportctl_rules_list(const exportctl_rules* rules, const char* date, const exportctl_eval_options* options,
                         char** out_json, char** error);

/* The screened parties as `exportctl entities` prints them (compact): {"source": {"packs",
 * "coverage"}, "entities": [...], "ownership": [...]}. With a `date`, only the listings and edges
 * in force that day (NULL or "": all); options->as_of leaves out what was not yet known. */
int exportctl_entities(const exportctl_rules* rules, const char* date, const exportctl_eval_options* options,
                       char** out_json, char** error);

/* Runs the rule packs' own tests, as `exportctl test` does: {"passed": N, "failed": M, "failures":
 * [{"test", "location", "failure"}], "untested": [{"rule", "location"}]} ("location" is
 * "file:line:column", or null when unknown; "untested" are the rules no test fires). A failed test
 * is not a failed call. Thread-safe. */
int exportctl_run_tests(const exportctl_rules* rules, char** out_json, char** error);

/* Frees a string the library returned. NULL is allowed. */
void exportctl_free(char* text);

/* ---- Columnar evaluation (docs/columns.md) ------------------------------------------------------
 *
 * A table of `rows` sales as columns in, a table of decisions as arrays out: no JSON, no string
 * per decision. The column names are the CSV order book's (docs/csv.md: "date", "item",
 * "destination", "quantity", "buyer_name", "license_valid_from", ...); a cell is read exactly as
 * the same CSV cell is, and an absent cell (NULL text, NaN, a negative code or bool) is an absent
 * field, never a default for a required one.
 *
 *   const char* dates[] = {"2025-04-10", "2025-04-10"}, *items[] = {"H20", "H100"}, *dest[] = {"CN", NULL};
 *   exportctl_column cols[3] = {{"date", EXPORTCTL_COLUMN_TEXT}, {"item", EXPORTCTL_COLUMN_TEXT},
 *                               {"destination", EXPORTCTL_COLUMN_TEXT}};
 *   cols[0].text = dates; cols[1].text = items; cols[2].text = dest;
 *   exportctl_decision_columns* out = NULL;
 *   if (exportctl_evaluate_columns(rules, cols, 3, 2, NULL, 0, &out, &error) == EXPORTCTL_OK) {
 *     out->verdict[0];            EXPORTCTL_VERDICT_LICENSE_REQUIRED
 *     out->error_count;           1: row 1 has no destination (out->error_rows[0] == 1)
 *     exportctl_decision_columns_free(out);
 *   }
 */

/* Column kinds (exportctl_column.kind). */
enum {
  EXPORTCTL_COLUMN_TEXT = 0,   /* text[row]: UTF-8, NUL-terminated or of text_sizes[row] bytes; NULL = absent */
  EXPORTCTL_COLUMN_NUMBER = 1, /* numbers[row]; NaN = absent (an integer field takes a whole number) */
  EXPORTCTL_COLUMN_BOOL = 2,   /* bools[row]: 0 false, 1 true, anything else absent */
  EXPORTCTL_COLUMN_CODES = 3   /* codes[row]: an index into dictionary[0..dictionary_count); < 0 = absent */
};

/* One input column: its name, its kind and the data that kind reads (`rows` cells; not copied). */
typedef struct exportctl_column {
  const char* name;
  int kind;
  const char* const* text;       /* TEXT */
  const size_t* text_sizes;      /* TEXT, optional: the byte size of each cell (NULL: NUL-terminated) */
  const double* numbers;         /* NUMBER */
  const signed char* bools;      /* BOOL */
  const int* codes;              /* CODES */
  const char* const* dictionary; /* CODES: NUL-terminated UTF-8 */
  size_t dictionary_count;
} exportctl_column;

/* Verdict codes (exportctl_decision_columns.verdict), least to most restrictive; -1: no verdict. */
enum {
  EXPORTCTL_VERDICT_ALLOWED = 0,
  EXPORTCTL_VERDICT_ALLOWED_WITH_CONDITIONS = 1,
  EXPORTCTL_VERDICT_NOTIFICATION_REQUIRED = 2,
  EXPORTCTL_VERDICT_LICENSE_REQUIRED = 3,
  EXPORTCTL_VERDICT_PROHIBITED = 4,
  EXPORTCTL_VERDICT_INDETERMINATE = 5
};

/* Review policy codes (exportctl_decision_columns.review_policy); -1: none. */
enum {
  EXPORTCTL_REVIEW_PRESUMPTION_OF_APPROVAL = 0,
  EXPORTCTL_REVIEW_CASE_BY_CASE = 1,
  EXPORTCTL_REVIEW_PRESUMPTION_OF_DENIAL = 2
};

/* The decisions of exportctl_evaluate_columns, an array per output, each of `rows` entries unless
 * said otherwise. Owned by the library: read it, then release it with
 * exportctl_decision_columns_free. A bad row has verdict -1, allowed 0, every code -1, NaN
 * amounts, no rules, and its error among error_*. */
typedef struct exportctl_decision_columns {
  size_t rows;
  const signed char* verdict;   /* EXPORTCTL_VERDICT_*, -1 for a bad row */
  const unsigned char* allowed; /* 1 iff the sale is allowed (0 for a bad row: fail closed) */
  size_t jurisdiction_count;
  const char* const* jurisdictions;               /* "US", "CN", ...: the rule set's */
  const signed char* const* jurisdiction_verdict; /* [j][row]: EXPORTCTL_VERDICT_*, -1 not in the decision */
  const signed char* const* review_policy;        /* [j][row]: EXPORTCTL_REVIEW_*, -1 none */
  const int* license_exception;                   /* into license_exceptions, -1 none */
  const char* const* license_exceptions;          /* "NAC", "ACA", "LPP"; several as "NAC; LPP" */
  size_t license_exception_count;
  const unsigned* condition_kinds; /* bit k: a condition of kind k (revenue_share 0, volume_cap 1,
                                      third_party_testing 2, remote_access_kyc 3, domestic_purchase 4,
                                      approval_quantity 5, import_duty 6, reexport_authorization 7) */
  size_t amount_count;
  const char* const* amount_names; /* "revenue_share_percent", "revenue_share_usd", ... */
  const double* const* amounts;    /* [a][row]; NaN when the decision has no such amount */
  const size_t* rule_offsets;      /* rows + 1 entries: row r fired rule_index[rule_offsets[r] .. rule_offsets[r+1]) */
  const int* rule_index;           /* into rule_ids */
  const char* const* rule_ids;     /* the rule set's rule ids */
  size_t rule_id_count;
  size_t error_count;        /* the bad rows, in row order: */
  const size_t* error_rows;  /* the row (0-based) */
  const int* error_columns;  /* the input column (index into `columns`), -1 when at none */
  const char* const* errors; /* the message without its position, e.g. "unknown chip 'H2O'" */
  void* owner;               /* the library's: do not change */
} exportctl_decision_columns;

/* Evaluates the table of `column_count` columns and `rows` rows on `threads` worker threads (0: one
 * per hardware thread; at most 1024), the results in row order whatever the thread count, and sets
 * *out. A bad row does not fail the call (it is among out->error_*); the call fails
 * (EXPORTCTL_INVALID_ARGUMENT and *error) for a table that is not one of sales: an unknown or
 * repeated column name, no date, item or destination column, a column without its data, an
 * unknown kind. options->trace EXPORTCTL_TRACE_NONE leaves the rules empty (and is fastest);
 * options->pretty is ignored. Thread-safe. */
int exportctl_evaluate_columns(const exportctl_rules* rules, const exportctl_column* columns, size_t column_count,
                               size_t rows, const exportctl_eval_options* options, int threads,
                               exportctl_decision_columns** out, char** error);

/* Releases what exportctl_evaluate_columns returned. NULL is allowed. */
void exportctl_decision_columns_free(exportctl_decision_columns* columns);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EXPORTCTL_C_API_H_ */
