/* Tests of the C API (include/exportctl/c_api.h), compiled as C99: a C program can open rule
 * sets, evaluate sales, ask for timelines, headroom, classifications, the rules, the entities and
 * the packs' tests, get every failure as a status and a message, and evaluate on one handle from
 * several threads at once. */
#define _POSIX_C_SOURCE 200809L
#include "exportctl/c_api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static int contains(const char* text, const char* part) { return text != NULL && strstr(text, part) != NULL; }

static const char* const kH20 = "{\"date\":\"2025-04-10\",\"item\":\"H20\",\"destination\":\"CN\"}";

static void test_open_and_evaluate(const exportctl_rules* rules) {
  char* out = NULL;
  char* error = NULL;
  CHECK(strlen(exportctl_version()) > 0);
  CHECK(strlen(exportctl_rules_hash(rules)) == 16);

  CHECK(exportctl_evaluate(rules, kH20, NULL, &out, &error) == EXPORTCTL_OK);
  CHECK(error == NULL);
  CHECK(contains(out, "\"verdict\":\"license_required\""));
  CHECK(contains(out, "\"allowed\":false"));
  CHECK(contains(out, "us-h20-informed"));
  exportctl_free(out);

  /* trace none: the decision no longer names the rule in a trace */
  exportctl_eval_options options = {EXPORTCTL_TRACE_NONE, NULL, 0};
  out = NULL;
  CHECK(exportctl_evaluate(rules, kH20, &options, &out, &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"verdict\":\"license_required\""));
  CHECK(!contains(out, "\"rule\":\"us-h20-informed\""));
  exportctl_free(out);

  /* as of a day before the H20 letter, the sale looked allowed */
  exportctl_eval_options as_of = {EXPORTCTL_TRACE_FIRED, "2025-01-01", 1};
  out = NULL;
  CHECK(exportctl_evaluate(rules, kH20, &as_of, &out, &error) == EXPORTCTL_OK);
  CHECK(!contains(out, "\"verdict\": \"license_required\""));
  CHECK(contains(out, "\n")); /* pretty */
  exportctl_free(out);
}

