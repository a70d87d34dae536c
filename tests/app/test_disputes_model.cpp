// The Disputes page's model on a real SQLite demo database: the rows show each question's text
// (not its id) and the answers as a person reads them; counts, cells and the decision after a
// partly accepted point; the questions of a released visit that may be disputed (an open point
// marked); who may open and decide per role; the approver refused up front with a sentence; the
// statistics rows by branch agree with services::dispute_statistics.
#include "app/visits/disputes_model.h"
#include "forms/error.h"
#include "services/review.h"
#include "test_support.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>

using namespace vs;

namespace {

struct DisputeDb {
    test::TempDir dir;
    std::unique_ptr<storage::Store> store = storage::open_sqlite(dir.path("disputes.db"));
    DisputeDb() { test::fill_demo(*store, 80); }

    /// The first approved visit and a yes/no question of it answered "yes" or "no".
    std::pair<std::int64_t, const forms::Question*> approved_yes_no(app::DisputableVisit& out,
                                                                    std::size_t skip = 0) {
        storage::VisitListQuery q;
        for (std::int64_t id : store->visit_ids(q)) {
            if (store->load_visit(id).visit.status != forms::Status::Approved)
                continue;
            if (skip-- > 0)
                continue;
            out = app::disputable_visit(*store, id);
            for (const app::DisputableQuestion& dq : out.questions)
                if (dq.question->type == forms::QuestionType::YesNo &&
                    (dq.answer_json == "\"yes\"" || dq.answer_json == "\"no\""))
                    return {id, dq.question};
        }
        BOOST_FAIL("no approved visit with a yes/no answer");
        return {0, nullptr};
    }
};

std::string other(const std::string& json) {
    return json == "\"yes\"" ? "no" : "yes";
}

} // namespace

BOOST_AUTO_TEST_SUITE(disputes_model)

BOOST_AUTO_TEST_CASE(rights_follow_the_roles) {
    using app::AccountRole;
    for (AccountRole r : {AccountRole::Desk, AccountRole::Admin, AccountRole::Reviewer}) {
        BOOST_TEST(app::dispute_rights(r).open);
        BOOST_TEST(app::dispute_rights(r).decide);
    }
    BOOST_TEST(app::dispute_rights(AccountRole::Client).open);
    BOOST_TEST(!app::dispute_rights(AccountRole::Client).decide);
    for (AccountRole r : {AccountRole::Shopper, AccountRole::None}) {
        BOOST_TEST(!app::dispute_rights(r).open);
        BOOST_TEST(!app::dispute_rights(r).decide);
    }
}

BOOST_FIXTURE_TEST_CASE(rows_show_question_text_and_answers_read, DisputeDb) {
    app::DisputableVisit v;
    const auto [id, q] = approved_yes_no(v);
    BOOST_TEST(v.label.find(" v") != std::string::npos);
    BOOST_TEST(v.points == 0u);
    BOOST_TEST(v.max_points == services::kDefaultDisputeMax);
    const auto dq = std::find_if(v.questions.begin(), v.questions.end(),
                                 [q = q](const auto& x) { return x.question == q; });
    const std::string given = dq->answer_json;
    BOOST_TEST(dq->answer == (given == "\"yes\"" ? "yes" : "no"));

    BOOST_TEST(app::dispute_rows(*store, {}).empty());
    BOOST_TEST(app::dispute_counts_text({}) == "0 dispute points");
    const std::int64_t point = services::open_dispute(
        *store, {v.uuid, q->id, other(given), "the receipt shows it", "", {}}, "client desk");

    std::vector<app::DisputeRow> rows = app::dispute_rows(*store, {});
    BOOST_REQUIRE(rows.size() == 1u);
    const app::DisputeRow& r = rows[0];
    BOOST_TEST(r.dispute.id == point);
    BOOST_TEST(r.question_text == q->text); // the text, never the id
    BOOST_TEST(r.question_text != q->id);
    using C = app::DisputeColumn;
    BOOST_TEST(app::dispute_cell(r, C::Question) == q->text);
    BOOST_TEST(app::dispute_cell(r, C::Disputed) == (given == "\"yes\"" ? "yes" : "no"));
    BOOST_TEST(app::dispute_cell(r, C::Proposed) == other(given));
    BOOST_TEST(app::dispute_cell(r, C::Reason) == "the receipt shows it");
    BOOST_TEST(app::dispute_cell(r, C::Status) == "open");
    BOOST_TEST(app::dispute_cell(r, C::Decision) == "");
    BOOST_TEST(app::dispute_cell(r, C::Visit).size() == 10u); // YYYY-MM-DD
    BOOST_TEST(app::dispute_counts_text(rows) ==
               "1 dispute point: 1 open, 0 decided (0 overturned)");

    // The dialog's visit now marks the question with an open point.
    const app::DisputableVisit again = app::disputable_visit(*store, id);
    BOOST_TEST(again.points == 1u);
    for (const auto& x : again.questions)
        BOOST_TEST(x.open_point == (x.question->id == q->id), x.question->id);

    // Filters: by status and client.
    BOOST_TEST(app::dispute_rows(*store, {"", "decided", ""}).empty());
    BOOST_TEST(app::dispute_rows(*store, {r.dispute.client, "open", ""}).size() == 1u);
    BOOST_TEST(app::dispute_rows(*store, {"No such client", "", ""}).empty());
}

