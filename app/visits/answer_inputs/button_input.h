#pragma once
// The common part of the question types answered by pressing a button (yes/no, scale, NPS,
// choice, and a number's N/A): toggle buttons, each standing for one answer, the pressed one
// the answer shown.

#include "app/visits/answer_input.h"

#include <utility>
#include <vector>

namespace vs::app {

class ButtonInput : public AnswerInput {
  public:
    using AnswerInput::AnswerInput;

    void show(const forms::Answer& answer) override;
    void set_editable(bool editable, const forms::Answer& answer) override;
    void type(const forms::Answer& answer) override;
    wxWindow* first_control() const override;
    std::vector<wxToggleButton*> buttons() const override;

  protected:
    /// A button `width` pixels wide (-1: its label's) standing for `value`, added to `sizer`.
    wxToggleButton* add_button(wxSizer* sizer, const wxString& label, forms::Answer value,
                               int width);
    /// Takes `b`, made by the caller, as the button of `value`.
    void adopt_button(wxToggleButton* b, forms::Answer value);

    std::vector<std::pair<wxToggleButton*, forms::Answer>> m_buttons;
};

} // namespace vs::app
