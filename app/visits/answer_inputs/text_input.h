#pragma once
// A free-text question: a multi-line text box.

#include "app/visits/answer_input.h"

namespace vs::app {

class TextInput : public AnswerInput {
  public:
    using AnswerInput::AnswerInput;

    void show(const forms::Answer& answer) override;
    void set_editable(bool editable, const forms::Answer& answer) override;
    void type(const forms::Answer& answer) override;
    wxWindow* first_control() const override;
    wxTextCtrl* text_box() const override { return m_value; }

  protected:
    void make() override;

  private:
    wxTextCtrl* m_value = nullptr;
};

} // namespace vs::app
