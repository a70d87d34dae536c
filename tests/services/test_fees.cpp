// services/fees.h and exports/statement.h on a real SQLite file: each approved visit of the
// month earns its assignment's fee, or the database's default fee without an assignment; one
// statement per shopper with its total; the CSV and the workbook (read back with openpyxl:
// amounts are numbers with a currency format, totals SUM formulas). And no file made for a
// client (the client workbook, the visits CSV) holds a fee: neither the column nor an amount.

#include "forms/csv.h"
#include "forms/dates.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "jobs_fixture.h"
#include "services/export.h"
#include "services/fees.h"
#include "services/plan.h"
#include "services/review.h"
#include "storage/demo.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace {

using namespace vs;
using nlohmann::json;

// Amounts no score, count or date of the demo data can look like.
constexpr std::int64_t kAssignmentFee = 98713; // 987.13
constexpr std::int64_t kDefaultFee = 4271;     // 42.71

struct FeeData {
    std::string path;
    std::string month;
    std::string client;
    std::set<std::string> with_assignment; ///< visit uuids made for an assignment
    std::vector<forms::Visit> visits;
};

/// A database of demo visits where every third approved visit of the busiest month was made for
/// an assignment with kAssignmentFee, and the default fee is kDefaultFee.
const FeeData& data() {
    static const FeeData d = [] {
        FeeData d;
        d.path = (test::jobs_dir() / "fees.db").string();
        auto store = storage::open_sqlite(d.path, storage::OpenMode::CreateOnDisk);
        std::vector<std::shared_ptr<const forms::Template>> templates;
        for (const auto& [file, text] : templates::bundled()) {
            forms::Template t = forms::parse_template(text, std::string(file));
            store->add_template(t, std::string(file));
            templates.push_back(store->find_template(t.id, t.version));
        }
        storage::DemoOptions options;
        options.visits = 400;
        options.seed = 11;
        storage::DemoData demo = storage::make_demo_data(templates, options);
        std::map<std::string, int> per_month;
        for (const auto& v : demo.visits)
            if (v.status == forms::Status::Approved)
                ++per_month[v.visited_at.substr(0, 7)];
        d.month = std::max_element(per_month.begin(), per_month.end(), [](auto& a, auto& b) {
                      return a.second < b.second;
                  })->first;
        int n = 0;
        std::vector<storage::Assignment> items;
        for (auto& v : demo.visits) {
            if (v.status != forms::Status::Approved || v.visited_at.substr(0, 7) != d.month ||
                n++ % 3 != 0)
                continue;
            v.assignment = "asg-" + v.uuid;
            d.with_assignment.insert(v.uuid);
            if (d.client.empty())
                d.client = v.client;
        }
        store->import_visits(demo.visits, "demo");
        for (const auto& v : demo.visits) {
            if (v.assignment.empty())
                continue;
            storage::Assignment a;
            a.uuid = v.assignment;
            a.client = v.client;
            a.branch = v.branch;
            a.template_id = v.template_id;
            a.template_version = v.template_version;
            a.window_from = v.visited_at.substr(0, 10);
            a.window_to = v.visited_at.substr(0, 10);
            a.shopper = v.shopper;
            a.fee_cents = kAssignmentFee;
            a.status = "visited";
            a.visit_uuid = v.uuid;
            items.push_back(a);
        }
        store->put_assignments(items, "test");
        store->set_setting(services::kDefaultFeeSetting, std::to_string(kDefaultFee));
        d.visits = demo.visits;
        return d;
    }();
    return d;
}

std::string read_text(const std::string& path) {
    return forms::read_file(path);
}

