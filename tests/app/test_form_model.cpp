#include "app/visits/visit_form_model.h"
#include "app/visits/visit_list_model.h"
#include "scoring/visit_score.h"
#include "test_support.h"

#include <boost/test/unit_test.hpp>

using namespace vs;
using forms::Answer;

namespace {

std::shared_ptr<const forms::Template> branch_visit() {
    for (const auto& [name, text] : templates::bundled())
        if (name == "branch-visit.json")
            return std::make_shared<const forms::Template>(
                forms::parse_template(text, std::string(name)));
    throw std::runtime_error("no branch-visit");
}

forms::Visit empty_visit(const forms::Template& t) {
    forms::Visit v;
    v.uuid = "6f1c2a1e-0d7b-4c39-9a0e-1b2c3d4e5f60";
    v.template_id = t.id;
    v.template_version = t.version;
    v.status = forms::Status::Draft;
    return v;
}

/// An answer for every type (the same mapping the kill test's script uses, simplified).
Answer some_answer(const forms::Question& q, int n) {
    using forms::QuestionType;
    switch (q.type) {
    case QuestionType::YesNo:
        return Answer::text(n % 2 ? "no" : "yes");
    case QuestionType::Scale:
        return Answer::number(q.min + n % (q.max - q.min + 1));
    case QuestionType::Choice:
        return Answer::text(q.options.back().id);
    case QuestionType::Checklist:
        return Answer::list({q.options.front().id});
    case QuestionType::Number:
        return Answer::number(4);
    case QuestionType::Nps:
        return Answer::number(9);
    case QuestionType::Text:
        return Answer::text("ok");
    }
    return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(form_model)

BOOST_AUTO_TEST_CASE(show_if_hides_and_shows_live) {
    auto tpl = branch_visit();
    app::VisitFormModel m(tpl, empty_visit(*tpl));
    const int si = tpl->find_section("complaint");
    const int scenario = tpl->find_question("scenario_run");
    BOOST_TEST(!m.section_visible(si)); // unanswered: the complaint section is hidden
    BOOST_TEST(m.set_answer(scenario, Answer::text("enquiry_and_complaint")));
    BOOST_TEST(m.section_visible(si));
    BOOST_TEST(m.visible(tpl->sections[static_cast<std::size_t>(si)].first));
    m.set_answer(scenario, Answer::text("enquiry_only"));
    BOOST_TEST(!m.section_visible(si));
    BOOST_TEST(!m.progress(si).visible);
}

BOOST_AUTO_TEST_CASE(live_score_is_the_scoring_library) {
    auto tpl = branch_visit();
    app::VisitFormModel m(tpl, empty_visit(*tpl));
    for (int qi = 0; qi < static_cast<int>(tpl->questions.size()); ++qi) {
        BOOST_TEST_INFO_SCOPE("question " << tpl->questions[static_cast<std::size_t>(qi)].id);
        if (!m.visible(qi))
            continue;
        m.set_answer(qi, some_answer(tpl->questions[static_cast<std::size_t>(qi)], qi));
        scoring::VisitResult expect = scoring::score_visit(*tpl, m.answers());
        BOOST_TEST(app::format_score(m.result().score) == app::format_score(expect.score));
        BOOST_TEST(m.result().critical_failures == expect.critical_failures);
    }
    BOOST_TEST(m.missing().empty());
    BOOST_TEST(!m.submit_problem());
    // The stored form round-trips.
    app::VisitFormModel again(tpl, m.to_visit());
    BOOST_TEST((again.answers() == m.answers()));
}

BOOST_AUTO_TEST_CASE(submit_lists_missing_answers_and_min_applicable) {
    auto tpl = branch_visit();
    app::VisitFormModel m(tpl, empty_visit(*tpl));
    auto problem = m.submit_problem();
    BOOST_REQUIRE(problem);
    BOOST_TEST(problem->find("not answered") != std::string::npos);
    BOOST_TEST(m.missing().front() == 0);
    // Answer everything with N/A where allowed, else something: applicable share drops.
    for (int qi = 0; qi < static_cast<int>(tpl->questions.size()); ++qi) {
        const auto& q = tpl->questions[static_cast<std::size_t>(qi)];
        if (m.visible(qi))
            m.set_answer(qi, q.na_allowed ? Answer::na() : some_answer(q, qi));
    }
    if (!m.result().meets_min_applicable(*tpl)) {
        auto p = m.submit_problem();
        BOOST_REQUIRE(p);
        BOOST_TEST(p->find("min") == std::string::npos); // people's words, not field names
        BOOST_TEST(p->find("needs at least") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(comments_and_summary_count_as_changes) {
    auto tpl = branch_visit();
    app::VisitFormModel m(tpl, empty_visit(*tpl));
    auto r = m.revision();
    BOOST_TEST(m.set_comment(1, "queue was long"));
    BOOST_TEST(!m.set_comment(1, "queue was long"));
    BOOST_TEST(m.set_summary("fine"));
    BOOST_TEST(m.revision() == r + 2);
    BOOST_TEST(m.to_visit().comments.at(tpl->questions[1].id) == "queue was long");
}

BOOST_AUTO_TEST_CASE(header_changes_keep_scorecard_and_answers) {
    auto tpl = branch_visit();
    forms::Visit v = empty_visit(*tpl);
    v.client = "Northwind Bank";
    v.branch = "LON01";
    v.employee = "E1";
    v.visited_at = "2026-11-02T10:30:00";
    app::VisitFormModel m(tpl, v);
    BOOST_TEST(m.set_answer(2, Answer::text("yes")));
    const auto rev = m.revision();
    forms::Visit h = v;
    BOOST_TEST(!m.set_header(h)); // nothing changed
    BOOST_TEST(m.revision() == rev);
    h.branch = "RDG01";
    h.employee.clear();
    h.visited_at = "2026-11-03T09:00:00";
    h.client = "Someone else"; // not taken: answers belong to the client's scorecard
    h.template_id = "other";   // not taken
    BOOST_TEST(m.set_header(h));
    BOOST_TEST(m.revision() > rev);
    forms::Visit out = m.to_visit();
    BOOST_TEST(out.branch == "RDG01");
    BOOST_TEST(out.employee.empty());
    BOOST_TEST(out.visited_at == "2026-11-03T09:00:00");
    BOOST_TEST(out.client == "Northwind Bank");
    BOOST_TEST(out.template_id == tpl->id);
    BOOST_TEST((m.answer(2) == Answer::text("yes")));
}

BOOST_AUTO_TEST_CASE(autosave_debounces_within_a_second) {
    using namespace std::chrono;
    app::AutosaveSchedule s;
    auto t0 = app::AutosaveSchedule::Clock::now();
    BOOST_TEST(s.on_change(t0).count() == 300);
    BOOST_TEST(s.on_change(t0 + milliseconds(250)).count() == 300);
    BOOST_TEST(s.on_change(t0 + milliseconds(800)).count() == 200); // never later than 1 s
    BOOST_TEST(s.on_change(t0 + milliseconds(990)).count() == 10);
    BOOST_TEST(s.pending());
    s.on_saved();
    BOOST_TEST(!s.pending());
    BOOST_TEST(s.on_change(t0 + milliseconds(2000)).count() == 300);
}

BOOST_AUTO_TEST_CASE(score_display) {
    BOOST_TEST(app::format_score(std::nullopt) == "—");
    BOOST_TEST(app::format_score(84.95) == "85.0");
    BOOST_TEST(app::score_standing(85, 85) == 1);
    BOOST_TEST(app::score_standing(81, 85) == 0);
    BOOST_TEST(app::score_standing(79.9, 85) == -1);
}

BOOST_AUTO_TEST_CASE(visit_list_fetches_pages_not_rows) {
    test::TempDir d;
    storage::SqliteStore store(d.path("list.db"));
    test::fill_demo(store, 600);
    app::VisitListSource list(&store);
    list.set_query({});
    BOOST_TEST(list.size() == 600u);
    for (std::size_t i = 0; i < 600; ++i)
        BOOST_REQUIRE(list.row(i));
    BOOST_TEST(list.fetches() ==
               (600 + app::VisitListSource::kPage - 1) / app::VisitListSource::kPage);
    // Newest first.
    BOOST_TEST(list.row(0)->visited_at >= list.row(599)->visited_at);
    storage::VisitListQuery q;
    q.status = forms::Status::Approved;
    q.search = list.row(0)->branch.substr(0, 5);
    list.set_query(q);
    BOOST_TEST(list.size() > 0u);
    for (std::size_t i = 0; i < list.size(); ++i)
        BOOST_TEST((list.row(i)->status == forms::Status::Approved));
}

BOOST_AUTO_TEST_SUITE_END()
