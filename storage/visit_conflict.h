#pragma once
// The refusal a person reads when someone else changed a visit between their reading it and
// their change (VisitStore::record_status, VisitStore::apply_edit), the same for every backend:
// who changed it and when, that nothing was written, and that they should reload.

#include <string>
#include <string_view>

namespace vs::storage {

/// Who changed a visit last and when, as its latest audit entry says; both empty when the visit
/// has no entry.
struct LastChange {
    std::string who;
    std::string at; ///< UTC, ISO 8601
};

/// A status change from `from` refused because visit `uuid` is `stored` now.
std::string status_conflict_message(const std::string& uuid, std::string_view stored,
                                    std::string_view from, const LastChange& last);

/// An edit refused because visit `uuid` changed since it was read; `stored_at` is its row
/// version now, said when no audit entry tells when it changed.
std::string edit_conflict_message(const std::string& uuid, const std::string& stored_at,
                                  const LastChange& last);

} // namespace vs::storage
