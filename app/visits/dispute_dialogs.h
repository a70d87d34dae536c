#pragma once
// The two dispute dialogs. DisputeDialog opens a point on a released visit (the consultancy on a
// client's behalf, or a client's own account): the question, the answer proposed with the
// controls of the question's type, a reason and an optional evidence file. DecideDialog lets an
// arbiter accept the proposed answer, partly accept it with an answer of their own, or reject
// it, with a reason. The services check both (services/disputes.h); a refusal is shown under
// the fields naming the field, and nothing is written.

#include "app/visits/disputes_model.h"
#include "forms/answer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <wx/dialog.h>

class wxChoice;
class wxFilePickerCtrl;
class wxPanel;
class wxRadioBox;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

class AnswerInput;

/// The controls of one question's answer in a dialog (the visit form's own answer controls).
class AnswerBox {
  public:
    explicit AnswerBox(wxWindow* parent);
    ~AnswerBox();
    /// Shows the controls of `question`, set to `answer`.
    void set_question(const forms::Question& question, const forms::Answer& answer);
    /// Answers as a person would.
    void type(const forms::Answer& answer);
    const forms::Answer& answer() const { return m_answer; }
    wxPanel* panel() const { return m_panel; }
    void enable(bool on);

  private:
    wxPanel* m_panel = nullptr;
    std::unique_ptr<AnswerInput> m_input;
    forms::Answer m_answer;
    bool m_syncing = false;
};

/// What both dispute dialogs share: a reason, the error line under the fields (naming the field
/// a refusal is about) and OK, labelled as the dialog's action, which saves and closes the
/// dialog only when the save succeeded.
class DisputeDialogBase : public wxDialog {
  public:
    using wxDialog::wxDialog;
    /// Checks and stores; false with the error shown. OK does this and closes.
    virtual bool save() = 0;
    std::string error() const;
    const std::string& error_field() const { return m_error_field; }
    wxTextCtrl* reason() const { return m_reason; }

  protected:
    /// Adds the error line (bordered on `error_sides`) and OK/Cancel (on `button_sides`) to
    /// `top`, OK reading `ok_label`; editing the reason takes away an error about it. Call once
    /// the reason exists.
    void add_error_and_buttons(wxSizer* top, const wxString& ok_label, int error_sides,
                               int button_sides);
    /// Shows `message` about `field` ("" none) and puts the focus on that field.
    void show_error(const std::string& field, const std::string& message);
    /// Puts the focus on the field an error names (the reason; a dialog adds its own).
    virtual void focus_field(const std::string& field);

    std::string m_error_field;
    wxTextCtrl* m_reason = nullptr;
    wxStaticText* m_error = nullptr;
};

class DisputeDialog : public DisputeDialogBase {
  public:
    /// Opens a point on `visit` (disputable_visit) by `who`.
    DisputeDialog(wxWindow* parent, storage::Store& store, DisputableVisit visit,
                  const std::string& who);
    ~DisputeDialog() override;

    /// Selects a question by id (false when the visit has none such).
    bool choose_question(const std::string& id);
    /// Answers the proposed answer as a person would.
    void propose(const forms::Answer& answer);
    /// Checks and stores the point; false with the error shown. OK does this and closes.
    bool save() override;
    std::int64_t saved() const { return m_saved; }
    /// What failed after the point was stored (its alert): it stands; the caller shows these.
    const std::vector<std::string>& warnings() const { return m_warnings; }

    wxChoice* question() const { return m_question; }
    wxFilePickerCtrl* evidence() const { return m_evidence; }
    const DisputableVisit& visit() const { return m_visit; }

  private:
    void question_changed();
    void focus_field(const std::string& field) override;

    storage::Store& m_store;
    DisputableVisit m_visit;
    std::string m_who;
    std::int64_t m_saved = 0;
    std::vector<std::string> m_warnings;
    wxChoice* m_question = nullptr;
    wxStaticText* m_current = nullptr;
    std::unique_ptr<AnswerBox> m_answer;
    wxFilePickerCtrl* m_evidence = nullptr;
};

class DecideDialog : public DisputeDialogBase {
  public:
    /// Decides the open point `row` as `who`.
    DecideDialog(wxWindow* parent, storage::Store& store, const DisputeRow& row,
                 const std::string& who);
    ~DecideDialog() override;

    /// Picks accept, partly or reject (the arbiter's answer is offered for partly only).
    void choose(services::DisputeOutcome outcome);
    /// The arbiter's answer (partly), as a person would give it.
    void answer(const forms::Answer& answer);
    /// Checks and stores the decision; false with the error shown. OK does this and closes.
    bool save() override;
    /// What failed after the decision was stored (its alert): it stands; the caller shows these.
    const std::vector<std::string>& warnings() const { return m_warnings; }

    wxRadioBox* outcome() const { return m_outcome; }

  private:
    void outcome_changed();

    storage::Store& m_store;
    DisputeRow m_row;
    std::string m_who;
    std::shared_ptr<const forms::Template> m_tpl;
    std::vector<std::string> m_warnings;
    wxRadioBox* m_outcome = nullptr;
    std::unique_ptr<AnswerBox> m_answer;
};

} // namespace vs::app
