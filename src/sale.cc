// What a sale must state before it can be evaluated (docs/law.md §6, "Fail closed").
#include "exportctl/sale.h"

#include <algorithm>

#include "absl/status/status.h"

namespace exportctl {

bool IsNacAuthorizationNumber(std::string_view text) {
  return text.size() == 7 && text[0] == 'A' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

absl::Status Validate(const Sale& sale) {
  if (sale.date == Date() || sale.date.is_unbounded()) return absl::InvalidArgumentError("sale has no date");
  const Chip& c = sale.item;
  const bool no_item = c.model.empty() && c.vendor.empty() && !c.origin.valid() && !c.tpp().known();
  if (no_item) return absl::InvalidArgumentError("sale has no item");
  if (!sale.destination.valid()) return absl::InvalidArgumentError("sale has no destination");
  return absl::OkStatus();
}

}  // namespace exportctl
