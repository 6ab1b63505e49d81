/* exportctl_evaluate_columns from C (C99): text, number, bool and dictionary-code columns in,
 * arrays of codes out, a bad row's error in place, a bad table refused. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "exportctl/c_api.h"

static int failures = 0;
#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                       \
    }                                                                   \
  } while (0)

static exportctl_column Column(const char* name, int kind) {
  exportctl_column c;
  memset(&c, 0, sizeof c);
  c.name = name;
  c.kind = kind;
  return c;
}

int main(void) {
  char* error = NULL;
  exportctl_rules* rules = exportctl_open_builtin(&error);
  if (rules == NULL) {
    fprintf(stderr, "%s\n", error);
    return 1;
  }
  /* Row 0: 1000 H20 to China with a US license (allowed with a 15% revenue share); row 1: the same
   * without a license and the quantity absent (NaN: the default 1); row 2: an unknown chip; row 3: no
   * destination (NULL: absent, and it is required). */
  const char* dates[] = {"2025-09-01", "2025-09-01", "2025-09-01", "2025-09-01"};
  const char* dictionary[] = {"H20", "H2O"};
  const int items[] = {0, 0, 1, 0};
  const char* destinations[] = {"CN", "CN", "CN", NULL};
  const double quantity[] = {1000, NAN, 1, 1};
  const double price[] = {12000, 12000, NAN, NAN};
  const char* license[] = {"US", NULL, NULL, NULL};
  const char* license_from[] = {"2025-08-08", NULL, NULL, NULL};
  const signed char hub[] = {0, -1, -1, -1};
  exportctl_column cols[8];
  cols[0] = Column("date", EXPORTCTL_COLUMN_TEXT);
  cols[0].text = dates;
  cols[1] = Column("item", EXPORTCTL_COLUMN_CODES);
  cols[1].codes = items;
  cols[1].dictionary = dictionary;
  cols[1].dictionary_count = 2;
  cols[2] = Column("destination", EXPORTCTL_COLUMN_TEXT);
  cols[2].text = destinations;
  cols[3] = Column("quantity", EXPORTCTL_COLUMN_NUMBER);
  cols[3].numbers = quantity;
  cols[4] = Column("unit_price_usd", EXPORTCTL_COLUMN_NUMBER);
  cols[4].numbers = price;
  cols[5] = Column("license_jurisdiction", EXPORTCTL_COLUMN_TEXT);
  cols[5].text = license;
  cols[6] = Column("license_valid_from", EXPORTCTL_COLUMN_TEXT);
  cols[6].text = license_from;
  cols[7] = Column("datacenter_national_hub", EXPORTCTL_COLUMN_BOOL);
  cols[7].bools = hub;

  exportctl_decision_columns* out = NULL;
  CHECK(exportctl_evaluate_columns(rules, cols, 8, 4, NULL, 2, &out, &error) == EXPORTCTL_OK);
  if (out == NULL) return 1;
  CHECK(out->rows == 4);
  CHECK(out->verdict[0] == EXPORTCTL_VERDICT_ALLOWED_WITH_CONDITIONS);
  CHECK(out->allowed[0] == 1);
  CHECK(out->verdict[1] == EXPORTCTL_VERDICT_LICENSE_REQUIRED);
  CHECK(out->allowed[1] == 0);
  CHECK(out->verdict[2] == -1 && out->verdict[3] == -1);
  CHECK(out->allowed[2] == 0 && out->allowed[3] == 0);
  CHECK(out->jurisdiction_count >= 2 && strcmp(out->jurisdictions[0], "US") == 0);
  CHECK(out->jurisdiction_verdict[0][1] == EXPORTCTL_VERDICT_LICENSE_REQUIRED);
  CHECK(out->review_policy[0][1] >= 0);
  {
    size_t a;
    int found = 0;
    for (a = 0; a < out->amount_count; ++a) {
      if (strcmp(out->amount_names[a], "revenue_share_usd") == 0) {
        CHECK(out->amounts[a][0] == 1800000);
        CHECK(isnan(out->amounts[a][1]));
        found = 1;
      }
    }
    CHECK(found);
  }
  {
    size_t k;
    int share = 0;
    for (k = out->rule_offsets[0]; k < out->rule_offsets[1]; ++k) {
      if (strcmp(out->rule_ids[out->rule_index[k]], "us-h20-share") == 0) share = 1;
    }
    CHECK(share);
    CHECK(out->rule_offsets[3] == out->rule_offsets[2]); /* a bad row fires nothing */
  }
  CHECK(out->error_count == 2);
  if (out->error_count == 2) {
    CHECK(out->error_rows[0] == 2 && out->error_columns[0] == 1);
    CHECK(strcmp(out->errors[0], "unknown chip 'H2O'") == 0);
    CHECK(out->error_rows[1] == 3 && out->error_columns[1] == 2);
    CHECK(strcmp(out->errors[1], "no 'destination'") == 0);
  }
  exportctl_decision_columns_free(out);
  exportctl_decision_columns_free(NULL);

  /* A table that is not one of sales fails the call. */
  out = NULL;
  cols[3].name = "qty";
  CHECK(exportctl_evaluate_columns(rules, cols, 8, 4, NULL, 0, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK(error != NULL && strstr(error, "unknown column 'qty'") != NULL);
  exportctl_free(error);
  error = NULL;
  cols[3].name = "quantity";
  cols[3].kind = 42;
  CHECK(exportctl_evaluate_columns(rules, cols, 8, 4, NULL, 0, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  exportctl_free(error);
  error = NULL;
  cols[3].kind = EXPORTCTL_COLUMN_NUMBER;
  CHECK(exportctl_evaluate_columns(rules, cols, 8, 4, NULL, -1, &out, &error) == EXPORTCTL_INVALID_ARGUMENT);
  exportctl_free(error);

  exportctl_close(rules);
  if (failures == 0) puts("c_api_columns_test: ok");
  return failures == 0 ? 0 : 1;
}
