// What a sale must state before it can be evaluated (docs/law.md §6, "Fail closed").
#include "exportctl/sale.h"

#include <algorithm>

#include "absl/status/status.h"
#include "model/sale_facts.h"

namespace exportctl {
namespace {
// A Sale's date when none was set (Date's default); built once, not per sale.
const Date kNoDate{};
}  // namespace

bool IsNacAuthorizationNumber(std::string_view text) {
  return text.size() == 7 && text[0] == 'A' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace internal {
SpecSet MissingSaleFacts(const Sale& sale) {
  SpecSet missing;
  if (sale.date == kNoDate || sale.date.is_unbounded()) missing |= Spec::kDate;
  const Chip& c = sale.item;
  if (c.model.empty() && c.vendor.empty() && !c.origin.valid() && !c.tpp().known()) missing |= Spec::kItem;
  if (!sale.destination.valid()) missing |= Spec::kDestination;
  return missing;
}
}  // namespace internal

absl::Status Validate(const Sale& sale) {
  const SpecSet missing = internal::MissingSaleFacts(sale);
  if (missing.contains(Spec::kDate)) return absl::InvalidArgumentError("sale has no date");
  if (missing.contains(Spec::kItem)) return absl::InvalidArgumentError("sale has no item");
  if (missing.contains(Spec::kDestination)) return absl::InvalidArgumentError("sale has no destination");
  return absl::OkStatus();
}

}  // namespace exportctl