/// The first sheet's cells of a workbook through openpyxl: coordinate -> [value, number format].
json workbook_cells(const std::string& path) {
    const std::string script =
        "import json,sys,openpyxl\n"
        "wb=openpyxl.load_workbook(sys.argv[1]); ws=wb.worksheets[0]\n"
        "vals=openpyxl.load_workbook(sys.argv[1],data_only=True).worksheets[0]\n"
        "print(json.dumps({c.coordinate:[str(c.value),vals[c.coordinate].value,c.number_format] "
        "for r in ws.iter_rows() for c in r if c.value is not None}))\n";
    const std::string script_path = (test::jobs_dir() / "cells.py").string();
    std::ofstream(script_path) << script;
    const std::string cmd = "/usr/bin/python3 " + script_path + " '" + path + "' 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        out.append(buf, n);
    BOOST_REQUIRE_MESSAGE(::pclose(pipe) == 0, out);
    return json::parse(out);
}

} // namespace

BOOST_AUTO_TEST_SUITE(fees)

BOOST_AUTO_TEST_CASE(statements_hold_each_approved_visit_of_the_month_with_its_fee) {
    const FeeData& d = data();
    auto store = storage::open_sqlite(d.path, storage::OpenMode::MustExist);
    const auto st = services::fee_statements(*store, d.month);
    BOOST_TEST(st.month == d.month);
    BOOST_TEST(st.currency == "GBP");
    std::map<std::pair<std::string, std::string>, std::int64_t> expected; // (client, shopper)
    std::size_t approved = 0;
    for (const auto& v : d.visits)
        if (v.status == forms::Status::Approved && v.visited_at.substr(0, 7) == d.month) {
            ++approved;
            expected[{v.client, v.shopper}] +=
                d.with_assignment.count(v.uuid) ? kAssignmentFee : kDefaultFee;
        }
    BOOST_TEST_REQUIRE(!d.with_assignment.empty());
    std::size_t lines = 0;
    std::int64_t total = 0;
    BOOST_TEST(st.shoppers.size() == expected.size());
    for (const auto& s : st.shoppers) {
        std::int64_t sum = 0;
        for (const auto& l : s.lines) {
            BOOST_TEST(l.visit_date.substr(0, 7) == d.month);
            BOOST_TEST(l.fee_cents ==
                       (d.with_assignment.count(l.visit_uuid) ? kAssignmentFee : kDefaultFee));
            BOOST_TEST(l.assignment.empty() == !d.with_assignment.count(l.visit_uuid));
            sum += l.fee_cents;
        }
        BOOST_TEST(std::is_sorted(s.lines.begin(), s.lines.end(),
                                  [](auto& a, auto& b) { return a.visit_date < b.visit_date; }));
        BOOST_TEST(sum == s.total_cents);
        BOOST_TEST(s.total_cents == (expected[{s.client, s.shopper_code}]));
        lines += s.lines.size();
        total += s.total_cents;
    }
    BOOST_TEST(lines == approved);
    BOOST_TEST(total == st.total_cents);

    // One shopper only.
    const std::string code = st.shoppers.front().shopper_code;
    const auto one = services::fee_statements(*store, d.month, code);
    for (const auto& s : one.shoppers)
        BOOST_TEST(s.shopper_code == code);
    BOOST_TEST(!one.shoppers.empty());

    // A month without visits: no statement, total 0.
    const auto none = services::fee_statements(*store, "1995-01");
    BOOST_TEST(none.shoppers.empty());
    BOOST_TEST(none.total_cents == 0);
    BOOST_CHECK_THROW(services::fee_statements(*store, "2026-13"), vs::InputError);
    BOOST_CHECK_THROW(services::fee_statements(*store, "2026-1"), vs::InputError);
}

