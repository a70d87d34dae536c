#include "app/visits/answer_inputs/yes_no_input.h"

#include <wx/tglbtn.h>

namespace vs::app {

using forms::Answer;

void YesNoInput::make() {
    add_button(m_controls, "&Yes", Answer::text("yes"), 80)->SetToolTip("Key: Y or 1");
    add_button(m_controls, "&No", Answer::text("no"), 80)->SetToolTip("Key: N or 2");
    if (m_q.na_allowed)
        add_button(m_controls, "N/&A", Answer::na(), 80)->SetToolTip("Key: A or 3");
}

std::optional<Answer> YesNoInput::answer_for_key(int k) const {
    if (k == 'Y' || k == '1')
        return Answer::text("yes");
    if (k == 'N' || k == '2' || k == '0')
        return Answer::text("no");
    if ((k == 'A' || k == '3') && m_q.na_allowed)
        return Answer::na();
    return std::nullopt;
}

} // namespace vs::app