BOOST_FIXTURE_TEST_CASE(a_partly_accepted_point_reads_as_decided, DisputeDb) {
    // A scale question lets the arbiter stand between the answer given and the one proposed.
    storage::VisitListQuery query;
    std::int64_t id = 0;
    const forms::Question* q = nullptr;
    app::DisputableVisit v;
    for (std::int64_t vid : store->visit_ids(query)) {
        if (store->load_visit(vid).visit.status != forms::Status::Approved)
            continue;
        v = app::disputable_visit(*store, vid);
        for (const auto& dq : v.questions)
            if (dq.question->type == forms::QuestionType::Scale &&
                dq.answer_json == std::to_string(dq.question->min)) {
                id = vid;
                q = dq.question;
                break;
            }
        if (q)
            break;
    }
    BOOST_REQUIRE(q);
    const int top = q->max, mid = q->min + 1;
    BOOST_REQUIRE(mid < top);
    const std::int64_t point = services::open_dispute(
        *store, {v.uuid, q->id, std::to_string(top), "they were warm", "", {}}, "client desk");
    services::decide_dispute(*store, point, services::DisputeOutcome::Partly, std::to_string(mid),
                             "polite, not warm", "arbiter ann");
    const std::vector<app::DisputeRow> rows = app::dispute_rows(*store, {});
    BOOST_REQUIRE(rows.size() == 1u);
    const app::DisputeRow& r = rows[0];
    BOOST_TEST(r.dispute.status == "decided");
    BOOST_TEST(app::decision_label(r.dispute) == "partly accepted");
    BOOST_TEST(r.standing.rfind(std::to_string(mid), 0) == 0u, r.standing);
    const std::string cell = app::dispute_cell(r, app::DisputeColumn::Decision);
    BOOST_TEST(cell.find("partly accepted: " + std::to_string(mid)) == 0u, cell);
    BOOST_TEST(cell.find("polite, not warm") != std::string::npos, cell);
    BOOST_TEST(app::dispute_counts_text(rows) ==
               "1 dispute point: 0 open, 1 decided (1 overturned)");
    BOOST_TEST(app::dispute_rows(*store, {"", "open", ""}).empty());
    // Decided: nobody may decide it again, and the page says why.
    const std::string why = app::decide_refusal_text(*store, r.dispute, "arbiter bob");
    BOOST_TEST(why.find("decided already (partly accepted by arbiter ann") != std::string::npos,
               why);
    (void)id;
}