BOOST_AUTO_TEST_CASE(approval_time_and_default_settings) {
    const std::string path = test::demo_database("fees_defaults.db", 200);
    auto store = storage::open_sqlite(path, storage::OpenMode::MustExist);
    // A submitted visit approved now: its line carries the approval's time.
    storage::VisitListQuery q;
    q.status = forms::Status::Submitted;
    const auto ids = store->visit_ids(q);
    BOOST_TEST_REQUIRE(!ids.empty());
    const auto visit = store->load_visit(ids.front()).visit;
    services::approve(*store, ids.front(), "reviewer-for-fees", "");
    const std::string month = visit.visited_at.substr(0, 7);
    const auto st = services::fee_statements(*store, month, visit.shopper);
    bool found = false;
    for (const auto& s : st.shoppers)
        for (const auto& l : s.lines)
            if (l.visit_uuid == visit.uuid) {
                found = true;
                BOOST_TEST(l.approved_at.size() >= 19u);
                BOOST_TEST(l.fee_cents == 0); // no default fee set
            }
    BOOST_TEST(found);
    store->set_setting(services::kDefaultFeeSetting, "12.5");
    BOOST_CHECK_THROW(services::fee_statements(*store, month), vs::InputError);
    store->set_setting(services::kDefaultFeeSetting, "1250");
    store->set_setting(services::kCurrencySetting, "EUR");
    const auto eur = services::fee_statements(*store, month, visit.shopper);
    BOOST_TEST(eur.currency == "EUR");
    for (const auto& s : eur.shoppers)
        for (const auto& l : s.lines)
            BOOST_TEST(l.fee_cents == 1250);
}

BOOST_AUTO_TEST_CASE(csv_and_workbook_hold_the_lines_and_totals) {
    const FeeData& d = data();
    auto store = storage::open_sqlite(d.path, storage::OpenMode::MustExist);
    const auto st = services::fee_statements(*store, d.month);
    const std::string csv = (test::jobs_dir() / "statement.csv").string();
    services::write_statements_file(csv, st);
    std::istringstream in(read_text(csv));
    std::string line;
    std::getline(in, line);
    BOOST_TEST(line == "kind,month,client,shopper,shopper_name,visit_date,branch,scorecard,"
                       "visit_uuid,approved_at,assignment,fee,currency\r");
    std::size_t visits = 0, totals = 0;
    while (std::getline(in, line)) {
        if (line.rfind("visit,", 0) == 0) {
            ++visits;
            BOOST_TEST((line.find(",987.13,GBP\r") != std::string::npos ||
                        line.find(",42.71,GBP\r") != std::string::npos),
                       line);
        } else if (line.rfind("total,", 0) == 0) {
            ++totals;
        }
    }
    std::size_t lines = 0;
    for (const auto& s : st.shoppers)
        lines += s.lines.size();
    BOOST_TEST(visits == lines);
    BOOST_TEST(totals == st.shoppers.size());

    const std::string xlsx = (test::jobs_dir() / "statement.xlsx").string();
    services::write_statements_file(xlsx, st);
    const json cells = workbook_cells(xlsx);
    BOOST_TEST(cells["A1"][0].get<std::string>() == "Shopper statements " + d.month + " (GBP)");
    // Every fee is a number formatted as pounds; each shopper's total a SUM of its lines.
    std::size_t fees = 0, sums = 0;
    double grand = -1;
    for (const auto& [coord, c] : cells.items()) {
        if (coord[0] != 'H' || coord == "H1")
            continue;
        if (c[0].get<std::string>() == "Fee")
            continue;
        BOOST_TEST(c[2].get<std::string>().find("£") != std::string::npos, coord);
        BOOST_TEST_REQUIRE(c[1].is_number(), coord);
        const std::string v = c[0].get<std::string>();
        if (v.rfind("=SUM(", 0) == 0)
            ++sums;
        else if (v.front() == '=')
            grand = c[1].get<double>();
        else {
            ++fees;
            const double x = c[1].get<double>();
            BOOST_TEST((x == 987.13 || x == 42.71), coord);
        }
    }
    BOOST_TEST(fees == lines);
    BOOST_TEST(sums == st.shoppers.size());
    BOOST_TEST(grand == static_cast<double>(st.total_cents) / 100.0,
               boost::test_tools::tolerance(1e-9));

    BOOST_CHECK_THROW(services::write_statements_file((test::jobs_dir() / "s.txt").string(), st),
                      vs::InputError);
}

