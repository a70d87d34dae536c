#pragma once
// A number question: a number box (a comma reads as a point; what is not a number turns the box red
// and keeps the last answer), its unit, and N/A when allowed.

#include "app/visits/answer_inputs/button_input.h"

namespace vs::app {

class NumberInput : public ButtonInput {
  public:
    using ButtonInput::ButtonInput;

    void show(const forms::Answer& answer) override;
    void set_editable(bool editable, const forms::Answer& answer) override;
    void type(const forms::Answer& answer) override;
    wxWindow* first_control() const override;
    std::optional<forms::Answer> answer_for_key(int key) const override;
    wxTextCtrl* text_box() const override { return m_value; }

  protected:
    void make() override;

  private:
    wxTextCtrl* m_value = nullptr;
};

} // namespace vs::app
