// Held authorizations: licenses, approvals and notifications matched against the sale.
// Part of evaluate.cc's translation unit (see there).
#ifndef EXPORTCTL_EVALUATE_AUTHORIZATIONS_H_
#define EXPORTCTL_EVALUATE_AUTHORIZATIONS_H_

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <type_traits>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "evaluate/predicates.h"

namespace exportctl::evaluator {
namespace {

// Held licenses, approvals and notifications: which covers the sale, and why the others do not
// (Decision::not_applied).
class Authorizations : public Predicates {
 public:
  using Predicates::Predicates;

 protected:
  // --- Held authorizations --------------------------------------------------------------------

  bool ItemMatches(const std::string& item) {
    char buffer[128];
    const size_t n = internal::NormalizeChipNameInto(item, buffer, sizeof buffer);
    if (n == std::string_view::npos) return false;
    const std::string_view normalized(buffer, n);
    if (normalized == NormalizedModel()) return true;
    if (CatalogChip() < 0) return false;
    auto it = rs_.chip_index.find(internal::Av(normalized));
    return it != rs_.chip_index.end() && static_cast<int>(it->second) == CatalogChip();
  }

  static bool SameEntity(std::string_view a, std::string_view b) {
    char x[256], y[256];
    const size_t nx = internal::NormalizeEntityNameInto(a, x, sizeof x);
    const size_t ny = internal::NormalizeEntityNameInto(b, y, sizeof y);
    if (nx == std::string_view::npos || ny == std::string_view::npos) return a == b;
    return std::string_view(x, nx) == std::string_view(y, ny);
  }

  bool Matches(const Authorization& a, Country jurisdiction) {
    const Date* date = nullptr;
    return a.jurisdiction == jurisdiction && !Mismatch(a, &date);
  }

  const Authorization* FindAuthorization(Country jurisdiction) {
    for (const Authorization& a : sale_.licenses)
      if (Matches(a, jurisdiction)) return &a;
    for (const Authorization& a : sale_.approvals)
      if (Matches(a, jurisdiction)) return &a;
    return nullptr;
  }

