#pragma once
// The Inbox page's model without a window: the notifications the alert rules raised
// (services/alerts.h), newest first, filtered by client and read state, each with a short label
// for its rule, its date, and the visit it opens; how many are unread.

#include "storage/notification_store.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vs::app {

/// One notification as the Inbox lists it.
struct InboxRow {
    std::int64_t id = 0;
    bool read = false;
    std::string rule; ///< a label: "Critical failure", "Low score", …
    std::string client;
    std::string branch;
    std::string date; ///< when raised, YYYY-MM-DD HH:MM (UTC)
    std::string subject;
    std::string body;
    std::string visit_uuid; ///< "" when it opens no visit
};

/// A rule's label for people ("critical" -> "Critical failure"); the id itself when unknown.
std::string inbox_rule_label(const std::string& rule);

/// The Inbox's rows.
class InboxModel {
  public:
    /// Reads the notifications of `client` (every client when empty), only unread ones when
    /// `unread_only`.
    void load(storage::NotificationStore& store, const std::string& client, bool unread_only);
    const std::vector<InboxRow>& rows() const { return m_rows; }
    /// Unread rows among those read.
    std::size_t unread() const;
    /// The row of notification `id`, or -1.
    long index_of(std::int64_t id) const;

  private:
    std::vector<InboxRow> m_rows;
};

} // namespace vs::app
