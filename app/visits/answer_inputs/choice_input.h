#pragma once
// A single-choice question: a button per option, wrapping (keys 1-9), N/A when allowed.

#include "app/visits/answer_inputs/button_input.h"

namespace vs::app {

class ChoiceInput : public ButtonInput {
  public:
    using ButtonInput::ButtonInput;

    int min_width() const override;
    void fit(int width) override;
    std::optional<forms::Answer> answer_for_key(int key) const override;

  protected:
    void make() override;
};

} // namespace vs::app
