/* Uses exportctl's C API. */
#include <stdio.h>
#include <string.h>

#include "exportctl/c_api.h"

int main(void) {
  char* error = NULL;
  char* decision = NULL;
  int ok;
  exportctl_rules* rules = exportctl_open_builtin(&error);
  if (rules == NULL) {
    fprintf(stderr, "%s\n", error);
    exportctl_free(error);
    return 1;
  }
  ok = exportctl_evaluate(rules, "{\"date\":\"2025-04-10\",\"item\":\"H20\",\"destination\":\"CN\"}", NULL, &decision,
                          &error) == EXPORTCTL_OK &&
       strstr(decision, "\"verdict\":\"license_required\"") != NULL;
  printf("consumer_c %s: %s\n", exportctl_version(), ok ? "license_required" : "unexpected");
  exportctl_free(decision);
  exportctl_free(error);
  exportctl_close(rules);
  return ok ? 0 : 1;
}
