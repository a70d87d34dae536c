#pragma once
// The scorecard designer without windows: a template as an editable JSON document (sections and
// their questions, in the FORMATS.md shape) with add, duplicate, delete, move, set field, undo
// and redo. After every change the document is validated by the forms library itself
// (forms::template_from_json: one source of truth for rules and messages), and the error's JSON
// path is mapped back to the section or question it points into. Saving stores the template in
// a Store; a stored version never changes, so an edited scorecard becomes the next version.
// The designer window (designer_frame.cpp) draws this model and forwards edits to it.

#include "forms/answer.h"
#include "forms/template.h"
#include "storage/store.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vs::app {

/// A node of the designer's tree: the template itself, a section, or a question of a section.
struct DesignerNode {
    int section = -1;  ///< -1: the template
    int question = -1; ///< -1: the section itself

    bool is_template() const { return section < 0; }
    bool is_section() const { return section >= 0 && question < 0; }
    bool is_question() const { return section >= 0 && question >= 0; }
    bool operator==(const DesignerNode&) const = default;
};

/// The first validation problem of the document, as the forms library reports it.
struct DesignerProblem {
    DesignerNode node;   ///< the deepest node the JSON path points into
    std::string field;   ///< the node's field at fault ("options", "points", …), or ""
    std::string where;   ///< the full JSON path, e.g. `sections[1].questions[0].options[2].score`
    std::string message; ///< the forms library's message
    /// The message for people: which node, which field, what is wrong and what to do.
    std::string text;
};

/// One stored version of the template being designed.
struct DesignerVersion {
    int version = 0;
    std::int64_t visits = 0;
    std::string name;
};

/// What saving did.
struct DesignerSave {
    int version = 0;
    bool added = false;          ///< false: that version was already stored with this content
    std::optional<int> replaced; ///< the stored version the edit was based on, when bumped
};

class DesignerModel {
  public:
    /// Starts from scratch (a blank scorecard with one section and one question).
    DesignerModel();

    /// A small valid scorecard to start from.
    static nlohmann::json blank_template();

    /// Replaces the document (history cleared). `file` names it in messages.
    void load(nlohmann::json doc, std::string file, bool read_only = false);
    /// Reads JSON text strictly (InputError for bad JSON); the template itself may be invalid.
    void load_text(std::string_view json_text, const std::string& file);
    /// Opens a stored version; versions older than the newest are read-only.
    void open_stored(storage::Store& store, const std::string& id, int version);
    /// Makes a read-only (old) version editable: saving it will create the next version.
    void edit_copy();

    const nlohmann::json& doc() const { return m_doc; }
    /// The JSON object of a node (the template, a section or a question).
    const nlohmann::json& node(DesignerNode n) const;
    /// True when the node exists in the document.
    bool exists(DesignerNode n) const;
    int section_count() const;
    int question_count(int section) const;
    /// What the tree shows for a node: "Title", "id — text".
    std::string label(DesignerNode n) const;
    /// The file the document came from ("" when new).
    const std::string& file() const { return m_file; }

    // --- Editing: each change is one undo step; returns the node to select afterwards. ---

    /// Adds a section after the section of `at` (at the end for the template node).
    DesignerNode add_section(DesignerNode at);
    /// Adds a question after `at` (a question), or at the end of `at` (a section).
    DesignerNode add_question(DesignerNode at,
                              forms::QuestionType type = forms::QuestionType::YesNo);
    /// Copies a section or question (with fresh ids) right after it.
    DesignerNode duplicate(DesignerNode n);
    /// Deletes a section or question; returns a neighbour to select.
    DesignerNode remove(DesignerNode n);
    /// Moves one place up; a first question moves to the end of the section above.
    DesignerNode move_up(DesignerNode n);
    /// Moves one place down; a last question moves to the start of the section below.
    DesignerNode move_down(DesignerNode n);
    /// Moves a question to `index` within `section` (drag and drop); returns where it went.
    DesignerNode move_question(DesignerNode from, int section, int index);
    /// Moves a section to position `index`.
    DesignerNode move_section(int from, int index);
    /// Sets a field of a node; null erases it (the default applies). Unchanged values do nothing.
    void set_field(DesignerNode n, const std::string& key, nlohmann::json value);
    /// Changes a question's type, adding what the new type needs (scale bounds, options, bands)
    /// and dropping what only the old type used.
    void set_type(DesignerNode n, forms::QuestionType type);

