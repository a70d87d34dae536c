#include "app/field/todo_model.h"

#include "forms/error.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace vs::app {
namespace {

/// The header's assignment field, read and written through a template so that this builds
/// against a header with or without it.
template <class H> std::string get_assignment(const H& h) {
    if constexpr (requires { h.assignment; })
        return h.assignment;
    else
        return {};
}
template <class H> void put_assignment(H& h, const std::string& uuid) {
    if constexpr (requires { h.assignment; })
        h.assignment = uuid;
}

/// The visits written into return bundles, as services/bundle.cpp records them in the setting
/// "bundle.sent": {visit uuid: its updated_at when written}.
nlohmann::json sent_visits(storage::Store& store) {
    try {
        nlohmann::json sent = nlohmann::json::parse(store.setting("bundle.sent", "{}"));
        return sent.is_object() ? sent : nlohmann::json::object();
    } catch (const nlohmann::json::exception&) {
        return nlohmann::json::object();
    }
}

const storage::OrgEntity* find_client(const std::vector<storage::OrgEntity>& clients,
                                      const std::string& name) {
    for (const auto& c : clients)
        if (c.name == name)
            return &c;
    return nullptr;
}

} // namespace

std::string assignment_of(const forms::VisitHeader& visit) {
    return get_assignment(visit);
}

void set_assignment_of(forms::VisitHeader& visit, const std::string& uuid) {
    put_assignment(visit, uuid);
}

std::string todo_conflict_text(const std::string& branch_label,
                               const std::optional<storage::Assignment>& now,
                               const std::string& changed_by) {
    const std::string what = "The assignment at " + branch_label;
    if (!now)
        return what + " is no longer in the database: the consultancy removed it. Nothing was "
                      "saved.";
    std::string at = now->updated_at.substr(0, std::min<std::size_t>(now->updated_at.size(), 19));
    if (at.size() > 10 && at[10] == 'T')
        at[10] = ' ';
    const std::string status = now->stored_status.empty() ? now->status : now->stored_status;
    return what + " was changed by " + (changed_by.empty() ? "someone else" : changed_by) +
           (at.empty() ? "" : " at " + at + " (UTC)") + " since this list was read; it is now " +
           status + ". Nothing was saved: here it is as it is now, choose again.";
}

bool is_open_assignment(const storage::Assignment& a) {
    return a.status == "offered" || a.status == "accepted" || a.status == "overdue";
}

std::map<std::string, std::int64_t> drafts_by_assignment(storage::Store& store) {
    std::map<std::string, std::int64_t> out;
    storage::VisitListQuery query;
    query.status = forms::Status::Draft;
    for (const std::int64_t id : store.visit_ids(query)) {
        const std::string uuid = get_assignment(store.load_visit(id).visit);
        if (!uuid.empty() && (!out.count(uuid) || out[uuid] < id))
            out[uuid] = id;
    }
    return out;
}

bool has_assignments(storage::Store& store) {
    try {
        return !store.assignments({}).empty();
    } catch (const std::exception&) {
        return false; // a backend that does not hold assignments yet
    }
}

std::vector<TodoRow> todo_rows(storage::Store& store, TodoShow show, bool on_server) {
    std::vector<storage::Assignment> all = store.assignments({});
    // Names of branches and scorecards, read once per client and once in all.
    std::map<std::pair<std::string, int>, std::string> scorecards;
    const auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, true, false);
    std::map<std::string, std::map<std::string, std::string>> branch_names; // client -> code
    const nlohmann::json sent = on_server ? nlohmann::json::object() : sent_visits(store);
    // Drafts in progress for open assignments (their assignment is visited once submitted).
    std::map<std::string, std::int64_t> drafts;
    if (show != TodoShow::Sent)
        drafts = drafts_by_assignment(store);

    std::vector<TodoRow> rows;
    for (auto& a : all) {
        const bool open = is_open_assignment(a);
        if (show == TodoShow::Todo && !open)
            continue;
        if (show == TodoShow::Sent && a.status != "visited")
            continue;
        TodoRow row;
        row.overdue = a.status == "overdue";
        if (!branch_names.count(a.client)) {
            auto& names = branch_names[a.client];
            if (const auto* c = find_client(clients, a.client))
                for (const auto& b : store.org_list(storage::OrgKind::Branch, c->id, true, false))
                    names[b.code] = b.name;
        }
        const auto& names = branch_names[a.client];
        const auto bn = names.find(a.branch);
        row.branch_label =
            a.branch + (bn == names.end() || bn->second.empty() ? "" : " " + bn->second);
        auto sc = scorecards.find({a.template_id, a.template_version});
        if (sc == scorecards.end()) {
            const auto tpl = store.find_template(a.template_id, a.template_version);
            sc = scorecards
                     .emplace(std::pair{a.template_id, a.template_version},
                              tpl ? tpl->name : a.template_id)
                     .first;
        }
        row.scorecard = sc->second + " v" + std::to_string(a.template_version);
        std::optional<std::int64_t> visit;
        if (!a.visit_uuid.empty())
            visit = store.visit_id_of(a.visit_uuid);
        else if (const auto d = drafts.find(a.uuid); d != drafts.end() && open)
            visit = d->second;
        {
            if (const auto id = visit) {
                row.visit_id = *id;
                const storage::StoredVisit sv = store.load_visit(*id);
                row.visit_status = sv.visit.status;
                row.visit_updated_at = sv.updated_at;
                const bool handed_in = sv.visit.status != forms::Status::Draft &&
                                       sv.visit.status != forms::Status::Returned;
                // Sent as it is now: a visit changed after it was written is to be sent again.
                const auto at = sent.find(sv.visit.uuid);
                row.sent = handed_in && (on_server || (at != sent.end() && at->is_string() &&
                                                       at->get<std::string>() == sv.updated_at));
            }
        }
        row.assignment = std::move(a);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TodoRow& x, const TodoRow& y) {
        const auto& a = x.assignment;
        const auto& b = y.assignment;
        return std::tie(a.window_to, a.window_from, a.branch, a.uuid) <
               std::tie(b.window_to, b.window_from, b.branch, b.uuid);
    });
    return rows;
}

