#include "app/visits/inbox_model.h"

#include <algorithm>

namespace vs::app {

std::string inbox_rule_label(const std::string& rule) {
    if (rule == "critical")
        return "Critical failure";
    if (rule == "below")
        return "Low score";
    if (rule == "dispute_opened")
        return "Dispute opened";
    if (rule == "dispute_decided")
        return "Dispute decided";
    if (rule == "action_overdue")
        return "Action overdue";
    if (rule == "praise")
        return "Praise";
    return rule;
}

void InboxModel::load(storage::NotificationStore& store, const std::string& client,
                      bool unread_only) {
    m_rows.clear();
    for (const storage::Notification& n : store.notifications({client, unread_only, {}})) {
        InboxRow r;
        r.id = n.id;
        r.read = n.read;
        r.rule = inbox_rule_label(n.rule);
        r.client = n.client;
        r.branch = n.branch;
        r.date = n.created_at.size() >= 16
                     ? n.created_at.substr(0, 10) + " " + n.created_at.substr(11, 5)
                     : n.created_at;
        r.subject = n.subject;
        r.body = n.body;
        r.visit_uuid = n.visit_uuid;
        m_rows.push_back(std::move(r));
    }
}

std::size_t InboxModel::unread() const {
    return static_cast<std::size_t>(
        std::count_if(m_rows.begin(), m_rows.end(), [](const InboxRow& r) { return !r.read; }));
}

long InboxModel::index_of(std::int64_t id) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return static_cast<long>(i);
    return -1;
}

} // namespace vs::app