    bool can_undo() const { return !m_undo.empty(); }
    bool can_redo() const { return !m_redo.empty(); }
    bool undo();
    bool redo();

    // --- Validation ---

    /// The first problem of the current document, or nullopt when it is a valid template.
    const std::optional<DesignerProblem>& problem() const { return m_problem; }
    bool valid() const { return !m_problem; }
    /// The current document as a template, when valid (else the last valid one, or nullptr).
    std::shared_ptr<const forms::Template> tpl() const { return m_tpl; }

    bool read_only() const { return m_read_only; }
    /// True when the document changed since it was loaded or saved.
    bool dirty() const { return m_doc != m_clean; }
    /// Grows with every change (undo and redo too).
    std::uint64_t revision() const { return m_revision; }

    // --- Storing ---

    /// The version saving would store: the document's own when that id has no stored version or
    /// the same content is stored under it; else one after the newest stored version.
    int version_on_save(storage::Store& store) const;
    /// Validates and stores the template (InputError when invalid); an edit of a stored version
    /// becomes the next version. The document takes that version number.
    DesignerSave save(storage::Store& store);
    /// The stored versions of the document's template id, oldest first, with their visits.
    std::vector<DesignerVersion> versions(storage::Store& store) const;
    /// The document as FORMATS.md JSON text (InputError when invalid).
    std::string to_json_text() const;

  private:
    void change(nlohmann::json doc);
    /// Moves the document one step through the history (undo: from the undo to the redo stack).
    bool step(std::vector<nlohmann::json>& from, std::vector<nlohmann::json>& to);
    void validate();
    nlohmann::json& section_json(nlohmann::json& doc, int section) const;
    nlohmann::json& questions_json(nlohmann::json& doc, int section) const;
    std::string fresh_id(const nlohmann::json& doc, const std::string& stem) const;
    void refresh_ids(const nlohmann::json& doc, nlohmann::json& node) const;

    nlohmann::json m_doc;
    nlohmann::json m_clean;
    std::string m_file;
    bool m_read_only = false;
    std::vector<nlohmann::json> m_undo;
    std::vector<nlohmann::json> m_redo;
    std::optional<DesignerProblem> m_problem;
    std::shared_ptr<const forms::Template> m_tpl;
    std::uint64_t m_revision = 0;
};

/// Maps a forms-library JSON path (`sections[2].questions[1].bands[0].max`) to its node and the
/// node's field (`bands`).
std::pair<DesignerNode, std::string> node_of_path(std::string_view where);

// --- Text forms of the list fields, for one-line-per-item editing in the property panel ---
// Values that are not numbers are kept as text so that the forms library names the problem.

/// A JSON value from what a person typed: a number when it reads as one, else the text;
/// null when empty.
nlohmann::json value_from_text(std::string_view text);
/// Options as lines "id | label | score".
std::vector<std::string> options_to_lines(const nlohmann::json& options);
nlohmann::json options_from_lines(const std::vector<std::string>& lines);
/// Bands as lines "max | score" (an empty max on the last band catches the rest).
std::vector<std::string> bands_to_lines(const nlohmann::json& bands);
nlohmann::json bands_from_lines(const std::vector<std::string>& lines);
/// show_if's `in` as "yes, no" / "4, 5".
std::string values_to_text(const nlohmann::json& values);
nlohmann::json values_from_text(std::string_view text);

// --- Test answers for the preview ---

enum class TestAnswers { AllBest, OneCriticalFailure, AllNa };

/// A set of test answers and what a consultant should know about it.
struct TestAnswerSet {
    forms::Answers answers;
    std::string note;
};

/// "All best": every visible question gets its best answer. "One critical failure": the same,
/// but the first visible critical question fails. "All NA": N/A wherever allowed, best elsewhere.
TestAnswerSet test_answers(const forms::Template& tpl, TestAnswers which);

} // namespace vs::app
