#pragma once
// The visit page: a scorecard built at run time from its template as one long scrolling form,
// a section index showing completion, a live score panel, autosave of drafts, submit, review
// (approve, return with a note, exclude) and audited changes of approved visits. It draws a
// VisitFormModel and forwards edits to it.

#include "app/shell/ui_util.h"
#include "app/visits/answer_input.h"
#include "app/visits/visit_form_model.h"
#include "storage/store.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>
#include <wx/panel.h>
#include <wx/timer.h>

class wxArrayString;
class wxButton;
class wxCheckBox;
class wxListBox;
class wxListCtrl;
class wxScrolledWindow;
class wxSplitterWindow;
class wxStaticText;
class wxTextCtrl;
class wxToggleButton;
class wxBoxSizer;
class wxFlexGridSizer;

namespace vs::app {

/// A yes/no message box (No is the default).
bool yes_no_prompt(const wxString& title, const wxString& message);

class VisitPage : public wxPanel {
  public:
    explicit VisitPage(wxWindow* parent);
    ~VisitPage() override;

    /// The database to work on (not owned) and who is working (for the audit log).
    void set_store(storage::Store* store, const std::string& who);
    /// Who is working from now on (for the audit log).
    void set_who(const std::string& who) { m_who = who; }
    /// What the person working may do (AccountRights): `answer` drafts (answer, attach,
    /// submit), `review` visits (approve, return, exclude, reopen, change a reviewed visit).
    /// What they may not is not offered; the open visit is shown again accordingly.
    void set_rights(bool answer, bool review);
    /// Whether the person may dispute released visits (DisputeRights::open): Dispute… shows on
    /// an approved visit.
    void set_can_dispute(bool can);
    /// Loads a visit and builds its form; editable when a draft or returned.
    void open(std::int64_t visit_id);
    /// Saves what is pending and forgets the visit.
    void close();
    /// Saves a pending draft change now; false when saving failed.
    bool flush();
    /// Whether answers typed into the open draft are not written to the database yet.
    bool has_unsaved() const { return m_model && m_schedule.pending(); }
    /// Offline (the server's connection is lost): autosave keeps the answers in memory and
    /// writes nothing until the frame hands a working store back (replace_store).
    void set_offline(bool offline);
    bool offline() const { return m_offline; }
    /// Works on another store of the same database from now on (the connection made again),
    /// keeping the open visit and the answers not written yet; flush() then writes them.
    void replace_store(storage::Store* store) { m_store = store; }
    /// Shows the open visit as stored now when someone else changed it (its status or, when
    /// it is not being edited here, its content): keeps the note typed in the review bar and
    /// the scroll position; nothing while answers typed here wait to be saved. True when it
    /// was shown again.
    bool refresh_from_store();
    /// Preview mode (the scorecard designer): shows `tpl` filled with `answers`, editable, with
    /// the live score, but with no visit or database behind it: nothing is saved or submitted.
    void preview(std::shared_ptr<const forms::Template> tpl, const forms::Answers& answers);

    std::int64_t visit_id() const { return m_visit_id; }
    VisitFormModel* model() { return m_model.get(); }
    bool editable() const { return m_editable; }

    /// Shows the evidence times and the integrity signals of a visit under review.
    void show_integrity();
    /// Validates and submits; on a problem shows it, focuses the first missing answer and
    /// returns false.
    bool submit();
    bool approve();
    /// Returns the visit to the shopper with the note in the review bar (or `note`).
    bool return_visit(const std::string& note);
    /// Excludes the visit from every report after `confirm` says yes (it can be reopened).
    bool exclude(const std::string& note);
    /// Reopens an approved or excluded visit for review, with a reason (asked through
    /// `prompt` when `reason` is empty).
    bool reopen(const std::string& reason = "");
    /// Dispute… (Ctrl+D): asks the frame to dispute the open visit (on_dispute) when it is
    /// approved and the person may; false when it does not.
    bool dispute();
    wxButton* dispute_button() const { return m_dispute; }
    /// Makes an approved or submitted visit editable; changes need a reason when saved.
    void begin_change();
    /// Saves the changes of an approved visit with a reason (asked through `prompt`).
    bool save_change();
    /// Asks for the visit's branch, staff, shopper, date and time (the New visit dialog).
    void edit_header();
    /// Takes a changed header (branch, employee, shopper, date and time) as if edited in the
    /// dialog: a draft saves it, a visit being changed records it with the other changes.
    /// False when the visit cannot be edited now.
    bool apply_header(const forms::Visit& header);

