#include "exports/client_report/context.h"

#include "exports/pseudonym.h"
#include "exports/xlsx.h"
#include "forms/dates.h"
#include "forms/template.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <tuple>

namespace vs::exports::report {
namespace {

using scoring::GroupKey;
using scoring::VisitGroup;

constexpr int kMaxColumns = 16384; // columns of a worksheet

/// One row per group keyed (client, `key`), holding the means of its section groups; returns the
/// rows indexed by (client, key).
template <typename Row>
std::map<std::pair<std::int32_t, std::int32_t>, Row*>
make_rows(std::vector<Row>& rows, const std::vector<VisitGroup>& groups,
          const std::vector<VisitGroup>& section_groups, std::int32_t Row::*key) {
    rows.reserve(groups.size());
    for (const auto& g : groups) {
        Row r;
        r.g = &g;
        r.client = g.id.keys[0];
        r.*key = g.id.keys[1];
        rows.push_back(r);
    }
    std::map<std::pair<std::int32_t, std::int32_t>, Row*> index;
    for (auto& r : rows)
        index[{r.client, r.*key}] = &r;
    for (const auto& g : section_groups)
        if (auto it = index.find({g.id.keys[0], g.id.keys[1]}); it != index.end())
            it->second->sections[g.id.item] = {g.m.n, g.m.mean.value_or(0)};
    return index;
}

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

} // namespace

std::string thousands(std::size_t n) {
    const std::string digits = std::to_string(n);
    std::string s;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            s += ',';
        s += digits[i];
    }
    return s;
}

ReportContext::ReportContext(const ReportInput& input, const ReportOptions& options)
    : in(input), o(options), f(*input.facts) {
    compute();
    // Staff pseudonyms: the options' key, or one made for this report only.
    if (one_off_key()) {
        std::random_device device;
        for (int i = 0; i < 4; ++i) {
            char hex[9];
            std::snprintf(hex, sizeof hex, "%08x", device());
            pseudonym_key += hex;
        }
    } else {
        pseudonym_key = o.pseudonym_key;
    }
}

