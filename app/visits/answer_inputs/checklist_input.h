#pragma once
// A checklist question: a box per option, "None of these" and, when allowed, "Not applicable" (keys
// Space or 1-9, 0, A).

#include "app/visits/answer_input.h"

namespace vs::app {

class ChecklistInput : public AnswerInput {
  public:
    using AnswerInput::AnswerInput;

    void show(const forms::Answer& answer) override;
    void set_editable(bool editable, const forms::Answer& answer) override;
    void type(const forms::Answer& answer) override;
    wxWindow* first_control() const override;
    int min_width() const override;
    void fit(int width) override;
    std::optional<bool> own_key(int key, wxWindow* focus) override;
    std::vector<wxCheckBox*> check_boxes() const override;

  protected:
    void make() override;

  private:
    /// The answer the boxes say after `box` was clicked.
    forms::Answer read(wxCheckBox* box) const;
    std::vector<wxCheckBox*> m_checks; ///< one per option
    wxCheckBox* m_none = nullptr;
    wxCheckBox* m_na = nullptr;
};

} // namespace vs::app