    /// Stores files as photos or receipts of the visit (`question` empty) or of a question,
    /// and shows their thumbnails; returns how many were attached.
    int attach_files(const std::string& question, const wxArrayString& paths);
    /// How many thumbnails (images) and file buttons are shown for the visit or a question.
    int shown_attachments(const std::string& question) const;
    /// The audit entries as shown: one row per entry, cells "when", "who", "field",
    /// "old → new", "reason".
    std::vector<std::vector<wxString>> audit_rows() const;
    /// The title of the score panel ("Live score" while editable, else "Visit score").
    wxString score_title() const;
    /// The text shown for the visit's photos when it has none ("" when hidden).
    wxString photos_text() const;

    /// Sets a question's widgets to `answer` and handles it as if a person had done it.
    void answer_from_ui(int qi, const forms::Answer& answer);
    /// Types a comment into a question's comment box.
    void comment_from_ui(int qi, const std::string& text);
    /// The first input control of a question (for focus and key tests).
    wxWindow* first_control(int qi) const;
    /// The answer buttons of a question (yes/no/NA, scale, NPS and choice).
    std::vector<wxToggleButton*> buttons(int qi) const;
    /// The number/text box of a question.
    wxTextCtrl* text_box(int qi) const;
    /// The check boxes of a checklist (options, then "None of these", then N/A when allowed).
    std::vector<wxCheckBox*> check_boxes(int qi) const;

    /// Handles a key pressed on a control of the form (see keyboard_help()); true when used.
    bool handle_key(int key, wxWindow* focus);

    wxString score_text() const;
    wxString critical_text() const;
    /// The label that shows the critical failures (wrapped to the score panel).
    wxStaticText* critical_label() const;
    wxString saved_text() const;
    /// The header's labels: the visit's branch (code and name), its date and time, and the
    /// scorecard with the staff member (the only one cut with "…" when the window is narrow).
    wxStaticText* branch_label() const { return m_title; }
    wxStaticText* when_label() const { return m_when; }
    wxStaticText* scorecard_label() const { return m_subtitle; }
    wxString message() const { return m_message; }
    /// Whether a question is marked in the form as not answered yet (after a refused submit,
    /// until it is answered).
    bool marked_missing(int qi) const;
    /// Milliseconds the last autosave took, and how many were done.
    double last_save_ms() const { return m_last_save_ms; }
    int save_count() const { return m_save_count; }
    wxSplitterWindow* index_splitter() const { return m_index_split; }
    wxSplitterWindow* score_splitter() const { return m_score_split; }
    /// The bar under the header of a visit made for an assignment: its scenario and window,
    /// and that the branch, scorecard and shopper are the assignment's (field/assignment_bar.cpp).
    wxStaticText* assignment_label() const { return m_assignment_label; }
    wxPanel* assignment_bar() const { return m_assignment_bar; }

    /// Called after the visit was saved or changed status (to refresh the list).
    std::function<void(std::int64_t)> on_changed;
    /// Says in the status bar how a submit ended (submitted, or why not).
    std::function<void(const wxString&)> on_status;
    /// Called when an autosave failed, with the error; true when the frame takes care of it
    /// (the server's connection is lost: the answers stay in memory until it returns).
    std::function<bool(const std::string& error)> on_save_failed;
    /// Called with the open visit's id when the person disputes it (Dispute…, Ctrl+D).
    std::function<void(std::int64_t)> on_dispute;
    /// Called when the person asks to go back to the list.
    std::function<void()> on_back;
    /// Asks for reasons and notes.
    TextPrompt prompt = dialog_prompt;
    /// Asks a yes/no question (excluding a visit); true for yes. Tests replace it.
    std::function<bool(const wxString& title, const wxString& message)> confirm = yes_no_prompt;

  private:
    struct Row {
        int qi = 0;
        wxPanel* panel = nullptr;
        wxStaticText* title = nullptr;
        wxStaticText* guide = nullptr;
        wxString title_text;
        wxString guide_text;
        std::unique_ptr<AnswerInput> input; ///< the answer controls of the question's type
        wxTextCtrl* comment = nullptr;
        wxPanel* thumbs = nullptr;
        wxButton* attach = nullptr;
        wxStaticText* critical = nullptr; ///< "Critical: …" under the title, when critical
        wxString critical_text;
        wxBoxSizer* columns = nullptr; ///< the question beside (or above) its guidance
        wxSizer* controls = nullptr;   ///< the answer controls
    };

    void build();
    void build_header(wxBoxSizer* sizer);
    void build_row(int qi);
    void build_score_panel();
    void build_audit_panel(wxWindow* parent);
    void sync_row(Row& row);
    void show_read_only(Row& row);
    void on_answer(int qi, forms::Answer answer);
    void changed(bool visibility_may_change);
    void refresh_visibility();
    void rewrap();
    /// The narrowest the answer controls of a row can be laid out.
    int controls_width(const Row& row) const;
    void refresh_index();
    void refresh_score();
    void refresh_audit();
    void refresh_bars();
    void refresh_thumbs(const std::string& question, wxPanel* strip);
    void refresh_all_thumbs();
    void save_now();
    void set_editable(bool editable);
    void show_message(const wxString& text, bool error);
    void focus_question(int qi);
    void scroll_to(wxWindow* window);
    /// Lays the form's body out again and fits the scrolled window to it (after rows were shown,
    /// hidden or resized).
    void layout_form();
    void attach(const std::string& question);
    void open_attachment(std::int64_t id, const std::string& name);
    void update_title();
    void set_title_tip(const wxString& tip);
    int row_of(wxWindow* window) const;

