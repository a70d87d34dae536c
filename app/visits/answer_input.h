#pragma once
// The answer controls of one question of the visit form, one class per question type behind
// one small interface (answer_inputs/): built into the question's row, they show the stored
// answer, report what a person answers, can be typed into as a person would (tests, keys),
// give the focus, and follow read-only. A new question type = one AnswerInput class + one line
// in make_answer_input().

#include "forms/answer.h"
#include "forms/template.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <wx/gdicmn.h>
#include <wx/string.h>

class wxCheckBox;
class wxSizer;
class wxTextCtrl;
class wxToggleButton;
class wxWindow;

namespace vs::app {

/// What the controls tell the form they sit in.
struct AnswerEvents {
    /// A person gave (or cleared, an unanswered Answer) the answer.
    std::function<void(forms::Answer)> answer;
    /// True while the form sets the controls itself (their events are not a person's).
    std::function<bool()> syncing;
    /// A control of the question was made (the form finds the question of a focused control).
    std::function<void(wxWindow*)> control;
};

class AnswerInput {
  public:
    AnswerInput(forms::Question question, AnswerEvents events)
        : m_q(std::move(question)), m_events(std::move(events)) {}
    virtual ~AnswerInput() = default;
    AnswerInput(const AnswerInput&) = delete;
    AnswerInput& operator=(const AnswerInput&) = delete;

    /// Makes the controls as children of `parent`, added to the row's answer sizer `controls`.
    void build(wxWindow* parent, wxSizer* controls) {
        m_parent = parent;
        m_controls = controls;
        make();
    }
    /// Shows `answer` (does not tell the form: no person did it).
    virtual void show(const forms::Answer& answer) = 0;
    /// Editable, or read-only: the chosen answer stays readable, the other choices greyed out.
    virtual void set_editable(bool editable, const forms::Answer& answer) = 0;
    /// Sets the controls to `answer` as a person would (their events tell the form).
    virtual void type(const forms::Answer& answer) = 0;
    /// The control that takes the focus for the question.
    virtual wxWindow* first_control() const = 0;

    /// The narrowest the controls can be laid out (default: their sizer's minimum).
    virtual int min_width() const;
    /// Fits labels and buttons to `width` pixels of the row (a narrow form wraps, never cuts).
    virtual void fit(int width) { (void)width; }
    /// A key pressed on a control that the controls handle themselves (a checklist's boxes):
    /// whether it was used; nullopt when the form maps the key with answer_for_key().
    virtual std::optional<bool> own_key(int key, wxWindow* focus) {
        (void)key, (void)focus;
        return std::nullopt;
    }
    /// The answer a key gives on an answer button (Y, N, A, digits…), if any.
    virtual std::optional<forms::Answer> answer_for_key(int key) const {
        (void)key;
        return std::nullopt;
    }

    /// The answer buttons (yes/no/NA, scale, NPS, choice, a number's N/A).
    virtual std::vector<wxToggleButton*> buttons() const { return {}; }
    /// The number or text box.
    virtual wxTextCtrl* text_box() const { return nullptr; }
    /// A checklist's boxes: options, then "None of these", then N/A when allowed.
    virtual std::vector<wxCheckBox*> check_boxes() const { return {}; }

  protected:
    /// Makes the controls into m_parent and m_controls.
    virtual void make() = 0;

    const forms::Question m_q; ///< a copy: never points into a template the form has let go
    AnswerEvents m_events;
    wxWindow* m_parent = nullptr;
    wxSizer* m_controls = nullptr;
};

/// The answer controls for `question`'s type.
std::unique_ptr<AnswerInput> make_answer_input(const forms::Question& question,
                                               AnswerEvents events);

/// A number as the form shows it ("4", "2.5").
std::string number_text(double v);
/// The size `text` takes in `window`'s font, line by line. Unlike GetBestSize(), right for a
/// label just made: GTK measures a new label in the theme's font until its own font reaches
/// its style (a bold title came out a sixth too narrow, and its last line was cut off).
wxSize text_size(wxWindow* window, const wxString& text);
/// The label of a button or check box: one line when it fits `width`, else broken into lines
/// (a narrow form) rather than cut off.
void fit_label(wxWindow* control, const wxString& text, int width);
/// An option's label as shown (its id when it has none).
wxString option_label(const forms::Option& option);

} // namespace vs::app