void ReportContext::compute() {
    const std::size_t nb = f.branches.names.size();
    const std::size_t ne = f.employees.names.size();
    branch_client.assign(nb, -1);
    branch_region.assign(nb, -1);
    employee_client.assign(ne, -1);
    std::vector<std::map<std::int32_t, std::size_t>> employee_branches(ne);
    std::set<std::int32_t> used_templates;
    int first_day = 0, last_day = 0;
    for (const auto& v : f.visits) {
        if (v.branch >= 0) {
            branch_client[static_cast<std::size_t>(v.branch)] = v.client;
            branch_region[static_cast<std::size_t>(v.branch)] = v.region;
        }
        if (v.employee >= 0) {
            employee_client[static_cast<std::size_t>(v.employee)] = v.client;
            ++employee_branches[static_cast<std::size_t>(v.employee)][v.branch];
        }
        used_templates.insert(v.tmpl);
        clients.insert(v.client);
        if (!scoring::is_na(v.score)) {
            first_day = counted == 0 ? v.day : std::min(first_day, v.day);
            last_day = counted == 0 ? v.day : std::max(last_day, v.day);
            ++counted;
            ++template_visits[v.tmpl];
        }
    }
    if (counted > 0)
        data_range = forms::day_to_string(first_day) + " to " + forms::day_to_string(last_day);
    employee_branch.assign(ne, -1);
    for (std::size_t e = 0; e < ne; ++e) {
        std::size_t best = 0;
        for (const auto& [b, count] : employee_branches[e])
            if (count > best) {
                best = count;
                employee_branch[e] = b;
            }
    }

    // Scorecards in a stable order: template id, then version.
    for (std::int32_t t : used_templates)
        templates.push_back(t);
    std::sort(templates.begin(), templates.end(), [&](std::int32_t a, std::int32_t b) {
        const auto& ta = *f.templates[static_cast<std::size_t>(a)].tpl;
        const auto& tb = *f.templates[static_cast<std::size_t>(b)].tpl;
        return std::tie(ta.id, ta.version) < std::tie(tb.id, tb.version);
    });
    layout_visits();

    scoring::AggregateSpec spec;
    spec.min_n = o.min_n;
    spec.keys = {GroupKey::Client};
    overall = scoring::aggregate_visits(f, spec);
    spec.keys = {GroupKey::Client, GroupKey::Branch};
    branch_groups = scoring::aggregate_visits(f, spec);
    auto branch_sections = scoring::aggregate_sections(f, spec);
    spec.keys = {GroupKey::Client, GroupKey::Employee};
    employee_groups = scoring::aggregate_visits(f, spec);
    auto employee_sections = scoring::aggregate_sections(f, spec);
    auto employee_questions = f.has_questions ? scoring::aggregate_questions(f, spec)
                                              : std::vector<scoring::QuestionGroup>{};
    spec.keys = {};
    questions = f.has_questions ? scoring::aggregate_questions(f, spec)
                                : std::vector<scoring::QuestionGroup>{};
    spec.period = forms::Period::Month;
    spec.keys = {GroupKey::Client};
    client_months = scoring::aggregate_visits(f, spec);
    spec.keys = {GroupKey::Client, GroupKey::Branch};
    branch_months = scoring::aggregate_visits(f, spec);
    for (const auto& g : client_months)
        months.emplace(g.id.period_index, g.id.period);

    // Branch rows, ranked within their client by mean (ties share a rank).
    make_rows(branch_rows, branch_groups, branch_sections, &BranchRow::branch);
    for (BranchRow& r : branch_rows)
        r.region = r.branch >= 0 ? branch_region[static_cast<std::size_t>(r.branch)] : -1;
    std::sort(branch_rows.begin(), branch_rows.end(), [](const BranchRow& a, const BranchRow& b) {
        if (a.client != b.client)
            return a.client < b.client;
        return a.g->m.mean.value_or(-1) > b.g->m.mean.value_or(-1);
    });
    int position = 0;
    for (std::size_t i = 0; i < branch_rows.size(); ++i) {
        BranchRow& r = branch_rows[i];
        const BranchRow* prev = i > 0 ? &branch_rows[i - 1] : nullptr;
        position = prev && prev->client == r.client ? position + 1 : 1;
        r.rank = prev && prev->client == r.client && prev->g->m.mean == r.g->m.mean ? prev->rank
                                                                                    : position;
    }

    // Employee rows: by client, home branch, then mean.
    auto employee_index =
        make_rows(employee_rows, employee_groups, employee_sections, &EmployeeRow::employee);
    for (EmployeeRow& r : employee_rows)
        r.branch = r.employee >= 0 ? employee_branch[static_cast<std::size_t>(r.employee)] : -1;
    for (const auto& q : employee_questions) {
        auto it = employee_index.find({q.id.keys[0], q.id.keys[1]});
        if (it == employee_index.end() || !q.pass_rate || q.n < o.min_n)
            continue;
        EmployeeRow& r = *it->second;
        if (!r.weakest_pass || *q.pass_rate < *r.weakest_pass) {
            r.weakest_pass = q.pass_rate;
            r.weakest = q.id.item;
        }
    }
    std::sort(employee_rows.begin(), employee_rows.end(),
              [&](const EmployeeRow& a, const EmployeeRow& b) {
                  if (a.client != b.client)
                      return a.client < b.client;
                  if ((a.employee < 0) != (b.employee < 0))
                      return b.employee < 0; // "not identified" last
                  const std::string& ba = a.branch >= 0 ? f.branches[a.branch] : empty;
                  const std::string& bb = b.branch >= 0 ? f.branches[b.branch] : empty;
                  if (ba != bb)
                      return ba < bb;
                  return a.g->m.mean.value_or(-1) > b.g->m.mean.value_or(-1);
              });

    // Behaviours: weakest first; low samples after the rest.
    std::sort(questions.begin(), questions.end(),
              [&](const scoring::QuestionGroup& a, const scoring::QuestionGroup& b) {
                  const bool la = a.n < o.min_n, lb = b.n < o.min_n;
                  if (la != lb)
                      return lb;
                  return std::make_tuple(a.pass_rate.value_or(2), a.mean_f.value_or(2), a.id.item) <
                         std::make_tuple(b.pass_rate.value_or(2), b.mean_f.value_or(2), b.id.item);
              });
    // The question behind each dictionary id (first scorecard that has it).
    for (std::int32_t t : templates) {
        const auto& ref = f.templates[static_cast<std::size_t>(t)];
        for (std::size_t q = 0; q < ref.question_ids.size(); ++q) {
            auto [it, fresh] = question_info.emplace(ref.question_ids[q], QuestionInfo{});
            if (fresh) {
                it->second.q = &ref.tpl->questions[q];
                it->second.section =
                    ref.tpl->sections[static_cast<std::size_t>(ref.tpl->questions[q].section)]
                        .title;
            }
            if (it->second.scorecards.find(ref.tpl->id) == std::string::npos)
                it->second.scorecards += (it->second.scorecards.empty() ? "" : ", ") + ref.tpl->id;
        }
    }

    // Trainings of the report's clients.
    for (const auto& t : in.trainings) {
        auto day = forms::parse_day(t.date);
        if (!day)
            continue;
        auto c = std::find(f.clients.names.begin(), f.clients.names.end(), t.client);
        if (c == f.clients.names.end() ||
            !clients.count(static_cast<std::int32_t>(c - f.clients.names.begin())))
            continue;
        trainings.push_back(&t);
    }
}

