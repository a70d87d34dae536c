// The demo data generator: deterministic, valid against the bundled templates, and shaped so that
// reports show real differences (storage/demo.h).

#include "forms/answer.h"
#include "forms/dates.h"
#include "forms/json_read.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"
#include "storage/demo.h"

#include <algorithm>
#include <array>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using vs::forms::Status;
using vs::forms::Template;
using vs::forms::Visit;
using vs::storage::DemoData;
using vs::storage::DemoOptions;

using Templates = std::vector<std::shared_ptr<const Template>>;

const Templates& bundled() {
    static const Templates templates = [] {
        Templates t;
        for (const char* name : {"branch-visit", "phone-enquiry", "staged-complaint"}) {
            const std::string path =
                (std::filesystem::path(VS_TEMPLATES) / (std::string(name) + ".json")).string();
            t.push_back(std::make_shared<const Template>(
                vs::forms::parse_template(vs::forms::read_file(path), path)));
        }
        return t;
    }();
    return templates;
}

const Template& template_of(const Visit& v) {
    for (const auto& t : bundled())
        if (t->id == v.template_id && t->version == v.template_version)
            return *t;
    throw std::runtime_error("unknown template " + v.template_id);
}

DemoData generate(std::size_t visits, std::uint64_t seed) {
    DemoOptions options;
    options.visits = visits;
    options.seed = seed;
    return vs::storage::make_demo_data(bundled(), options);
}

const DemoData& seven() {
    static const DemoData data = generate(2000, 7);
    return data;
}

std::vector<std::string> dumps(const DemoData& data) {
    std::vector<std::string> out;
    for (const Visit& v : data.visits)
        out.push_back(v.to_json().dump());
    return out;
}

