#pragma once
// A yes/no question: Yes, No and, when allowed, N/A buttons (keys Y/1, N/2/0, A/3).

#include "app/visits/answer_inputs/button_input.h"

namespace vs::app {

class YesNoInput : public ButtonInput {
  public:
    using ButtonInput::ButtonInput;

    std::optional<forms::Answer> answer_for_key(int key) const override;

  protected:
    void make() override;
};

} // namespace vs::app