BOOST_AUTO_TEST_CASE(no_client_file_holds_a_fee) {
    const FeeData& d = data();
    auto store = storage::open_sqlite(d.path, storage::OpenMode::MustExist);
    services::ClientReportRequest request;
    request.filter.client = d.client;
    request.path = (test::jobs_dir() / "client_fees.xlsx").string();
    BOOST_TEST_REQUIRE(services::write_client_report(*store, request).visits > 0);
    storage::VisitFilter all;
    all.client = d.client;
    all.statuses.clear();
    const std::string csv = (test::jobs_dir() / "client_fees.csv").string();
    BOOST_TEST_REQUIRE(services::write_visits_csv(*store, all, csv) > 0);

    // Every part of the workbook (cells, shared strings, notes, properties) and the CSV.
    const std::string workbook = test::read_workbook(request.path).dump();
    std::string parts_text;
    {
        const std::string cmd = std::string("/usr/bin/python3 ") + VS_DUMP_XLSX + " '" +
                                request.path + "' --parts 2>&1";
        FILE* pipe = ::popen(cmd.c_str(), "r");
        char buf[65536];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
            parts_text.append(buf, n);
        BOOST_TEST_REQUIRE(::pclose(pipe) == 0);
    }
    const std::string text = read_text(csv);
    const std::string* files[] = {&workbook, &parts_text, &text};
    for (const std::string* file : files) {
        for (const char* amount : {"987.13", "98713", "42.71", "4271", "987,13", "42,71"})
            BOOST_TEST(file->find(amount) == std::string::npos, amount);
        // Scorecards may speak of fees (a question on exit fees): what must not appear is
        // the statements' own names.
        for (const char* name : {"fee_cents", "fees.default", "Shopper statements", "Fee (",
                                 "\"Fee\"", ">Fee<", "assignment_fees"})
            BOOST_TEST(file->find(name) == std::string::npos, name);
    }
    // The CSV's header names no fee, currency or assignment column.
    std::string header = text.substr(0, text.find('\r'));
    std::istringstream columns(header);
    for (std::string column; std::getline(columns, column, ',');) {
        BOOST_TEST(column.find("fee") == std::string::npos, column);
        BOOST_TEST(column != "currency");
        BOOST_TEST(column != "assignment");
    }
}

BOOST_AUTO_TEST_CASE(the_demos_visited_assignments_pay_their_visits_their_fees) {
    const std::string path = (test::jobs_dir() / "fees-demo.db").string();
    auto store = storage::open_sqlite(path, storage::OpenMode::CreateOnDisk);
    std::vector<std::shared_ptr<const forms::Template>> templates;
    for (const auto& [file, text] : templates::bundled()) {
        forms::Template t = forms::parse_template(text, std::string(file));
        store->add_template(t, std::string(file));
        templates.push_back(store->find_template(t.id, t.version));
    }
    storage::DemoOptions options;
    options.visits = 400;
    options.seed = 5;
    store->import_visits(storage::make_demo_data(templates, options).visits, "demo");
    BOOST_TEST(storage::add_demo_assignments(*store, options, services::today_day()) > 0u);
    std::size_t visited = 0, paid = 0;
    for (const storage::Assignment& a : store->assignments({})) {
        if (a.status != "visited")
            continue;
        ++visited;
        BOOST_TEST_CONTEXT("assignment " << a.uuid) {
            const auto id = store->visit_id_of(a.visit_uuid);
            BOOST_REQUIRE(id.has_value());
            const storage::StoredVisit v = store->load_visit(*id);
            BOOST_TEST(v.visit.assignment == a.uuid); // the visit names its assignment
            BOOST_REQUIRE(a.fee_cents.has_value());
            if (v.visit.status != forms::Status::Approved)
                continue;
            for (const auto& s :
                 services::fee_statements(*store, v.visit.visited_at.substr(0, 7)).shoppers)
                for (const auto& line : s.lines)
                    if (line.visit_uuid == a.visit_uuid) {
                        BOOST_TEST(line.assignment == a.uuid);
                        BOOST_TEST(line.fee_cents == *a.fee_cents); // not the default fee
                        ++paid;
                    }
        }
    }
    BOOST_TEST(visited > 0u);
    BOOST_TEST(paid > 0u);
    BOOST_TEST(store->verify_audit("").ok());
}

BOOST_AUTO_TEST_SUITE_END()
