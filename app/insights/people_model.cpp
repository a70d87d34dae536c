#include "app/insights/people_model.h"

#include "forms/dates.h"

#include <algorithm>
#include <unordered_map>

namespace vs::app {

using scoring::GroupKey;

namespace {

/// The group whose keys are `keys`, or nullptr.
template <class Group>
const Group* find_group(const std::vector<Group>& groups, const std::vector<std::int32_t>& keys) {
    for (const Group& g : groups)
        if (g.id.keys == keys)
            return &g;
    return nullptr;
}

std::optional<double> section_mean(const std::vector<scoring::VisitGroup>& groups,
                                   const std::vector<std::int32_t>& keys, std::int32_t section) {
    for (const scoring::VisitGroup& g : groups)
        if (g.id.keys == keys && g.id.item == section)
            return g.m.mean;
    return std::nullopt;
}

/// The branch where most of an employee's visits were, or "".
std::string busiest_branch(const scoring::FactTable& facts, std::int32_t employee) {
    std::map<std::int32_t, std::size_t> count;
    for (const scoring::VisitFact& v : facts.visits)
        if (v.employee == employee && v.branch >= 0)
            ++count[v.branch];
    auto it = std::max_element(count.begin(), count.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
    return it == count.end() ? std::string() : facts.branches[it->first];
}

/// Whether the section holding `question` of a visit is attributed to `employee`.
bool attributed(const scoring::FactTable& facts, const scoring::VisitFact& v,
                const std::string& question, std::int32_t employee) {
    const scoring::TemplateRef& ref = facts.templates[static_cast<std::size_t>(v.tmpl)];
    const int q = ref.tpl->find_question(question);
    if (q < 0)
        return false;
    const auto s =
        static_cast<std::size_t>(ref.tpl->questions[static_cast<std::size_t>(q)].section);
    return facts.sections[v.first_section + s].employee == employee;
}

/// Adds to each question its comments from visits where the question's section is the
/// employee's, newest first, at most `limit` each.
void attach_comments(storage::Store& store, const scoring::FactTable& facts,
                     const ViewFilter& filter, const std::string& code, std::int32_t employee,
                     std::vector<QuestionRow>& rows, std::size_t limit) {
    std::unordered_map<std::int64_t, const scoring::VisitFact*> by_id;
    for (const scoring::VisitFact& v : facts.visits)
        by_id.emplace(v.visit_id, &v);
    std::vector<storage::QuestionComment> comments =
        store.employee_comments(filter.visit_filter(), code);
    std::reverse(comments.begin(), comments.end()); // newest first
    for (QuestionRow& row : rows) {
        const std::string& qid = facts.question_ids[row.id];
        for (const storage::QuestionComment& c : comments) {
            if (row.comments.size() >= limit)
                break;
            auto it = by_id.find(c.visit_id);
            if (c.question == qid && it != by_id.end() &&
                attributed(facts, *it->second, qid, employee))
                row.comments.push_back(c);
        }
    }
}

} // namespace

std::vector<std::pair<int, std::string>> months_of(const scoring::FactTable& facts,
                                                   const ViewFilter& filter) {
    std::optional<int> from = filter.from_day, to = filter.to_day;
    if (!facts.visits.empty()) {
        from = from.value_or(facts.visits.front().day);
        to = to.value_or(facts.visits.back().day);
    }
    std::vector<std::pair<int, std::string>> out;
    if (!from || !to)
        return out;
    for (int day = *from; day <= *to; ++day) {
        const int index = forms::period_index(day, forms::Period::Month);
        if (out.empty() || out.back().first != index)
            out.emplace_back(index, forms::period_key(day, forms::Period::Month));
    }
    return out;
}

std::vector<QuestionRow> weakest_questions(const scoring::FactTable& facts,
                                           const std::vector<scoring::QuestionGroup>& groups,
                                           const std::vector<std::int32_t>& keys, std::size_t min_n,
                                           std::size_t limit) {
    std::vector<QuestionRow> rows;
    for (const scoring::QuestionGroup& g : groups)
        if (g.id.keys == keys && g.n >= min_n && g.pass_rate)
            rows.push_back({g.id.item,
                            section_title(facts, question_section(facts, g.id.item)),
                            question_text(facts, g.id.item),
                            g,
                            {}});
    std::stable_sort(rows.begin(), rows.end(), [](const QuestionRow& a, const QuestionRow& b) {
        return *a.g.pass_rate < *b.g.pass_rate;
    });
    if (rows.size() > limit)
        rows.resize(limit);
    return rows;
}

BranchFigures build_branch_view(const scoring::FactTable& facts, const ViewFilter& filter,
                                const OrgNames& names, const std::string& branch,
                                std::size_t weakest) {
    BranchFigures view;
    view.code = branch;
    view.label = OrgNames::show(branch, names.branch);
    const std::int32_t b = dict_id(facts.branches, branch);
    const auto branches = scoring::aggregate_visits(facts, filter.spec({GroupKey::Branch}));
    if (const auto* g = find_group(branches, {b})) {
        view.m = g->m;
        view.consistency = g->consistency;
        view.trend = g->trend;
    }
    std::vector<scoring::VisitGroup> staff;
    for (auto& g :
         scoring::aggregate_visits(facts, filter.spec({GroupKey::Branch, GroupKey::Employee})))
        if (g.id.keys[0] == b)
            staff.push_back(std::move(g));
    view.employees = rank_rows(facts, staff, GroupKey::Employee, names.employee);

    const auto months = months_of(facts, filter);
    for (const auto& m : months)
        view.months.push_back(m.second);
    const auto monthly = scoring::aggregate_visits(
        facts, filter.spec({GroupKey::Branch, GroupKey::Employee}, forms::Period::Month));
    for (const RankRow& e : view.employees) {
        std::vector<std::optional<double>> line(months.size());
        for (const TrendPoint& p : trend_of(monthly, {b, e.id}))
            for (std::size_t i = 0; i < months.size(); ++i)
                if (months[i].first == p.index)
                    line[i] = p.m.mean;
        view.sparklines.push_back(std::move(line));
    }
    if (facts.has_questions)
        view.weakest = weakest_questions(
            facts, scoring::aggregate_questions(facts, filter.spec({GroupKey::Branch})), {b},
            filter.min_n, weakest);
    return view;
}

EmployeeFigures build_employee_view(storage::Store& store, const scoring::FactTable& facts,
                                    const ViewFilter& filter, const OrgNames& names,
                                    const std::string& employee, std::size_t weakest,
                                    int window_days) {
    EmployeeFigures view;
    view.code = employee;
    view.label = OrgNames::show(employee, names.employee);
    const std::int32_t e = dict_id(facts.employees, employee);
    auto home = names.employee_branch.find(employee);
    view.branch = home != names.employee_branch.end() ? home->second : busiest_branch(facts, e);
    view.branch_label = OrgNames::show(view.branch, names.branch);
    const auto people = scoring::aggregate_visits(facts, filter.spec({GroupKey::Employee}));
    if (const auto* g = find_group(people, {e})) {
        view.m = g->m;
        view.trend = g->trend;
    }
    view.monthly = trend_of(
        scoring::aggregate_visits(facts, filter.spec({GroupKey::Employee}, forms::Period::Month)),
        {e});

    const std::int32_t b = dict_id(facts.branches, view.branch);
    const auto own = scoring::aggregate_sections(facts, filter.spec({GroupKey::Employee}));
    const auto at_branch = scoring::aggregate_sections(facts, filter.spec({GroupKey::Branch}));
    const auto at_client = scoring::aggregate_sections(facts, filter.spec({}));
    for (const scoring::VisitGroup& g : own)
        if (g.id.keys == std::vector<std::int32_t>{e} && section_scored(facts, g.id.item))
            view.sections.push_back({g.id.item, section_title(facts, g.id.item), g.m,
                                     section_mean(at_branch, {b}, g.id.item),
                                     section_mean(at_client, {}, g.id.item)});

    if (facts.has_questions) {
        view.weakest = weakest_questions(
            facts, scoring::aggregate_questions(facts, filter.spec({GroupKey::Employee})), {e},
            filter.min_n, weakest);
        attach_comments(store, facts, filter, employee, e, view.weakest, 5);
    }

    for (const storage::Training& t : store.trainings(filter.client)) {
        const int day = forms::parse_day(t.date).value_or(0);
        if (std::find(t.employees.begin(), t.employees.end(), employee) == t.employees.end() ||
            (filter.from_day && day < *filter.from_day) || (filter.to_day && day > *filter.to_day))
            continue;
        ViewFilter around = filter;
        around.from_day = day - window_days;
        around.to_day = day + window_days - 1;
        const scoring::FactTable window = store.load_facts(around.visit_filter(), false);
        const auto spec =
            scoring::training_spec(window, t.id, day, t.client, {employee}, t.sections);
        view.trainings.push_back({t, scoring::training_effect(window, spec, window_days)});
    }
    return view;
}

std::shared_ptr<const scoring::FactTable> load_question_facts(storage::Store& store,
                                                              const ViewFilter& filter) {
    return std::make_shared<const scoring::FactTable>(
        store.load_facts(filter.visit_filter(), true));
}

} // namespace vs::app
