#pragma once
// Shared by the app tests: a temporary database with the bundled scorecards and a small
// organisation (from the demo generator).

#include "storage/demo.h"
#include "storage/sqlite_store.h"
#include "templates/bundled.h"

#include <filesystem>
#include <string>
#include <unistd.h>

namespace vs::test {

struct TempDir {
    std::filesystem::path dir;
    TempDir() {
        char tmpl[] = "/tmp/vs-app-XXXXXX";
        dir = ::mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

/// Stores the bundled scorecards and `visits` demo visits; returns the templates.
inline std::vector<std::shared_ptr<const forms::Template>> fill_demo(storage::Store& store,
                                                                     std::size_t visits) {
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [name, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(name));
        store.add_template(t, std::string(name));
        templates.push_back(store.find_template(t.id, t.version));
    }
    storage::DemoOptions o;
    o.visits = visits;
    o.seed = 7;
    storage::DemoData data = storage::make_demo_data(templates, o);
    store.import_visits(data.visits, "demo");
    return templates;
}

/// Stores the bundled scorecards, `visits` demo visits made with `seed` and the demo's
/// trainings; returns the templates.
inline std::vector<std::shared_ptr<const forms::Template>>
fill_demo_with_trainings(storage::Store& store, std::size_t visits,
                         std::uint64_t seed = storage::DemoOptions{}.seed) {
    auto templates = fill_demo(store, 0);
    storage::DemoOptions o;
    o.visits = visits;
    o.seed = seed;
    storage::DemoData data = storage::make_demo_data(templates, o);
    store.import_visits(data.visits, "demo");
    store.add_trainings(data.trainings, "demo");
    return templates;
}

/// A draft header on the branch-visit scorecard at a branch, employee and shopper that exist.
inline forms::Visit branch_visit_header(storage::Store& store) {
    forms::Visit v;
    auto tpl = store.latest_template("branch-visit");
    v.template_id = tpl->id;
    v.template_version = tpl->version;
    auto clients = store.org_list(storage::OrgKind::Client, std::nullopt, false);
    v.client = clients.at(0).name;
    auto branches = store.org_list(storage::OrgKind::Branch, clients[0].id, false);
    v.branch = branches.at(0).code;
    auto employees = store.org_list(storage::OrgKind::Employee, clients[0].id, false);
    v.employee = employees.at(0).code;
    auto shoppers = store.org_list(storage::OrgKind::Shopper, clients[0].id, false);
    v.shopper = shoppers.at(0).code;
    v.visited_at = "2026-11-02T10:30:00";
    v.status = forms::Status::Draft;
    return v;
}

/// A list query for one status.
inline storage::VisitListQuery with_status(forms::Status status) {
    storage::VisitListQuery q;
    q.status = status;
    return q;
}

} // namespace vs::test