  static bool SameException(const Notification& n, const Outcome& exception) {
    return n.exception.size() == exception.exception.size() &&
           std::equal(n.exception.begin(), n.exception.end(), exception.exception.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  }

  // A notification covers a sale once BIS has approved it (its authorization number is given)
  // and it was filed before the sale date (docs/law.md §6); the review days are no wait.
  bool Clears(const Notification& n, const Outcome& exception) const {
    return SameException(n, exception) && IsNacAuthorizationNumber(n.authorization) && n.filed < sale_.date;
  }
  bool NotificationCleared(const Outcome& exception) const {
    return std::any_of(sale_.notifications.begin(), sale_.notifications.end(),
                       [&](const Notification& n) { return Clears(n, exception); });
  }

  // --- Held authorizations that do not cover the sale (Decision::not_applied) -----------------

  template <class List>
  NotApplied& NoteNotApplied(NotApplied::Kind kind, const List& list, const typename List::value_type* item,
                             Decision& d) const {
    NotApplied& n = d.not_applied.emplace_back();
    n.kind = kind;
    n.index = static_cast<uint32_t>(item - list.data());
    if constexpr (std::is_same_v<typename List::value_type, Authorization>) n.jurisdiction = item->jurisdiction;
    return n;
  }

  // The notifications for a pending exception: why none of them covers the sale.
  void NoteNotificationsNotApplied(const CompiledJurisdiction& jur, const Outcome& exception, Decision& d) const {
    for (const Notification& n : sale_.notifications) {
      if (!SameException(n, exception)) continue;
      NotApplied& out = NoteNotApplied(NotApplied::Kind::kNotification, sale_.notifications, &n, d);
      out.jurisdiction = jur.code;
      out.filed = n.filed;
      if (!(n.filed < sale_.date)) {
        out.reason = NotApplied::Reason::kFiledOnOrAfterSale;
      } else {
        out.reason = NotApplied::Reason::kNoAuthorization;
        out.date = n.filed.AddDays(exception.wait_days);
      }
    }
  }

  // Every held notification that covers nothing and was not reported with the pending exception
  // it was filed for: no exception of this sale takes one (docs/law.md §5: never ignored).
  void NoteUnusedNotifications(Decision& d) const {
    for (const Notification& n : sale_.notifications) {
      const uint32_t index = static_cast<uint32_t>(&n - sale_.notifications.data());
      bool reported = false, used = false;
      for (const NotApplied& a : d.not_applied)
        reported |= a.kind == NotApplied::Kind::kNotification && a.index == index;
      for (const Outcome* o : cleared_by_notification_) used |= Clears(n, *o);
      if (reported || used) continue;
      NotApplied& out = NoteNotApplied(NotApplied::Kind::kNotification, sale_.notifications, &n, d);
      out.reason = NotApplied::Reason::kNotUsed;
      out.filed = n.filed;
    }
  }

  // Why a held license or approval does not match the sale, checked in the order a compliance
  // officer reads it; nullopt when it matches. `*date` is the day a reason names.
  std::optional<NotApplied::Reason> Mismatch(const Authorization& a, const Date** date) {
    using R = NotApplied::Reason;
    if (sale_.date < a.valid_from) return *date = &a.valid_from, R::kNotYetValid;
    if (!(sale_.date < a.valid_until)) return *date = &a.valid_until, R::kExpired;
    if (!a.items.empty() &&
        std::none_of(a.items.begin(), a.items.end(), [&](const std::string& i) { return ItemMatches(i); }))
      return R::kOtherItem;
    if (a.destination && *a.destination != sale_.destination) return R::kOtherDestination;
    if (a.buyer && !SameEntity(*a.buyer, sale_.buyer.name)) return R::kOtherBuyer;
    if (a.quantity && *a.quantity < sale_.quantity) return R::kQuantity;
    return std::nullopt;
  }

  // Every held license and approval that does not match the sale, or whose jurisdiction's rules
  // do not reach it, is listed with its reason (a volume cap or an unmet domestic purchase was
  // noted where the jurisdiction was resolved).
  void NoteAuthorizationsNotApplied(Decision& d) {
    auto note = [&](NotApplied::Kind kind, const std::vector<Authorization>& list) {
      for (const Authorization& a : list) {
        const JurisdictionDecision* jd = d.Find(a.jurisdiction);
        const Date* date = nullptr;
        std::optional<NotApplied::Reason> reason;
        if (jd == nullptr || !jd->in_scope) reason = NotApplied::Reason::kOtherJurisdiction;
        else reason = Mismatch(a, &date);
        if (!reason) continue;
        NotApplied& n = NoteNotApplied(kind, list, &a, d);
        n.reason = *reason;
        if (date) n.date = *date;
        if (*reason == NotApplied::Reason::kQuantity) n.units = *a.quantity, n.asked = sale_.quantity;
      }
    };
    note(NotApplied::Kind::kLicense, sale_.licenses);
    note(NotApplied::Kind::kApproval, sale_.approvals);
  }

  // --- What a held authorization asks of the sale ---------------------------------------------

  // The smallest volume cap of the rules a license would be held under (-1: none, or no
  // us_units_shipped to compute it from). A sale above it is not covered by the license.
  int64_t VolumeCap(absl::Span<const uint32_t> licensed_under) const {
    if (!sale_.us_units_shipped) return -1;
    int64_t cap = -1;
    for (uint32_t rule : licensed_under) {
      for (const ConditionSpec& c : rs_.compiled[rule].cases.back().outcome.source->conditions) {
        if (c.kind != ConditionKind::kVolumeCap || !c.percent) continue;
        const int64_t units = MaxUnits(*c.percent);
        if (cap < 0 || units < cap) cap = units;
      }
    }
    return cap;
  }
  int64_t MaxUnits(double percent) const {
    return static_cast<int64_t>(std::floor(static_cast<double>(*sale_.us_units_shipped) * percent / 100.0 + 1e-9));
  }
  bool DomesticPurchaseMet(const Outcome& o) const {
    for (const ConditionSpec& c : o.conditions) {
      if (c.kind != ConditionKind::kDomesticPurchase || !c.ratio) continue;
      const double needed = *c.ratio * static_cast<double>(sale_.quantity);
      if (static_cast<double>(sale_.domestic_chips_purchased.value_or(0)) + 1e-9 < needed) return false;
    }
    return true;
  }

  // The notification-path exceptions a held notification cleared, per jurisdiction.
  absl::InlinedVector<const Outcome*, 2> cleared_by_notification_;
};

}  // namespace
}  // namespace exportctl::evaluator

#endif  // EXPORTCTL_EVALUATE_AUTHORIZATIONS_H_
