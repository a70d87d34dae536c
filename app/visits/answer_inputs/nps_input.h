#pragma once
// A Net Promoter question: eleven buttons 0-10 (keys 0-9, T for 10), wrapping onto two lines in a
// narrow form, the scale's ends named under them.

#include "app/visits/answer_inputs/button_input.h"

namespace vs::app {

class NpsInput : public ButtonInput {
  public:
    using ButtonInput::ButtonInput;

    int min_width() const override;
    void fit(int width) override;
    std::optional<forms::Answer> answer_for_key(int key) const override;

  protected:
    void make() override;
};

} // namespace vs::app