BOOST_FIXTURE_TEST_CASE(the_approver_is_refused_up_front, DisputeDb) {
    // A visit approved in the app by "rev anna": she may not decide a point on it.
    storage::VisitListQuery query;
    std::int64_t id = 0;
    for (std::int64_t vid : store->visit_ids(query))
        if (store->load_visit(vid).visit.status == forms::Status::Submitted) {
            id = vid;
            break;
        }
    BOOST_REQUIRE(id != 0);
    services::change_status(*store, id, forms::Status::Approved, "rev anna", "");
    app::DisputableVisit v = app::disputable_visit(*store, id);
    const auto dq = std::find_if(v.questions.begin(), v.questions.end(), [](const auto& x) {
        return x.question->type == forms::QuestionType::YesNo &&
               (x.answer_json == "\"yes\"" || x.answer_json == "\"no\"");
    });
    BOOST_REQUIRE(dq != v.questions.end());
    services::open_dispute(
        *store, {v.uuid, dq->question->id, other(dq->answer_json), "why", "", {}}, "client desk");
    const storage::Dispute d = app::dispute_rows(*store, {}).at(0).dispute;
    const std::string why = app::decide_refusal_text(*store, d, "rev anna");
    BOOST_TEST(why.find("You (rev anna) approved this visit") == 0u, why);
    BOOST_TEST(app::decide_refusal_text(*store, d, "rev bob") == "");

    // A visit that is not released cannot be disputed: the same field the service names.
    for (std::int64_t vid : store->visit_ids(query))
        if (store->load_visit(vid).visit.status == forms::Status::Submitted) {
            try {
                app::disputable_visit(*store, vid);
                BOOST_FAIL("a submitted visit was offered for a dispute");
            } catch (const InputError& e) {
                BOOST_TEST(e.where() == "visit");
            }
            break;
        }
}

BOOST_FIXTURE_TEST_CASE(statistics_rows_agree_with_the_service, DisputeDb) {
    app::DisputableVisit v;
    const auto [id, q] = approved_yes_no(v);
    std::string given;
    for (const auto& dq : v.questions)
        if (dq.question == q)
            given = dq.answer_json;
    services::open_dispute(*store, {v.uuid, q->id, other(given), "x", "", {}}, "client desk");
    (void)id;
    const auto stats = services::dispute_statistics(*store, "", services::DisputeGroup::Branch);
    const auto rows = app::dispute_stats_rows(*store, "", services::DisputeGroup::Branch);
    BOOST_REQUIRE(rows.size() == stats.size());
    std::size_t disputed = 0;
    std::map<std::string, const scoring::DisputeStats*> by_key;
    for (const auto& st : stats)
        by_key[st.key] = &st;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        BOOST_REQUIRE(by_key.count(rows[i].key));
        const scoring::DisputeStats& st = *by_key[rows[i].key];
        BOOST_TEST(rows[i].released == std::to_string(st.released));
        if (st.disputed_visits) {
            ++disputed;
            BOOST_TEST(i == 0u); // the disputed branch first
            // e.g. 1 of 8 released visits: "12.5%"
            char want[32];
            std::snprintf(want, sizeof want, "%.1f%%", *st.dispute_rate * 100);
            BOOST_TEST(rows[i].rate == want);
            BOOST_TEST(rows[i].median_days == "\u2014"); // none decided yet
        }
    }
    BOOST_TEST(disputed == 1u);
    BOOST_TEST(app::dispute_stats_titles(services::DisputeGroup::Shopper).front() == "Shopper");
    BOOST_TEST(app::dispute_stats_titles(services::DisputeGroup::Branch).size() == 7u);
}

BOOST_AUTO_TEST_CASE(answers_read_as_people_read_them) {
    forms::Question q;
    q.id = "pay";
    q.type = forms::QuestionType::Choice;
    q.options = {{"card", "By card", 1}, {"cash", "", 0}};
    q.index_options();
    BOOST_TEST(app::answer_label(&q, "\"card\"") == "By card");
    BOOST_TEST(app::answer_label(&q, "\"cash\"") == "cash");
    BOOST_TEST(app::answer_label(&q, "\"na\"") == "N/A");
    BOOST_TEST(app::answer_label(&q, "") == "\u2014");
    q.type = forms::QuestionType::Checklist;
    BOOST_TEST(app::answer_label(&q, "[\"card\",\"cash\"]") == "By card, cash");
    BOOST_TEST(app::answer_label(&q, "[]") == "none of these");
    BOOST_TEST(app::answer_label(nullptr, "7") == "7");
    BOOST_TEST(app::answer_label(nullptr, "\"yes\"") == "yes");
}

BOOST_AUTO_TEST_SUITE_END()