static void test_errors(const exportctl_rules* rules) {
  char* out = NULL;
  char* error = NULL;
  CHECK(exportctl_evaluate(rules, "{\"date\":\"2025-04-10\",", NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK(error != NULL && strlen(error) > 0);
  exportctl_free(error);

  error = NULL;
  CHECK(exportctl_evaluate(rules, "{\"date\":\"2025-04-10\",\"item\":\"No Such Chip\",\"destination\":\"CN\"}", NULL,
                           &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(contains(error, "No Such Chip"));
  exportctl_free(error);

  error = NULL;
  exportctl_eval_options bad_as_of = {EXPORTCTL_TRACE_FIRED, "2025-13-01", 0};
  CHECK(exportctl_evaluate(rules, kH20, &bad_as_of, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(contains(error, "as_of"));
  exportctl_free(error);

  error = NULL;
  CHECK(exportctl_evaluate(NULL, kH20, NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  exportctl_free(error);
  CHECK(exportctl_evaluate(rules, NULL, NULL, &out, NULL) == EXPORTCTL_INVALID_ARGUMENT); /* error may be NULL */

  error = NULL;
  CHECK(exportctl_timeline(rules, "{\"item\":\"H20\",\"destination\":\"CN\"}", "2026-01-01", "2025-01-01", NULL, &out,
                           &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(contains(error, "before"));
  exportctl_free(error);

  error = NULL;
  CHECK(exportctl_headroom(rules, "XX1", "2024-06-01", 1, 0, NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  exportctl_free(error);

  exportctl_close(NULL);
  exportctl_free(NULL);
}

static void test_queries(const exportctl_rules* rules) {
  char* out = NULL;
  char* error = NULL;
  CHECK(exportctl_timeline(rules, "{\"item\":\"H20\",\"destination\":\"CN\"}", "2022-01-01", "2026-12-31", NULL, &out,
                           &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"item\":\"NVIDIA H20\""));
  CHECK(contains(out, "\"destination\":\"CN\""));
  CHECK(contains(out, "\"from\":\"2022-01-01\""));
  CHECK(contains(out, "\"until\":\"2027-01-01\""));
  CHECK(contains(out, "\"verdict\":\"license_required\""));
  exportctl_free(out);

  /* The sale needs no date; a buyer named "date" is just a name (the date was once added by
   * editing the JSON text, which a "date" anywhere defeated). */
  out = NULL;
  CHECK(exportctl_timeline(rules, "{\"item\":\"H20\",\"destination\":\"CN\",\"buyer\":{\"name\":\"date\"}}",
                           "2024-01-01", "2024-12-31", NULL, &out, &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"from\":\"2024-01-01\""));
  exportctl_free(out);

  out = NULL;
  CHECK(exportctl_headroom(rules, "CN", "2024-06-01", 1, 814, NULL, &out, &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"tpp_below\":2400"));
  CHECK(contains(out, "\"rule\":\"us-2023-3a090\""));
  exportctl_free(out);

  out = NULL;
  CHECK(exportctl_chips(rules, &out, &error) == EXPORTCTL_OK);
  CHECK(out != NULL && out[0] == '[');
  CHECK(contains(out, "\"model\":\"NVIDIA H20\""));
  exportctl_free(out);
}

/* The queries the command has beyond timeline and headroom: classify, rules, entities, test. */
static void test_more_queries(const exportctl_rules* rules) {
  char* out = NULL;
  char* error = NULL;
  exportctl_eval_options as_of = {EXPORTCTL_TRACE_NONE, "2024-01-01", 0};
  CHECK(exportctl_classify(rules, "H100", "2024-06-01", NULL, &out, &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"item\":\"NVIDIA H100\""));
  CHECK(contains(out, "\"classification\":{\"US\":\"3A090.a\"}"));
  exportctl_free(out);
  out = NULL;
  CHECK(exportctl_classify(rules, "{\"model\":\"Mine\",\"tpp\":100,\"datacenter\":true}", "2024-06-01", NULL, &out,
                           &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"item\":\"Mine\""));
  exportctl_free(out);
  out = NULL;
  CHECK(exportctl_classify(rules, "Nope", "2024-06-01", NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(out == NULL && contains(error, "unknown chip 'Nope'"));
  exportctl_free(error);
  error = NULL;
  CHECK(exportctl_classify(rules, "H100", "2024-13-01", NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(contains(error, "date: "));
  exportctl_free(error);
  error = NULL;

  char* all = NULL;
  CHECK(exportctl_rules_list(rules, NULL, NULL, &all, &error) == EXPORTCTL_OK);
  CHECK(all != NULL && all[0] == '[' && contains(all, "\"id\":\"us-2023-3a090\""));
  CHECK(exportctl_rules_list(rules, "2024-06-01", &as_of, &out, &error) == EXPORTCTL_OK);
  CHECK(out != NULL && strlen(out) < strlen(all) && contains(out, "\"legal_force\""));
  exportctl_free(out);
  exportctl_free(all);
  out = NULL;
  CHECK(exportctl_rules_list(rules, "yesterday", NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  exportctl_free(error);
  error = NULL;

  CHECK(exportctl_entities(rules, "", NULL, &out, &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"coverage\":\"sample: ") && contains(out, "\"ownership\":["));
  exportctl_free(out);
  out = NULL;
  CHECK(exportctl_entities(rules, "2024-06-01", &as_of, &out, &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"in_force\":true"));
  exportctl_free(out);
  out = NULL;

  CHECK(exportctl_run_tests(rules, &out, &error) == EXPORTCTL_OK);
  CHECK(contains(out, "\"failed\":0,\"failures\":[]"));
  CHECK(out != NULL && strncmp(out, "{\"passed\":", 10) == 0 && strncmp(out, "{\"passed\":0,", 12) != 0);
  exportctl_free(out);
  CHECK(exportctl_run_tests(NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  exportctl_free(error);
}

static void test_open_packs(const exportctl_rules* builtin) {
  /* The built-in packs read from files compile to the same rule set. */
  const char* paths[] = {EXPORTCTL_SOURCE_DIR "/rules/00-groups.toml", EXPORTCTL_SOURCE_DIR "/rules/10-chips.toml",
                         EXPORTCTL_SOURCE_DIR "/rules/20-us.toml", EXPORTCTL_SOURCE_DIR "/rules/30-cn.toml",
                         EXPORTCTL_SOURCE_DIR "/rules/40-third-countries.toml"};
  char* error = NULL;
  exportctl_rules* rules = exportctl_open(paths, 5, 0, &error);
  CHECK(rules != NULL);
  CHECK(error == NULL);
  if (rules != NULL) CHECK(strcmp(exportctl_rules_hash(rules), exportctl_rules_hash(builtin)) == 0);
  exportctl_close(rules);

  const char* missing[] = {"no/such/pack.toml"};
  rules = exportctl_open(missing, 1, 1, &error);
  CHECK(rules == NULL);
  CHECK(contains(error, "no/such/pack.toml"));
  exportctl_free(error);

  FILE* f = fopen("c_api_test_bad_pack.toml", "w");
  CHECK(f != NULL);
  if (f == NULL) return;
  fputs("[pack]\nid = \"bad\"\nformat = 1\nno_such_key = 3\n", f);
  fclose(f);
  const char* bad[] = {"c_api_test_bad_pack.toml"};
  error = NULL;
  rules = exportctl_open(bad, 1, 1, &error);
  CHECK(rules == NULL);
  CHECK(contains(error, "c_api_test_bad_pack.toml:"));
  exportctl_free(error);
  remove("c_api_test_bad_pack.toml");
}

/* Several threads evaluate on one handle and must all see the same decision. */
struct worker {
  const exportctl_rules* rules;
  const char* expected;
  int mismatches;
};

static void* evaluate_many(void* arg) {
  struct worker* w = (struct worker*)arg;
  int i;
  for (i = 0; i < 300; ++i) {
    char* out = NULL;
    if (exportctl_evaluate(w->rules, kH20, NULL, &out, NULL) != EXPORTCTL_OK || strcmp(out, w->expected) != 0)
      ++w->mismatches;
    exportctl_free(out);
  }
  return NULL;
}

static void test_threads(const exportctl_rules* rules) {
  char* expected = NULL;
  pthread_t threads[4];
  struct worker workers[4];
  int i;
  CHECK(exportctl_evaluate(rules, kH20, NULL, &expected, NULL) == EXPORTCTL_OK);
  for (i = 0; i < 4; ++i) {
    workers[i].rules = rules;
    workers[i].expected = expected;
    workers[i].mismatches = 0;
    CHECK(pthread_create(&threads[i], NULL, evaluate_many, &workers[i]) == 0);
  }
  for (i = 0; i < 4; ++i) {
    pthread_join(threads[i], NULL);
    CHECK(workers[i].mismatches == 0);
  }
  exportctl_free(expected);
}

/* A batch keeps input order, puts {"index", "error"} in place of a bad sale and counts it. */
static void test_batch(const exportctl_rules* rules) {
  const char* sales[] = {kH20, "{\n  \"date\": \"2025-04-10\",\n  \"item\": \"H2O\", \"destination\": \"CN\"}",
                         "{\"date\":\"2021-01-01\",\"item\":\"H20\",\"destination\":\"DE\"}"};
  char* out = NULL;
  char* error = NULL;
  char* single = NULL;
  size_t bad = 99;
  exportctl_eval_options none = {EXPORTCTL_TRACE_NONE, NULL, 0};
  CHECK(exportctl_evaluate_batch(rules, sales, 3, &none, 2, &bad, &out, &error) == EXPORTCTL_OK);
  CHECK(error == NULL);
  CHECK(bad == 1);
  CHECK(exportctl_evaluate(rules, kH20, &none, &single, NULL) == EXPORTCTL_OK);
  CHECK(out != NULL && out[0] == '[' && strncmp(out + 1, single, strlen(single)) == 0);
  CHECK(contains(out, ",{\"index\":1,\"error\":\"3:11: unknown chip 'H2O'\"},{\"allowed\":true,"));
  exportctl_free(single);
  exportctl_free(out);

  out = NULL;
  CHECK(exportctl_evaluate_batch(rules, NULL, 0, NULL, 0, NULL, &out, &error) == EXPORTCTL_OK);
  CHECK(out != NULL && strcmp(out, "[]") == 0);
  exportctl_free(out);

  out = NULL;
  CHECK(exportctl_evaluate_batch(rules, sales, 3, NULL, 100000, NULL, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK(contains(error, "threads must be between 1 and 1024"));
  exportctl_free(error);
}

int main(void) {
  char* error = NULL;
  exportctl_rules* rules = exportctl_open_builtin(&error);
  if (rules == NULL) {
    fprintf(stderr, "cannot open the built-in catalog: %s\n", error ? error : "(no message)");
    exportctl_free(error);
    return 1;
  }
  test_open_and_evaluate(rules);
  test_errors(rules);
  test_queries(rules);
  test_more_queries(rules);
  test_open_packs(rules);
  test_threads(rules);
  test_batch(rules);
  exportctl_close(rules);
  if (failures == 0) printf("c_api_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
