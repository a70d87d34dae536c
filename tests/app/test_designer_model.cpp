// The scorecard designer's model without windows: editing operations with undo and redo,
// validation through the forms library mapped to the right node, versioning on a real SQLite
// file, and the preview's score against the scoring library for tables of answer sets.
#include "app/designer/designer_model.h"
#include "app/visits/visit_form_model.h"
#include "forms/error.h"
#include "scoring/visit_score.h"
#include "test_support.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>

using namespace vs;
using app::DesignerModel;
using app::DesignerNode;
using forms::Answer;
using forms::QuestionType;
using nlohmann::json;

namespace {

std::string qid(const DesignerModel& m, int s, int q) {
    return m.node({s, q}).at("id").get<std::string>();
}

/// The forms library's own verdict on the document, for comparison with the designer's.
std::pair<std::string, std::string> library_error(const json& doc) {
    try {
        forms::parse_template(doc.dump(), "(designer)");
    } catch (const InputError& e) {
        return {e.where(), e.message()};
    }
    return {};
}

/// The score the preview shows: the form model (as the evaluator's form panel uses it) built
/// from a visit holding the answers as a package would.
scoring::VisitResult preview_result(std::shared_ptr<const forms::Template> tpl,
                                    const forms::Answers& answers) {
    forms::Visit v;
    v.template_id = tpl->id;
    v.template_version = tpl->version;
    v.status = forms::Status::Draft;
    v.answers = forms::answers_to_json(*tpl, answers);
    app::VisitFormModel model(tpl, v);
    return model.result();
}

bool same(const std::optional<double>& a, const std::optional<double>& b) {
    if (!a || !b)
        return !a && !b;
    return std::abs(*a - *b) < 1e-9;
}

/// A small scorecard built with the designer's operations, the way a consultant would.
DesignerModel small_scorecard() {
    DesignerModel m;
    m.set_field({}, "id", "front-desk");
    m.set_field({}, "name", "Hotel front desk");
    m.set_field({0, -1}, "title", "Arrival");
    m.set_field({0, 0}, "text", "Were you greeted?");
    DesignerNode scale = m.add_question({0, 0}, QuestionType::Scale);
    m.set_field(scale, "points", 3);
    m.set_field(scale, "na", true);
    DesignerNode sec = m.add_section({0, -1});
    m.set_field(sec, "weight", 3);
    m.set_type({1, 0}, QuestionType::Choice);
    m.set_field({1, 0}, "critical", "section");
    m.set_field(
        {1, 0}, "options",
        app::options_from_lines({"full | Full | 1", "part | Partly | 0.5", "none | None | 0"}));
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(designer_model)

BOOST_AUTO_TEST_CASE(starts_from_a_valid_blank_scorecard) {
    DesignerModel m;
    BOOST_TEST(m.valid());
    BOOST_REQUIRE(m.tpl());
    BOOST_TEST(m.tpl()->questions.size() == 1u);
    BOOST_TEST(!m.dirty());
    BOOST_TEST(!m.can_undo());
}

BOOST_AUTO_TEST_CASE(add_move_delete_undo_redo) {
    DesignerModel m;
    const json start = m.doc();
    DesignerNode q2 = m.add_question({0, -1});
    BOOST_TEST((q2 == DesignerNode{0, 1}));
    BOOST_TEST(qid(m, 0, 1) == "question_2");
    DesignerNode s2 = m.add_section({});
    BOOST_TEST((s2 == DesignerNode{1, -1}));
    BOOST_TEST(m.section_count() == 2);
    BOOST_TEST(m.node(s2)["id"] == "section_2");
    BOOST_TEST(qid(m, 1, 0) == "question_3");
    BOOST_TEST(m.valid());
    const json three = m.doc();

    // Keys: the first question of section 2 moves up to the end of section 1.
    DesignerNode moved = m.move_up({1, 0});
    BOOST_TEST((moved == DesignerNode{0, 2}));
    BOOST_TEST(qid(m, 0, 2) == "question_3");
    BOOST_TEST(m.question_count(1) == 0);
    // An empty section is refused by the forms library, and the section is marked.
    BOOST_REQUIRE(m.problem());
    BOOST_TEST((m.problem()->node == DesignerNode{1, -1}));
    BOOST_TEST(m.problem()->field == "questions");

    BOOST_TEST(m.undo());
    BOOST_TEST(m.doc() == three);
    BOOST_TEST(m.valid());
    BOOST_TEST(m.redo());
    BOOST_TEST(m.question_count(1) == 0);
    BOOST_TEST(m.undo());

    // Move down within a section and across into the next one.
    BOOST_TEST((m.move_down({0, 0}) == DesignerNode{0, 1}));
    BOOST_TEST(qid(m, 0, 0) == "question_2");
    BOOST_TEST((m.move_down({0, 1}) == DesignerNode{1, 0}));
    BOOST_TEST(qid(m, 1, 0) == "question_1");
    BOOST_TEST(qid(m, 1, 1) == "question_3");
    // Drag and drop: a question onto another section, before a given question.
    BOOST_TEST((m.move_question({1, 1}, 0, 0) == DesignerNode{0, 0}));
    BOOST_TEST(qid(m, 0, 0) == "question_3");
    BOOST_TEST((m.move_question({0, 0}, 0, 2) == DesignerNode{0, 1})); // dropped at the end
    BOOST_TEST(qid(m, 0, 1) == "question_3");
    BOOST_TEST((m.move_section(1, 0) == DesignerNode{0, -1}));
    BOOST_TEST(m.node({0, -1})["id"] == "section_2");
    BOOST_TEST(m.valid());

    // Duplicate gets fresh ids; show_if inside a duplicated section follows the copies.
    m.set_field({1, 1}, "show_if", {{"question", "question_2"}, {"in", {"yes"}}});
    BOOST_TEST(m.valid());
    DesignerNode copy = m.duplicate({1, -1});
    BOOST_TEST((copy == DesignerNode{2, -1}));
    BOOST_TEST(m.node(copy)["id"] != m.node({1, -1})["id"]);
    BOOST_TEST(m.node({2, 1})["show_if"]["question"] == m.node({2, 0})["id"]);
    BOOST_TEST(m.valid());
    DesignerNode qcopy = m.duplicate({0, 0});
    BOOST_TEST(qid(m, 0, 1) != qid(m, 0, 0));
    BOOST_TEST((qcopy == DesignerNode{0, 1}));
    BOOST_TEST(m.valid());

    // Delete, then undo everything back to the start.
    const int before = m.question_count(0);
    DesignerNode next = m.remove({0, 1});
    BOOST_TEST(m.question_count(0) == before - 1);
    BOOST_TEST((next == DesignerNode{0, 0})); // the last one left
    BOOST_TEST((m.remove({2, -1}) == DesignerNode{1, -1}));
    BOOST_TEST(m.section_count() == 2);
    while (m.undo()) {
    }
    BOOST_TEST(m.doc() == start);
    BOOST_TEST(!m.dirty());
    BOOST_TEST(m.can_redo());
}

BOOST_AUTO_TEST_CASE(changing_the_type_adds_what_it_needs) {
    DesignerModel m;
    for (QuestionType t :
         {QuestionType::Scale, QuestionType::Choice, QuestionType::Checklist, QuestionType::Number,
          QuestionType::Nps, QuestionType::Text, QuestionType::YesNo}) {
        BOOST_TEST_INFO_SCOPE("type " << forms::to_string(t));
        m.set_field({0, 0}, "type", std::string(forms::to_string(t)));
        BOOST_TEST(m.valid());
        BOOST_TEST((m.tpl()->questions[0].type == t));
    }
    BOOST_TEST(!m.node({0, 0}).contains("bands"));
    BOOST_TEST(!m.node({0, 0}).contains("options"));
}

BOOST_AUTO_TEST_CASE(validation_marks_the_offending_node_with_the_library_message) {
    struct Case {
        const char* name;
        std::function<void(DesignerModel&)> edit;
        DesignerNode node;
        const char* field;
    };
    const std::vector<Case> cases = {
        {"points",
         [](DesignerModel& m) {
             m.set_field({1, 1}, "points", 0);
         },
         {1, 1},
         "points"},
        {"option score",
         [](DesignerModel& m) {
             m.set_field({1, 0}, "options", app::options_from_lines({"a | A | 1", "b | B | 1.5"}));
         },
         {1, 0},
         "options"},
        {"option score text",
         [](DesignerModel& m) {
             m.set_field({1, 0}, "options", app::options_from_lines({"a | A | lots"}));
         },
         {1, 0},
         "options"},
        {"section id",
         [](DesignerModel& m) {
             m.set_field({1, -1}, "id", "Bad Id");
         },
         {1, -1},
         "id"},
        {"duplicate id",
         [](DesignerModel& m) {
             m.set_field({1, 1}, "id", "question_1");
         },
         {1, 1},
         "id"},
        {"target", [](DesignerModel& m) { m.set_field({}, "target", 120); }, {}, "target"},
        {"name", [](DesignerModel& m) { m.set_field({}, "name", ""); }, {}, "name"},
        {"show_if later",
         [](DesignerModel& m) {
             m.set_field({0, 0}, "show_if", {{"question", "question_3"}, {"in", {"yes"}}});
         },
         {0, 0},
         "show_if"},
        {"scale bounds",
         [](DesignerModel& m) {
             m.set_field({0, 1}, "max", 1);
         },
         {0, 1},
         "max"},
        {"scale labels",
         [](DesignerModel& m) {
             m.set_field({0, 1}, "labels", json::array({"Bad", "Good"}));
         },
         {0, 1},
         "labels"},
        {"bands order",
         [](DesignerModel& m) {
             m.set_type({0, 0}, QuestionType::Number);
             m.set_field({0, 0}, "bands", app::bands_from_lines({"10 | 1", "5 | 0.5", " | 0"}));
         },
         {0, 0},
         "bands"},
        {"critical text",
         [](DesignerModel& m) {
             m.set_type({0, 0}, QuestionType::Text);
             m.set_field({0, 0}, "critical", "visit");
         },
         {0, 0},
         "critical"},
        {"empty section",
         [](DesignerModel& m) {
             m.remove({1, 1});
             m.remove({1, 0});
         },
         {1, -1},
         "questions"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_INFO_SCOPE(c.name);
        DesignerModel m = small_scorecard();
        m.add_question({1, 0});
        BOOST_REQUIRE(m.valid());
        c.edit(m);
        BOOST_REQUIRE(m.problem());
        BOOST_TEST((m.problem()->node == c.node));
        BOOST_TEST(m.problem()->field == c.field);
        // One source of truth: the same path and message as the forms library gives the file.
        auto [where, message] = library_error(m.doc());
        BOOST_TEST(m.problem()->where == where);
        BOOST_TEST(m.problem()->message == message);
        BOOST_TEST(m.problem()->text.find(message) != std::string::npos);
        // Undo makes it valid again.
        while (!m.valid() && m.undo()) {
        }
        BOOST_TEST(m.valid());
    }
}

BOOST_AUTO_TEST_CASE(text_forms_of_list_fields_round_trip) {
    json options = json::parse(
        R"([{"id":"a","label":"Alpha","score":1},{"id":"b","label":"Beta","score":0.5}])");
    BOOST_TEST(app::options_from_lines(app::options_to_lines(options)) == options);
    json bands = json::parse(R"([{"max":3,"score":1},{"max":7.5,"score":0.25},{"score":0}])");
    BOOST_TEST(app::bands_from_lines(app::bands_to_lines(bands)) == bands);
    json values = json::parse(R"(["yes", 4, "na"])");
    BOOST_TEST(app::values_from_text(app::values_to_text(values)) == values);
    BOOST_TEST(app::value_from_text(" 2.5 ") == json(2.5));
    BOOST_TEST(app::value_from_text("3") == json(3));
    BOOST_TEST(app::value_from_text("three") == json("three"));
    BOOST_TEST(app::value_from_text("  ").is_null());
    auto [node, field] = app::node_of_path("sections[2].questions[11].bands[0].max");
    BOOST_TEST((node == DesignerNode{2, 11}));
    BOOST_TEST(field == "bands");
}

BOOST_AUTO_TEST_CASE(json_export_and_import_round_trip) {
    DesignerModel m = small_scorecard();
    std::string text = m.to_json_text();
    DesignerModel back;
    back.load_text(text, "front-desk.json");
    BOOST_TEST(back.doc() == m.doc());
    BOOST_TEST(back.valid());
    BOOST_TEST(forms::template_to_json(*back.tpl()) ==
               forms::template_to_json(forms::parse_template(text, "x.json")));
    BOOST_CHECK_THROW(back.load_text("{\"id\": ", "broken.json"), InputError);
    m.set_field({}, "target", -1);
    BOOST_CHECK_THROW(m.to_json_text(), InputError);
}

BOOST_AUTO_TEST_CASE(versions_on_a_real_sqlite_file) {
    test::TempDir dir;
    const std::string db = dir.path("designer.db");
    json original;
    {
        auto store = storage::open_sqlite(db);
        test::fill_demo(*store, 40); // bundled scorecards with visits on version 1
        DesignerModel m;
        m.open_stored(*store, "branch-visit", 1);
        original = m.doc();
        BOOST_TEST(!m.read_only()); // the newest version is editable…
        BOOST_TEST(m.version_on_save(*store) == 1);
        auto same = m.save(*store); // …and saving it unchanged stores nothing
        BOOST_TEST(same.version == 1);
        BOOST_TEST(!same.added);

        m.set_field({}, "target", 90);
        BOOST_TEST(m.dirty());
        BOOST_TEST(m.version_on_save(*store) == 2);
        auto saved = m.save(*store);
        BOOST_TEST(saved.version == 2);
        BOOST_TEST(saved.added);
        BOOST_TEST(saved.replaced.value_or(0) == 1);
        BOOST_TEST(m.doc()["version"] == 2);
        BOOST_TEST(!m.dirty());

        auto versions = m.versions(*store);
        BOOST_REQUIRE(versions.size() == 2u);
        BOOST_TEST(versions[0].version == 1);
        BOOST_TEST(versions[0].visits > 0);
        BOOST_TEST(versions[1].version == 2);
        BOOST_TEST(versions[1].visits == 0);

        // An old version is read-only until copied; the copy becomes version 3.
        m.open_stored(*store, "branch-visit", 1);
        BOOST_TEST(m.read_only());
        m.set_field({}, "name", "Changed");
        m.remove({0, -1});
        BOOST_TEST(m.doc() == original);
        m.edit_copy();
        m.set_field({}, "name", "Branch visit, spring edition");
        BOOST_TEST(m.version_on_save(*store) == 3);
        BOOST_TEST(m.save(*store).version == 3);

        // A brand-new id keeps its own version.
        DesignerModel fresh = small_scorecard();
        BOOST_TEST(fresh.save(*store).version == 1);
        fresh.set_field({0, 0}, "text", "Were you greeted warmly?");
        BOOST_TEST(fresh.save(*store).version == 2);
        // Saving an invalid scorecard stores nothing and says why.
        fresh.set_field({0, 0}, "points", -2);
        BOOST_CHECK_THROW(fresh.save(*store), InputError);
    }
    // Reopen the file: every version is there and version 1 never changed.
    auto store = storage::open_sqlite(db);
    DesignerModel m;
    m.open_stored(*store, "branch-visit", 1);
    BOOST_TEST(m.doc() == original);
    auto versions = m.versions(*store);
    BOOST_REQUIRE(versions.size() == 3u);
    BOOST_TEST(versions[2].name == "Branch visit, spring edition");
    BOOST_TEST(store->find_template("branch-visit", 2)->target == 90);
    BOOST_TEST(store->find_template("front-desk", 2)->questions[0].text ==
               "Were you greeted warmly?");
}

BOOST_AUTO_TEST_CASE(preview_score_equals_the_scoring_library) {
    // Hand-computed: Arrival (weight 1): greeted 1 pt, scale 1–5 3 pt; Service (weight 3): a
    // section-critical choice.
    DesignerModel m = small_scorecard();
    BOOST_REQUIRE(m.valid());
    auto tpl = m.tpl();
    struct Row {
        const char* name;
        forms::Answers answers;
        std::optional<double> score;
        std::optional<double> raw;
    };
    auto a = [](Answer x, Answer y, Answer z) { return forms::Answers{x, y, z}; };
    const std::vector<Row> table = {
        {"perfect", a(Answer::text("yes"), Answer::number(5), Answer::text("full")), 100, 100},
        // Arrival (1 + 0.5·3)/4 = 62.5; visit (62.5 + 3·100)/4.
        {"middling", a(Answer::text("yes"), Answer::number(3), Answer::text("full")), 90.625,
         90.625},
        // The critical choice "part" fails (pass_at 1): Service scores 0, raw 50.
        {"critical", a(Answer::text("yes"), Answer::number(5), Answer::text("part")), 25, 62.5},
        // NA on the scale: Arrival is greeted only.
        {"na", a(Answer::text("no"), Answer::na(), Answer::text("full")), 75, 75},
        {"nothing", a({}, {}, {}), std::nullopt, std::nullopt},
    };
    for (const Row& r : table) {
        BOOST_TEST_INFO_SCOPE(r.name);
        auto lib = scoring::score_visit(*tpl, r.answers);
        auto shown = preview_result(tpl, r.answers);
        BOOST_TEST(same(shown.score, lib.score));
        BOOST_TEST(same(shown.raw, lib.raw));
        BOOST_TEST(same(lib.score, r.score));
        BOOST_TEST(same(lib.raw, r.raw));
    }

    // The preview's test sets on the designed card and on every bundled scorecard, plus random
    // answer sets.
    std::vector<std::shared_ptr<const forms::Template>> tpls = {tpl};
    for (const auto& [name, text] : templates::bundled())
        tpls.push_back(std::make_shared<const forms::Template>(
            forms::parse_template(text, std::string(name))));
    std::mt19937 rng(11);
    for (const auto& t : tpls) {
        BOOST_TEST_INFO_SCOPE(t->id);
        auto best = app::test_answers(*t, app::TestAnswers::AllBest);
        BOOST_TEST(same(preview_result(t, best.answers).score, 100.0));
        auto crit = app::test_answers(*t, app::TestAnswers::OneCriticalFailure);
        auto crit_result = scoring::score_visit(*t, crit.answers);
        // A customer survey asks nothing critical: the set then says so and equals "All best".
        const bool has_critical =
            std::any_of(t->questions.begin(), t->questions.end(),
                        [](const auto& q) { return q.critical != forms::Critical::None; });
        BOOST_TEST(crit_result.critical_failures.empty() == !has_critical);
        BOOST_TEST(crit.note.find(has_critical
                                      ? "fails and is critical"
                                      : "No visible question is critical") != std::string::npos);
        auto na = app::test_answers(*t, app::TestAnswers::AllNa);
        BOOST_TEST(na.note.find("N/A on") != std::string::npos);
        for (const auto* set : {&best, &crit, &na}) {
            auto lib = scoring::score_visit(*t, set->answers);
            auto shown = preview_result(t, set->answers);
            BOOST_TEST(same(shown.score, lib.score));
            BOOST_TEST(same(shown.raw, lib.raw));
            BOOST_TEST(shown.critical_failures == lib.critical_failures);
        }
        for (int round = 0; round < 20; ++round) {
            // Mix best and worst answers question by question.
            auto worst = app::test_answers(*t, app::TestAnswers::AllNa);
            forms::Answers mixed = best.answers;
            for (std::size_t qi = 0; qi < mixed.size(); ++qi)
                if (rng() % 3 == 0)
                    mixed[qi] = worst.answers[qi];
            auto lib = scoring::score_visit(*t, mixed);
            auto shown = preview_result(t, mixed);
            BOOST_TEST(same(shown.score, lib.score));
            BOOST_TEST(same(shown.raw, lib.raw));
        }
    }
    // The designed card: one critical failure zeroes its section, not the visit.
    auto crit = app::test_answers(*tpl, app::TestAnswers::OneCriticalFailure);
    BOOST_TEST(same(scoring::score_visit(*tpl, crit.answers).score, 25.0));
    BOOST_TEST(crit.note.find("section") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
