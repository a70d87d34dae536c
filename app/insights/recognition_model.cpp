#include "app/insights/recognition_model.h"

#include "forms/error.h"
#include "forms/template.h"
#include "services/recognition_view.h"

#include <map>
#include <memory>
#include <set>

namespace vs::app {

std::vector<RecognitionRow> recognition_rows(storage::Store& store, const RecognitionQuery& query) {
    if (query.client.empty())
        throw InputError("", "client", "choose the client whose visits to list");
    if (query.from_day && query.to_day && *query.to_day < *query.from_day)
        throw InputError("", "to", "the end of the period is before its start");
    bool known = false;
    for (const storage::OrgEntity& c :
         store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
        known = known || c.name == query.client;
    if (!known)
        throw InputError("", "client",
                         "there is no client \"" + query.client + "\" in the database");
    std::string key;
    if (query.pseudonymise_staff) {
        key = store.pseudonym_key();
        if (key.empty())
            throw InputError("", "pseudonymise staff",
                             "the database has no pseudonym key yet and is open read-only");
    }
    storage::VisitFilter filter;
    filter.client = query.client;
    filter.from_day = query.from_day;
    filter.to_day = query.to_day;
    const std::vector<scoring::Recognition> found =
        services::client_recognition(store, filter, query.pseudonymise_staff ? &key : nullptr);

    // Each recognised visit's id and scorecard, read once.
    std::map<std::string, std::pair<std::int64_t, std::shared_ptr<const forms::Template>>> visits;
    for (const scoring::Recognition& r : found) {
        if (visits.count(r.visit))
            continue;
        auto& [id, tpl] = visits[r.visit];
        try {
            if (const auto stored = store.visit_id_of(r.visit)) {
                id = *stored;
                tpl = store.load_visit(*stored).tpl;
            }
        } catch (const std::exception&) {
            // Listed without a way to open it (the page says so when asked to).
        }
    }
    std::vector<RecognitionRow> rows;
    rows.reserve(found.size());
    for (const scoring::Recognition& r : found) {
        RecognitionRow row;
        row.recognition = r;
        const auto& [id, tpl] = visits[r.visit];
        row.visit_id = id;
        const std::string& of = r.kind == "perfect_section" ? r.section : r.question;
        row.where = of;
        if (tpl) {
            if (r.kind == "perfect_section") {
                for (const forms::Section& s : tpl->sections)
                    if (s.id == of && !s.title.empty())
                        row.where = s.title;
            } else {
                for (const forms::Question& q : tpl->questions)
                    if (q.id == of && !q.text.empty())
                        row.where = q.text;
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string recognition_column_title(RecognitionColumn column) {
    switch (column) {
    case RecognitionColumn::Date:
        return "Visit date";
    case RecognitionColumn::Branch:
        return "Branch";
    case RecognitionColumn::Staff:
        return "Staff";
    case RecognitionColumn::For:
        return "Recognised for";
    case RecognitionColumn::Where:
        return "Section or comment";
    case RecognitionColumn::Why:
        return "Why";
    }
    return "";
}

namespace {

std::string staff_text(const scoring::Recognition& r) {
    if (r.employee.empty())
        return "\u2014";
    return r.employee_name.empty() ? r.employee : r.employee + " " + r.employee_name;
}

std::string kind_text(const scoring::Recognition& r) {
    return r.kind == "perfect_section" ? "perfect section" : "praised in a comment";
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string recognition_cell(const RecognitionRow& row, RecognitionColumn column) {
    const scoring::Recognition& r = row.recognition;
    switch (column) {
    case RecognitionColumn::Date:
        return r.visited_at.substr(0, 10);
    case RecognitionColumn::Branch:
        return r.branch;
    case RecognitionColumn::Staff:
        return staff_text(r);
    case RecognitionColumn::For:
        return kind_text(r);
    case RecognitionColumn::Where:
        return row.where;
    case RecognitionColumn::Why:
        return r.reason;
    }
    return "";
}

std::string recognition_counts_text(const std::vector<RecognitionRow>& rows) {
    if (rows.empty())
        return "No visit in this period went beyond the scorecard";
    std::size_t perfect = 0;
    std::set<std::string> staff;
    for (const RecognitionRow& row : rows) {
        perfect += row.recognition.kind == "perfect_section" ? 1 : 0;
        if (!row.recognition.employee.empty())
            staff.insert(row.recognition.employee);
    }
    // A kind that none of them is says "no …" rather than "0 …"; no staff member goes unsaid.
    const std::size_t praised = rows.size() - perfect;
    return plural(rows.size(), "recognition", "recognitions") +
           (staff.empty() ? "" : " of " + plural(staff.size(), "staff member", "staff members")) +
           ": " +
           (perfect ? plural(perfect, "perfect section", "perfect sections")
                    : std::string("no perfect section")) +
           ", " +
           (praised ? plural(praised, "praise in a comment", "praises in comments")
                    : std::string("no praise in comments"));
}

std::string recognition_detail(const RecognitionRow& row) {
    const scoring::Recognition& r = row.recognition;
    std::string text = r.visited_at.substr(0, 10) + " \u00b7 " + r.branch + " \u00b7 " +
                       (r.employee.empty() ? std::string("no staff member named") : staff_text(r)) +
                       "\n" + r.reason;
    if (!r.comment.empty())
        text += "\nIn the shopper's words: \u201c" + r.comment + "\u201d";
    return text;
}

} // namespace vs::app
