// The storage the evaluator app uses (store.h, "Evaluator app"), on a real SQLite file.
#include "forms/error.h"
#include "scoring/visit_score.h"
#include "services/organisation.h"
#include "services/review.h"
#include "test_support.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/test/unit_test.hpp>

using namespace vs;

BOOST_AUTO_TEST_SUITE(app_store)

BOOST_AUTO_TEST_CASE(draft_lifecycle_with_audit_chain) {
    test::TempDir d;
    storage::SqliteStore store(d.path("a.db"));
    test::fill_demo(store, 40);
    forms::Visit h = test::branch_visit_header(store);
    std::int64_t id = store.create_draft(h);
    storage::StoredVisit sv = store.load_visit(id);
    BOOST_TEST((sv.visit.status == forms::Status::Draft));
    BOOST_TEST(sv.visit.uuid.size() == 36u);
    BOOST_TEST(sv.visit.branch == h.branch);

    // Save answers: the stored score is the scoring library's.
    forms::Visit v = sv.visit;
    v.answers = {{"scenario_run", "enquiry_only"}, {"data_disclosed", "yes"}, {"wait_time", 2}};
    v.comments["wait_time"] = "two minutes";
    store.save_draft(id, v);
    auto rows = store.visit_rows({id});
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    auto typed = forms::typed_answers(*sv.tpl, v.answers, "", "");
    auto expect = scoring::score_visit(*sv.tpl, typed);
    BOOST_TEST(rows[0].score.value() == expect.score.value());
    BOOST_TEST(rows[0].critical); // data disclosed: a visit-level critical failure
    BOOST_TEST(store.load_visit(id).visit.comments.at("wait_time") == "two minutes");

    // Submitting an incomplete visit below min_applicable is refused with the reason.
    BOOST_CHECK_EXCEPTION(services::submit(store, id, "tester"), InputError,
                          [](const InputError& e) {
                              return e.message().find("min_applicable") != std::string::npos;
                          });
    // Fill every visible question, then submit, approve.
    const auto& tpl = *sv.tpl;
    forms::Answers all = typed;
    for (int qi = 0; qi < static_cast<int>(tpl.questions.size()); ++qi) {
        const auto& q = tpl.questions[static_cast<std::size_t>(qi)];
        if (all[static_cast<std::size_t>(qi)].answered() || !forms::is_visible(tpl, all, qi))
            continue;
        using forms::QuestionType;
        all[static_cast<std::size_t>(qi)] =
            q.type == QuestionType::YesNo       ? forms::Answer::text(q.expect)
            : q.type == QuestionType::Scale     ? forms::Answer::number(q.max)
            : q.type == QuestionType::Choice    ? forms::Answer::text(q.options[0].id)
            : q.type == QuestionType::Checklist ? forms::Answer::list({q.options[0].id})
            : q.type == QuestionType::Number    ? forms::Answer::number(1)
            : q.type == QuestionType::Nps       ? forms::Answer::number(10)
                                                : forms::Answer::text("fine");
    }
    v.answers = forms::answers_to_json(tpl, all);
    store.save_draft(id, v);
    services::submit(store, id, "shopper1");
    BOOST_CHECK_THROW(store.save_draft(id, v), storage::StorageError); // no longer a draft
    BOOST_CHECK_THROW(services::return_visit(store, id, "rev", ""), InputError);
    services::approve(store, id, "reviewer", "");

    // An approved visit changes only with a reason, one audit entry per changed field.
    forms::Visit edited = store.load_visit(id).visit;
    BOOST_CHECK_THROW(services::edit_visit(store, id, edited, "reviewer", ""), InputError);
    edited.answers["wait_time"] = 7;
    edited.comments["wait_time"] = "seven, not two";
    BOOST_TEST(services::edit_visit(store, id, edited, "reviewer", "shopper's correction") == 2u);
    auto log = store.audit_log(id);
    BOOST_REQUIRE_EQUAL(log.size(), 4u);
    BOOST_TEST(log[0].field == "status");
    BOOST_TEST(log[0].old_value == "draft");
    BOOST_TEST(log[0].new_value == "submitted");
    BOOST_TEST(log[1].new_value == "approved");
    BOOST_TEST(log[1].who == "reviewer");
    BOOST_TEST(log[2].reason == "shopper's correction");
    bool wait_logged = false;
    for (const auto& e : log)
        if (e.field == "answers.wait_time") {
            wait_logged = true;
            BOOST_TEST(e.old_value == "2");
            BOOST_TEST(e.new_value == "7");
        }
    BOOST_TEST(wait_logged);
    // One chain for every change: the approval of this failed visit also opened its branch's
    // action plan, whose entry sits between the visit's own.
    for (const auto& e : log)
        BOOST_TEST(e.hash.size() == 64u);
    BOOST_TEST(log[0].prev_hash == std::string(64, '0'));
    BOOST_TEST(log[1].prev_hash == log[0].hash);
    const storage::AuditCheck chain = store.verify_audit("");
    BOOST_TEST(chain.ok(), chain.problem);
    BOOST_TEST(chain.entries == static_cast<std::int64_t>(log.size()) + 1);
    // The stored score follows the edit.
    BOOST_TEST(store.load_visit(id).visit.answers.at("wait_time") == 7);
    // Append-only, even to SQL of another connection on the same file.
    SQLite::Database raw(d.path("a.db"), SQLite::OPEN_READWRITE);
    BOOST_CHECK_THROW(raw.exec("UPDATE audit_log SET who = 'x'"), SQLite::Exception);
    BOOST_CHECK_THROW(raw.exec("DELETE FROM audit_log"), SQLite::Exception);
}

