// The C API's rule-set handle (exportctl_rules, include/exportctl/c_api.h), one definition for
// every file of the C API.
#ifndef EXPORTCTL_SRC_CAPI_HANDLE_H_
#define EXPORTCTL_SRC_CAPI_HANDLE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "exportctl/rule_set.h"

struct exportctl_rules {
  std::shared_ptr<const exportctl::RuleSet> rules;
  std::string hash;
  size_t builtin_packs = 0;  // the first packs of `rules` that are the built-in catalog's
};

#endif  // EXPORTCTL_SRC_CAPI_HANDLE_H_
