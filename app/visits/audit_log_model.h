#pragma once
// The audit log across all visits, without widgets: the filter as people type it (checked, each
// problem naming its field) turned into a storage::AuditQuery, and the cells of each entry.
// audit_log_frame.cpp draws it in a virtual wxDataViewCtrl.

#include "storage/store.h"

#include <string>
#include <vector>

namespace vs::app {

/// The audit log window's filter fields as typed ("" means any).
struct AuditFilterText {
    std::string who;
    std::string visit;  ///< a visit uuid
    std::string branch; ///< a branch code
    std::string action; ///< "", "status", "edit" or "purge"
    std::string from;   ///< YYYY-MM-DD (UTC day)
    std::string to;
};

/// The query the filter asks for; InputError naming the field ("From", "To", "Action") when a
/// date or the action is not one.
storage::AuditQuery audit_query(const AuditFilterText& filter);

/// Whether a query leaves out any entry (false: it asks for the whole log).
bool narrows(const storage::AuditQuery& query);

/// What the audit log window says when it shows no entry: that none matches the filter, or, when
/// no filter is set, that the log is empty and what fills it.
std::string no_entries_text(const storage::AuditQuery& query);

/// The columns of the audit log list.
enum AuditColumn {
    AuditWhen,
    AuditWho,
    AuditVisit,
    AuditBranch,
    AuditField,
    AuditChange,
    AuditReason,
    AuditColumnCount
};
/// The column titles, in AuditColumn order.
const std::vector<std::string>& audit_column_titles();
/// One cell of an entry: when as "YYYY-MM-DD HH:MM" (UTC), the change as "old → new".
std::string audit_cell(const storage::AuditRow& row, int column);

} // namespace vs::app
