#include "fixture.h"

#include "exports/xlsx.h"
#include "forms/json_io.h"
#include "storage/demo.h"
#include "templates/bundled.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace vs::test {

exports::VisitSource source(const std::vector<exports::VisitRecord>& records) {
    return [&records](const exports::VisitSink& sink) {
        for (const auto& r : records)
            sink(r);
    };
}

std::filesystem::path temp_dir() {
    // Never destroyed: the exit handler that removes the folder runs after static destructors.
    static const auto* dir = [] {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "vs-exports-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        std::atexit([] {
            std::error_code ec;
            if (!std::getenv("VS_KEEP_TEST_FILES"))
                std::filesystem::remove_all(temp_dir(), ec);
        });
        return new std::filesystem::path(pattern);
    }();
    return *dir;
}

nlohmann::json dump_xlsx(const std::string& path, bool parts, const std::string& only) {
    const std::string cmd = std::string("/usr/bin/python3 ") + VS_DUMP_XLSX + " '" + path + "'" +
                            (parts ? " --parts" : "") +
                            (only.empty() ? "" : " --only '" + only + "'") + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot run " + cmd);
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        out.append(buf, n);
    const int status = ::pclose(pipe);
    if (status != 0)
        throw std::runtime_error("dump_xlsx.py failed: " + out.substr(0, 2000));
    return nlohmann::json::parse(out);
}

SmallData small_data(std::size_t visits,
                     const std::function<void(std::vector<forms::Visit>&)>& edit,
                     const std::vector<forms::Template>& templates) {
    SmallData d;
    d.store = storage::open_sqlite(":memory:");
    auto add = [&](const forms::Template& t, const std::string& file) {
        d.store->add_template(t, file);
        d.templates.push_back(d.store->find_template(t.id, t.version));
    };
    if (templates.empty())
        for (const auto& [name, text] : templates::bundled())
            add(forms::parse_template(text, std::string(name)), std::string(name));
    for (const auto& t : templates)
        add(t, t.id + ".json");
    storage::DemoOptions options;
    options.visits = visits;
    options.seed = 11;
    storage::DemoData demo = storage::make_demo_data(d.templates, options);
    for (auto& v : demo.visits)
        v.status = forms::Status::Approved;
    if (edit)
        edit(demo.visits);
    d.store->import_visits(demo.visits, "demo");
    storage::VisitFilter approved;
    d.facts = d.store->load_facts(approved, true);
    d.store->visit_details(approved,
                           [&](const storage::VisitDetail& v) { d.records.push_back(v); });
    return d;
}

exports::ReportInput SmallData::input() const {
    exports::ReportInput in;
    in.facts = &facts;
    in.visits = source(records);
    return in;
}

nlohmann::json write_and_read(const std::string& path, const exports::ReportInput& input,
                              const exports::ReportOptions& options) {
    exports::write_client_report(path, input, options);
    return dump_xlsx(path, true);
}

std::string cell_name(int row, int col) {
    return exports::column_letters(col) + std::to_string(row + 1);
}

const Data& data() {
    static const Data d = [] {
        Data d;
        d.store = storage::open_sqlite(":memory:");
        for (const auto& [name, text] : templates::bundled()) {
            forms::Template t = forms::parse_template(text, std::string(name));
            d.store->add_template(t, std::string(name));
            d.templates.push_back(d.store->find_template(t.id, t.version));
        }
        storage::DemoOptions options;
        options.visits = 700;
        options.seed = 7;
        storage::DemoData demo = storage::make_demo_data(d.templates, options);
        // Hand-made visits: copies of approved demo visits by a shopper with a distinctive name,
        // with comments that try formula injection and mention the shopper.
        std::vector<forms::Visit> extra;
        for (const auto& v : demo.visits) {
            if (v.status != forms::Status::Approved || extra.size() == 4)
                continue;
            forms::Visit x = v;
            x.uuid = "00000000-0000-4000-8000-00000000000" + std::to_string(extra.size());
            x.shopper = kShopperCode;
            x.shopper_name = kShopperName;
            x.comments.clear();
            const auto tpl = d.store->find_template(x.template_id, x.template_version);
            x.comments[tpl->questions[1].id] = extra.size() % 2 ? kInjection2 : kInjection;
            x.summary = "@SUM(1+1) " + kShopperName + " (" + kShopperCode + ") was served well.";
            extra.push_back(std::move(x));
        }
        demo.visits.insert(demo.visits.end(), extra.begin(), extra.end());
        d.store->import_visits(demo.visits, "demo");
        // A small demo leaves some trained staff without visits: keep the ones the data knows.
        std::set<std::pair<std::string, std::string>> staff;
        for (const auto& v : demo.visits)
            staff.emplace(v.client, v.employee);
        for (auto& t : demo.trainings)
            std::erase_if(t.employees, [&](const std::string& e) {
                return !staff.count({t.client, e});
            });
        d.store->add_trainings(demo.trainings, "demo");
        for (const auto& t : demo.trainings)
            d.trainings.push_back({t.id, t.title, t.date, t.client, t.employees, t.sections});

        storage::VisitFilter approved;
        d.facts = d.store->load_facts(approved, true);
        d.store->visit_details(approved,
                               [&](const storage::VisitDetail& v) { d.records.push_back(v); });
        storage::VisitFilter all;
        all.statuses.clear();
        d.store->visit_details(all, [&](const storage::VisitDetail& v) {
            d.shopper_codes.insert(v.shopper);
            if (!v.shopper_name.empty())
                d.shopper_names.insert(v.shopper_name);
            if (!v.employee.empty()) {
                d.employee_codes.insert(v.employee);
                d.employee_names.insert(v.employee_name);
            }
        });
        return d;
    }();
    return d;
}

} // namespace vs::test
