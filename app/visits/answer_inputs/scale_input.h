#pragma once
// A scale question: a button per value with its label under it (keys 0-9), N/A when allowed.

#include "app/visits/answer_inputs/button_input.h"

class wxStaticText;

namespace vs::app {

class ScaleInput : public ButtonInput {
  public:
    using ButtonInput::ButtonInput;

    void fit(int width) override;
    std::optional<forms::Answer> answer_for_key(int key) const override;

  protected:
    void make() override;

  private:
    std::vector<wxStaticText*> m_labels; ///< under the value buttons
};

} // namespace vs::app