    storage::Store* m_store = nullptr;
    std::string m_who;
    std::int64_t m_visit_id = 0;
    std::unique_ptr<VisitFormModel> m_model;
    std::string m_note;
    bool m_editable = false;
    bool m_changing = false;  // an approved/submitted visit being changed
    bool m_may_answer = true; // set_rights
    bool m_may_review = true;
    bool m_may_dispute = false; // set_can_dispute
    bool m_syncing = false;
    bool m_preview = false;   // preview(): no visit, no store
    bool m_offline = false;   // set_offline(): answers kept in memory, nothing written
    void show_kept();         ///< says that the answers are kept in memory
    std::string m_updated_at; ///< the open visit's row version when it was loaded

    void build_assignment_bar(wxBoxSizer* sizer);
    /// Shows the assignment bar for the open visit (hidden for a visit without assignment).
    void show_assignment();
    wxPanel* m_assignment_bar = nullptr;
    wxStaticText* m_assignment_label = nullptr;
    int m_assignment_wrap = 0; ///< the width the scenario is wrapped to

    // Layout.
    wxButton* m_back = nullptr;
    wxStaticText* m_title = nullptr;    // the branch
    wxStaticText* m_when = nullptr;     // the visit's date and time
    wxStaticText* m_subtitle = nullptr; // the scorecard and the staff member
    wxStaticText* m_status = nullptr;
    wxStaticText* m_saved = nullptr;
    wxStaticText* m_message_label = nullptr;
    wxPanel* m_message_panel = nullptr;
    wxButton* m_submit = nullptr;
    wxButton* m_attach = nullptr;
    wxButton* m_details = nullptr;
    wxStaticText* m_score_head = nullptr;
    wxPanel* m_visit_photos = nullptr;
    wxPanel* m_review_bar = nullptr;
    wxStaticText* m_integrity = nullptr; // evidence times and integrity signals, for review
    wxTextCtrl* m_note_box = nullptr;
    wxButton* m_approve = nullptr;
    wxButton* m_return = nullptr;
    wxButton* m_exclude = nullptr;
    wxButton* m_reopen = nullptr;
    wxButton* m_dispute = nullptr;
    wxButton* m_change = nullptr;
    wxButton* m_save_change = nullptr;
    wxButton* m_cancel_change = nullptr;
    wxSplitterWindow* m_index_split = nullptr;
    wxSplitterWindow* m_score_split = nullptr;
    wxListBox* m_index = nullptr;
    wxScrolledWindow* m_form = nullptr;
    wxPanel* m_form_body = nullptr; ///< the form's only child: every row, header and photo strip
    wxPanel* m_score_panel = nullptr;
    wxStaticText* m_score = nullptr;
    wxStaticText* m_score_detail = nullptr;
    wxStaticText* m_critical = nullptr;
    int m_critical_wrap = 0; ///< the score panel width the critical lines were wrapped to
    void wrap_critical();
    wxFlexGridSizer* m_section_grid = nullptr;
    std::vector<wxStaticText*> m_section_scores;
    std::vector<wxStaticText*> m_section_titles;
    wxListCtrl* m_audit = nullptr;
    wxPanel* m_audit_panel = nullptr;
    wxPanel* m_visit_thumbs = nullptr;
    wxTextCtrl* m_summary = nullptr;
    std::vector<wxPanel*> m_section_headers;
    std::vector<std::pair<wxStaticText*, wxString>> m_section_texts;
    int m_wrap_width = 0;
    std::vector<Row> m_rows;
    /// The "not answered yet" message is up: it and the marks follow the answers.
    bool m_missing_shown = false;
    void mark_missing();
    std::unordered_map<wxWindow*, int> m_row_of;

    // Autosave.
    wxTimer m_save_timer;
    AutosaveSchedule m_schedule;
    double m_last_save_ms = 0;
    int m_save_count = 0;
    wxString m_message;
};

/// The keys of the scorecard form, for Help ▸ Keyboard shortcuts, as far as the person may use
/// them (the rights VisitPage::set_rights is given): answering keys with `answer` (drafts) or
/// `review` (changing a reviewed visit's answers), the submit key with `answer`; none for one who
/// may do neither. Then the keys that work everywhere.
std::string keyboard_help(bool answer = true, bool review = true);

} // namespace vs::app