BOOST_AUTO_TEST_CASE(return_and_exclude_need_a_note) {
    test::TempDir d;
    storage::SqliteStore store(d.path("r.db"));
    test::fill_demo(store, 60);
    auto ids = store.visit_ids(test::with_status(forms::Status::Submitted));
    BOOST_REQUIRE(!ids.empty());
    BOOST_CHECK_THROW(services::return_visit(store, ids[0], "rev", ""), InputError);
    services::return_visit(store, ids[0], "rev", "Branch code looks wrong");
    BOOST_TEST(store.load_visit(ids[0]).note == "Branch code looks wrong");
    BOOST_TEST((store.load_visit(ids[0]).visit.status == forms::Status::Returned));
}

BOOST_AUTO_TEST_CASE(attachments_round_trip) {
    test::TempDir d;
    storage::SqliteStore store(d.path("att.db"));
    test::fill_demo(store, 10);
    std::int64_t id = store.create_draft(test::branch_visit_header(store));
    std::vector<unsigned char> data(100000, 7), thumb{1, 2, 3};
    auto a = store.add_attachment(id, "wait_time", "receipt.jpg", "image/jpeg", data, thumb);
    store.add_attachment(id, "", "front.png", "image/png", {9}, {});
    auto list = store.attachments(id);
    BOOST_REQUIRE_EQUAL(list.size(), 2u);
    BOOST_TEST(list[0].question == "wait_time");
    BOOST_TEST(list[0].size == 100000);
    BOOST_TEST((list[0].thumbnail == thumb));
    BOOST_TEST((store.attachment_data(a) == data));
    store.remove_attachment(a);
    BOOST_TEST(store.attachments(id).size() == 1u);
}

BOOST_AUTO_TEST_CASE(organisation_add_edit_deactivate_import) {
    test::TempDir d;
    storage::SqliteStore store(d.path("org.db"));
    storage::OrgEntity c;
    c.kind = storage::OrgKind::Client;
    c.name = "Acme";
    c.id = store.org_save(c);
    storage::OrgEntity b;
    b.kind = storage::OrgKind::Branch;
    b.client_id = c.id;
    b.code = "B1";
    b.name = "High Street";
    b.id = store.org_save(b);
    b.name = "High Street East";
    store.org_save(b);
    storage::OrgEntity dup = b;
    dup.id = 0;
    BOOST_CHECK_EXCEPTION(store.org_save(dup), InputError, [](const InputError& e) {
        return e.message().find("already used") != std::string::npos;
    });
    store.org_set_active(storage::OrgKind::Branch, b.id, false);
    BOOST_TEST(store.org_list(storage::OrgKind::Branch, c.id, false).empty());
    auto all = store.org_list(storage::OrgKind::Branch, c.id, true);
    BOOST_REQUIRE_EQUAL(all.size(), 1u);
    BOOST_TEST(all[0].name == "High Street East");
    BOOST_TEST(!all[0].active);
    std::size_t n = services::import_organisation_csv(store, storage::OrgKind::Employee,
                                                      "client,code,name,branch\nAcme,E1,Sam "
                                                      "Taylor,B1\nAcme,E2,\"Lee, Jo\",B2\n",
                                                      "staff.csv");
    BOOST_TEST(n == 2u);
    auto staff = store.org_list(storage::OrgKind::Employee, c.id, false);
    BOOST_REQUIRE_EQUAL(staff.size(), 2u);
    BOOST_TEST(staff[1].name == "Lee, Jo");
    BOOST_TEST(staff[0].parent == "B1");
    BOOST_CHECK_EXCEPTION(services::import_organisation_csv(store, storage::OrgKind::Employee,
                                                            "client,name\nAcme,x\n", "bad.csv"),
                          InputError, [](const InputError& e) { return e.file() == "bad.csv"; });
}

BOOST_AUTO_TEST_CASE(backup_while_open_and_settings) {
    test::TempDir d;
    storage::SqliteStore store(d.path("live.db"));
    test::fill_demo(store, 50);
    store.set_setting("user", "alice");
    BOOST_TEST(store.setting("user", "x") == "alice");
    BOOST_TEST(store.setting("nothing", "fallback") == "fallback");
    store.backup(d.path("copy.db"));
    storage::SqliteStore copy(d.path("copy.db"));
    BOOST_TEST(copy.visit_ids({}).size() == 50u);
    BOOST_TEST(copy.setting("user", "") == "alice");
}

BOOST_AUTO_TEST_SUITE_END()