void ReportContext::layout_visits() {
    VisitLayout& L = layout;
    int c = 5;
    L.staff = c++;
    if (!o.pseudonymise_staff)
        L.staff_name = c++;
    L.scorecard = c++;
    L.version = c++;
    L.status = c++;
    L.raw = c++;
    L.score = c++;
    L.target = c++;
    L.critical = c++;
    L.first_section = c;
    std::set<std::string> seen_q;
    for (std::int32_t t : templates) {
        const auto& ref = f.templates[static_cast<std::size_t>(t)];
        for (std::size_t s = 0; s < ref.tpl->sections.size(); ++s) {
            const auto& sec = ref.tpl->sections[s];
            if (sec.weight <= 0 || L.section_col.count(sec.id))
                continue;
            L.section_col[sec.id] = c++;
            L.sections.push_back({ref.section_ids[s], sec.title});
        }
    }
    L.first_question = c;
    // A worksheet has 16,384 columns: after the visit's fields and sections, the questions
    // take what is left but the three last columns (comments, summary, reference). Answers
    // to the questions that do not fit are left out of the Visits sheet, and the Summary
    // and Method sheets name them (their figures stay on Behaviours).
    const int room = kMaxColumns - c - 3;
    if (room < 0)
        throw ExportError("the scorecards have more weighted sections than a worksheet has "
                          "columns (16,384); the workbook cannot show them");
    for (std::int32_t t : templates) {
        const auto& tpl = *f.templates[static_cast<std::size_t>(t)].tpl;
        for (const auto& q : tpl.questions) {
            if (!seen_q.insert(q.id).second)
                continue;
            if (c - L.first_question >= room) {
                left_out.push_back(q.id);
                continue;
            }
            L.question_col[q.id] = c++;
            L.questions.push_back(
                {q.id, q.text, tpl.sections[static_cast<std::size_t>(q.section)].title});
        }
    }
    L.comments = c++;
    L.summary = c++;
    L.reference = c;
    L.last = c;
    // Every section title that a weighted section of any report scorecard has.
    for (std::int32_t t : templates) {
        const auto& ref = f.templates[static_cast<std::size_t>(t)];
        for (std::size_t s = 0; s < ref.tpl->sections.size(); ++s)
            section_titles.emplace(ref.section_ids[s], ref.tpl->sections[s].title);
    }
}

std::string ReportContext::client_title() const {
    if (!o.client.empty())
        return o.client;
    std::string s;
    for (std::int32_t c : clients)
        s += (s.empty() ? "" : ", ") + f.clients[c];
    return s.empty() ? "no visits" : s;
}

std::string ReportContext::period_text() const {
    std::string from = o.from_day ? forms::day_to_string(*o.from_day) : "";
    std::string to = o.to_day ? forms::day_to_string(*o.to_day) : "";
    if (!from.empty() || !to.empty())
        return (from.empty() ? "the start" : from) + " to " + (to.empty() ? "the end" : to);
    return data_range.empty() ? "all dates" : data_range;
}

std::string ReportContext::staff_label(const std::string& client, const std::string& code) const {
    if (code.empty())
        return {};
    return o.pseudonymise_staff ? staff_pseudonym(pseudonym_key, client, code) : code;
}

std::string ReportContext::generated_at() const {
    return o.generated_at.empty() ? now_utc() : o.generated_at;
}

std::string ReportContext::left_out_text() const {
    std::string s = "The scorecards have " + thousands(layout.questions.size() + left_out.size()) +
                    " questions, more than a worksheet has columns (16,384): the Visits sheet "
                    "shows the answers to the first " +
                    thousands(layout.questions.size()) +
                    " and leaves out the answers to the other " + thousands(left_out.size()) +
                    " (" + left_out.front();
    if (left_out.size() > 1)
        s += " to " + left_out.back();
    return s + "). Their pass rates are on Behaviours; export csv has every answer.";
}

const BranchRow* ReportContext::last_branch_of(std::int32_t client) const {
    const BranchRow* last = nullptr;
    for (const auto& r : branch_rows)
        if (r.client == client)
            last = &r;
    return last;
}

const VisitGroup* ReportContext::overall_of(std::int32_t client) const {
    const VisitGroup* found = nullptr;
    for (const auto& g : overall)
        if (g.id.keys[0] == client)
            found = &g;
    return found;
}

} // namespace vs::exports::report