std::string todo_status_text(const TodoRow& row, bool on_server) {
    const std::string& s = row.assignment.status;
    const bool draft = row.visit_status == forms::Status::Draft;
    if (s != "visited")
        return draft ? s + ", visit started (draft)" : s;
    if (!row.visit_status)
        return "visited (the visit is not in this database)";
    const forms::Status st = *row.visit_status;
    if (st == forms::Status::Draft)
        return "started (draft)";
    if (st == forms::Status::Returned)
        return "returned to you: change and submit again";
    if (on_server)
        return std::string(forms::to_string(st)) +
               (st == forms::Status::Submitted ? " — on the server, awaiting review" : "");
    if (!row.sent)
        return std::string(forms::to_string(st)) + " — not sent yet";
    // On a file the consultancy's review does not come back: say what this database knows.
    return st == forms::Status::Submitted
               ? "sent — review not known here"
               : "sent — " + std::string(forms::to_string(st)) + " (as this database knows)";
}

forms::Visit visit_header_from(storage::Store& store, const storage::Assignment& a,
                               const std::string& now) {
    forms::Visit v;
    v.template_id = a.template_id;
    v.template_version = a.template_version;
    if (!store.find_template(a.template_id, a.template_version))
        throw InputError("", "scorecard",
                         "This database lacks the scorecard " + a.template_id + " version " +
                             std::to_string(a.template_version) +
                             " of the assignment: open its assignment bundle again.");
    v.client = a.client;
    const auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, true, false);
    const auto* c = find_client(clients, a.client);
    if (!c)
        throw InputError("", "client",
                         "This database does not know the client \"" + a.client +
                             "\" of the assignment: open its assignment bundle again.");
    bool branch_found = false;
    for (const auto& b : store.org_list(storage::OrgKind::Branch, c->id, true, false))
        if (b.code == a.branch) {
            v.branch = b.code;
            v.branch_name = b.name;
            v.region = b.parent;
            branch_found = true;
        }
    if (!branch_found)
        throw InputError("", "branch",
                         "This database does not know the branch " + a.branch +
                             " of the assignment: open its assignment bundle again.");
    v.shopper = a.shopper;
    for (const auto& s : store.org_list(storage::OrgKind::Shopper, c->id, true, false))
        if (s.code == a.shopper)
            v.shopper_name = s.name;
    if (v.shopper.empty())
        throw InputError("", "shopper", "The assignment is not given to a shopper.");
    v.visited_at = now;
    v.status = forms::Status::Draft;
    put_assignment(v, a.uuid);
    return v;
}

bool keep_assignment_fields(const forms::VisitHeader& before, forms::VisitHeader& after) {
    const std::string uuid = get_assignment(before);
    if (uuid.empty())
        return false;
    const auto fixed = [](const forms::VisitHeader& h) {
        return std::tie(h.client, h.branch, h.branch_name, h.region, h.template_id,
                        h.template_version, h.shopper, h.shopper_name);
    };
    const bool changed = fixed(before) != fixed(after) || get_assignment(after) != uuid;
    after.client = before.client;
    after.branch = before.branch;
    after.branch_name = before.branch_name;
    after.region = before.region;
    after.template_id = before.template_id;
    after.template_version = before.template_version;
    after.shopper = before.shopper;
    after.shopper_name = before.shopper_name;
    put_assignment(after, uuid);
    return changed;
}

} // namespace vs::app
