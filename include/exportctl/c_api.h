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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EXPORTCTL_C_API_H_ */