/// Lower-case 8-4-4-4-12 hex with version 4 and the RFC 4122 variant.
bool uuid_v4(const std::string& u) {
    if (u.size() != 36)
        return false;
    for (std::size_t i = 0; i < u.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = u[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return u[14] == '4' && std::string_view("89ab").find(u[19]) != std::string_view::npos;
}

double share(const DemoData& data, Status status) {
    const auto n = std::count_if(data.visits.begin(), data.visits.end(),
                                 [&](const Visit& v) { return v.status == status; });
    return static_cast<double>(n) / static_cast<double>(data.visits.size());
}

} // namespace

BOOST_AUTO_TEST_SUITE(demo)

BOOST_AUTO_TEST_CASE(same_seed_same_data_other_seed_other_data) {
    const DemoData& a = seven();
    BOOST_REQUIRE_EQUAL(a.visits.size(), 2000u);
    const DemoData b = generate(2000, 7);
    const auto da = dumps(a);
    const auto db = dumps(b);
    BOOST_CHECK(da == db);
    BOOST_REQUIRE_EQUAL(a.trainings.size(), b.trainings.size());
    for (std::size_t i = 0; i < a.trainings.size(); ++i) {
        BOOST_CHECK_EQUAL(a.trainings[i].id, b.trainings[i].id);
        BOOST_CHECK(a.trainings[i].employees == b.trainings[i].employees);
        BOOST_CHECK_EQUAL(a.trainings[i].date, b.trainings[i].date);
    }
    const DemoData c = generate(2000, 8);
    BOOST_CHECK(dumps(c) != da);
    BOOST_CHECK_NE(c.visits.front().uuid, a.visits.front().uuid);
}

BOOST_AUTO_TEST_CASE(streaming_gives_the_same_visits) {
    DemoOptions options;
    options.visits = 2000;
    options.seed = 7;
    std::vector<std::string> streamed;
    const auto trainings = vs::storage::make_demo_data(
        bundled(), options, [&](Visit&& v) { streamed.push_back(v.to_json().dump()); });
    BOOST_CHECK(streamed == dumps(seven()));
    BOOST_CHECK_EQUAL(trainings.size(), seven().trainings.size());
}

BOOST_AUTO_TEST_CASE(every_visit_is_valid_and_applicable) {
    std::set<std::string> uuids;
    std::string previous;
    std::size_t index = 0;
    for (const Visit& v : seven().visits) {
        const std::string where = "visits[" + std::to_string(index++) + "]";
        BOOST_TEST_CONTEXT(where << " " << v.uuid) {
            const Template& tpl = template_of(v);
            vs::forms::Answers answers;
            BOOST_REQUIRE_NO_THROW(answers = vs::forms::check_visit(tpl, v, "demo", where));
            // No answers to hidden questions: the checked answers give back the same JSON.
            BOOST_CHECK_EQUAL(vs::forms::answers_to_json(tpl, answers).dump(), v.answers.dump());
            const auto result = vs::scoring::score_visit(tpl, answers);
            BOOST_CHECK(result.meets_min_applicable(tpl));
            BOOST_CHECK(result.score.has_value());

            BOOST_CHECK(uuids.insert(v.uuid).second);
            BOOST_CHECK(uuid_v4(v.uuid));
            // Date order, within the year before end_day, business hours, no Sundays.
            BOOST_CHECK_LE(previous, v.visited_at);
            previous = v.visited_at;
            const auto day = vs::forms::parse_day(v.visited_at);
            BOOST_REQUIRE(day.has_value());
            BOOST_CHECK_LE(*day, DemoOptions{}.end_day);
            BOOST_CHECK_GT(*day, DemoOptions{}.end_day - 365);
            BOOST_CHECK_NE((*day + 4) % 7, 0);
            const std::string hhmm = v.visited_at.substr(11, 5);
            BOOST_CHECK(hhmm >= "09:00" && hhmm < "17:30");
            BOOST_CHECK(!v.summary.empty());
            BOOST_CHECK(!v.shopper.empty() && !v.shopper_name.empty());
            BOOST_CHECK(!v.region.empty() && !v.branch_name.empty());
            if (!v.employee.empty())
                BOOST_CHECK(!v.employee_name.empty());
            else
                BOOST_CHECK(v.section_employees.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(organisation_is_big_enough_and_consistent) {
    std::set<std::string> clients, branches, employees;
    std::map<std::string, std::set<std::string>> shoppers; // client -> codes
    std::map<std::string, std::string> employee_branch;    // client/employee -> branch
    std::map<std::string, std::string> branch_region;      // client/branch -> region
    std::size_t no_employee = 0, no_sections = 0, reassigned = 0, commented = 0;
    bool consistent = true;
    for (const Visit& v : seven().visits) {
        clients.insert(v.client);
        branches.insert(v.client + "/" + v.branch);
        shoppers[v.client].insert(v.shopper);
        auto [br, fresh_branch] = branch_region.emplace(v.client + "/" + v.branch, v.region);
        consistent = consistent && br->second == v.region;
        auto note = [&](const std::string& code) {
            employees.insert(v.client + "/" + code);
            auto [it, fresh] = employee_branch.emplace(v.client + "/" + code, v.branch);
            consistent = consistent && it->second == v.branch;
        };
        if (v.employee.empty())
            ++no_employee;
        else
            note(v.employee);
        if (v.section_employees.empty())
            ++no_sections;
        bool other = false;
        for (const auto& [section, code] : v.section_employees) {
            note(code);
            other = other || code != v.employee;
        }
        reassigned += other ? 1 : 0;
        commented += v.comments.empty() ? 0 : 1;
    }
    BOOST_CHECK(consistent); // every employee works in one branch, every branch in one region
    BOOST_CHECK_EQUAL(clients.size(), 3u);
    BOOST_CHECK_GE(branches.size(), 24u);
    BOOST_CHECK_GE(employees.size(), 110u);
    for (const auto& [client, codes] : shoppers)
        BOOST_CHECK_MESSAGE(codes.size() >= 10, client << " has " << codes.size() << " shoppers");

    const double n = static_cast<double>(seven().visits.size());
    BOOST_CHECK_CLOSE_FRACTION(no_employee / n, 0.03, 0.6);
    BOOST_CHECK(no_sections / n > 0.18 && no_sections / n < 0.35);
    BOOST_CHECK(reassigned / n > 0.05 && reassigned / n < 0.15);
    BOOST_CHECK(commented / n > 0.2 && commented / n < 0.45);
}

BOOST_AUTO_TEST_CASE(status_mix_and_templates) {
    const DemoData& d = seven();
    BOOST_CHECK(share(d, Status::Approved) > 0.80 && share(d, Status::Approved) < 0.90);
    BOOST_CHECK(share(d, Status::Submitted) > 0.04 && share(d, Status::Submitted) < 0.13);
    BOOST_CHECK(share(d, Status::Returned) > 0.015 && share(d, Status::Returned) < 0.07);
    BOOST_CHECK(share(d, Status::Excluded) > 0.01 && share(d, Status::Excluded) < 0.06);
    BOOST_CHECK_EQUAL(share(d, Status::Draft), 0.0);

    std::map<std::string, std::size_t> templates;
    for (const Visit& v : d.visits)
        ++templates[v.template_id];
    BOOST_REQUIRE_EQUAL(templates.size(), 3u);
    BOOST_CHECK_GT(templates["branch-visit"], templates["phone-enquiry"]);
    BOOST_CHECK_GT(templates["branch-visit"], templates["staged-complaint"]);
}

BOOST_AUTO_TEST_CASE(critical_failures_are_rare_and_scores_vary) {
    std::size_t critical = 0, complaint_scenario = 0, branch_visits = 0;
    std::map<std::string, std::pair<double, int>> by_branch;
    for (const Visit& v : seven().visits) {
        const Template& tpl = template_of(v);
        const auto result = vs::scoring::score_visit(tpl, vs::forms::check_visit(tpl, v, "", ""));
        if (!result.critical_failures.empty()) {
            ++critical;
            for (const std::string& q : result.critical_failures)
                BOOST_CHECK_MESSAGE(v.comments.count(q), "critical failure without a comment");
        }
        if (v.template_id == "branch-visit") {
            ++branch_visits;
            complaint_scenario += v.answers.value("scenario_run", "") == "enquiry_and_complaint";
        }
        if (v.status == Status::Approved && result.score) {
            auto& b = by_branch[v.client + "/" + v.branch];
            b.first += *result.score;
            ++b.second;
        }
    }
    const double rate = static_cast<double>(critical) / static_cast<double>(seven().visits.size());
    BOOST_CHECK_GT(critical, 0u);
    BOOST_CHECK_LT(rate, 0.06);
    const double complaint_share =
        static_cast<double>(complaint_scenario) / static_cast<double>(branch_visits);
    BOOST_CHECK(complaint_share > 0.25 && complaint_share < 0.45);

    // Branches clearly differ.
    double lo = 100, hi = 0;
    for (const auto& [branch, s] : by_branch) {
        lo = std::min(lo, s.first / s.second);
        hi = std::max(hi, s.first / s.second);
    }
    BOOST_CHECK_GT(hi - lo, 15.0);
}

BOOST_AUTO_TEST_CASE(trainings_reference_employees_of_their_client) {
    const DemoData& d = seven();
    BOOST_CHECK_GE(d.trainings.size(), 4u);
    BOOST_CHECK_LE(d.trainings.size(), 6u);
    std::map<std::string, std::set<std::string>> staff; // client -> employee codes
    for (const Visit& v : d.visits) {
        if (!v.employee.empty())
            staff[v.client].insert(v.employee);
        for (const auto& [section, code] : v.section_employees)
            staff[v.client].insert(code);
    }
    std::set<std::string> ids;
    for (const auto& t : d.trainings) {
        BOOST_TEST_CONTEXT(t.id) {
            BOOST_CHECK(ids.insert(t.id).second);
            BOOST_CHECK_EQUAL(t.id[0], 'T');
            BOOST_CHECK(!t.title.empty());
            BOOST_CHECK(!t.trainer.empty());
            BOOST_REQUIRE(vs::forms::parse_day(t.date).has_value());
            BOOST_REQUIRE(staff.count(t.client));
            BOOST_CHECK(t.employees.size() >= 8 && t.employees.size() <= 15);
            BOOST_CHECK_EQUAL(std::set<std::string>(t.employees.begin(), t.employees.end()).size(),
                              t.employees.size());
            for (const std::string& e : t.employees)
                BOOST_CHECK_MESSAGE(staff[t.client].count(e), e << " is not staff of " << t.client);
            BOOST_REQUIRE_EQUAL(t.sections.size(), 1u);
            bool known = false;
            for (const auto& tpl : bundled())
                known = known || tpl->find_section(t.sections.front()) >= 0;
            BOOST_CHECK(known);
            // Mid-year: a full 90-day window on both sides.
            const int day = *vs::forms::parse_day(t.date);
            BOOST_CHECK_GE(day - 90, DemoOptions{}.end_day - 364);
            BOOST_CHECK_LE(day + 90, DemoOptions{}.end_day + 1);
        }
    }
}

// The trained employees improve in the trained section; the others do not (SCORING.md §7).
BOOST_AUTO_TEST_CASE(training_works_and_the_control_stays_flat) {
    const DemoData d = generate(30000, 7);
    double did_sum = 0, control_sum = 0;
    for (const auto& t : d.trainings) {
        const int date = *vs::forms::parse_day(t.date);
        std::array<std::pair<double, int>, 4> cells{}; // trained pre/post, control pre/post
        for (const Visit& v : d.visits) {
            if (v.client != t.client || v.employee.empty() || v.status != Status::Approved)
                continue;
            const int day = *vs::forms::parse_day(v.visited_at);
            if (day < date - 90 || day >= date + 90)
                continue;
            const Template& tpl = template_of(v);
            const int si = tpl.find_section(t.sections.front());
            if (si < 0)
                continue;
            const auto r = vs::scoring::score_visit(tpl, vs::forms::check_visit(tpl, v, "", ""));
            const auto& s = r.sections[static_cast<std::size_t>(si)].score;
            if (!s)
                continue;
            const bool trained =
                std::find(t.employees.begin(), t.employees.end(), v.employee) != t.employees.end();
            auto& cell = cells[(trained ? 0 : 2) + (day >= date ? 1 : 0)];
            cell.first += *s;
            ++cell.second;
        }
        for (const auto& c : cells)
            BOOST_REQUIRE_GT(c.second, 20);
        auto mean = [](const std::pair<double, int>& c) { return c.first / c.second; };
        const double trained = mean(cells[1]) - mean(cells[0]);
        const double control = mean(cells[3]) - mean(cells[2]);
        BOOST_TEST_MESSAGE(t.id << ": trained " << trained << ", control " << control);
        BOOST_CHECK_GT(trained - control, 3.0);
        did_sum += trained - control;
        control_sum += control;
    }
    const auto n = static_cast<double>(d.trainings.size());
    BOOST_CHECK_GT(did_sum / n, 6.0);
    BOOST_CHECK_LT(std::abs(control_sum / n), 2.5);
}

BOOST_AUTO_TEST_SUITE_END()
