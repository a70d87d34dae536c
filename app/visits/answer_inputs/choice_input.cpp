#include "app/visits/answer_inputs/choice_input.h"

#include <algorithm>
#include <wx/tglbtn.h>
#include <wx/wrapsizer.h>

namespace vs::app {

using forms::Answer;

void ChoiceInput::make() {
    auto* wrap = new wxWrapSizer(wxHORIZONTAL);
    for (const auto& o : m_q.options) {
        auto* b = add_button(wrap, option_label(o), Answer::text(o.id), -1);
        if (const std::size_t n = wrap->GetItemCount(); n <= 9)
            b->SetToolTip(wxString::Format("Key: %zu", n));
        wrap->GetItem(b)->SetBorder(4);
        wrap->GetItem(b)->SetFlag(wxRIGHT | wxBOTTOM);
    }
    if (m_q.na_allowed)
        add_button(wrap, "N/A", Answer::na(), 64);
    m_controls->Add(wrap, 1, wxEXPAND);
}

int ChoiceInput::min_width() const {
    // One option a line, each label on one line (fit() breaks them where it must).
    int need = 0;
    for (const auto& o : m_q.options)
        need = std::max(need, m_parent->GetTextExtent(option_label(o)).x + 28);
    return need;
}

void ChoiceInput::fit(int left) {
    for (std::size_t i = 0; i < m_buttons.size() && i < m_q.options.size(); ++i)
        fit_label(m_buttons[i].first, option_label(m_q.options[i]), left - 28);
}

std::optional<Answer> ChoiceInput::answer_for_key(int k) const {
    if (k >= '1' && k <= '9' && static_cast<std::size_t>(k - '1') < m_q.options.size())
        return Answer::text(m_q.options[static_cast<std::size_t>(k - '1')].id);
    if (k == 'A' && m_q.na_allowed)
        return Answer::na();
    return std::nullopt;
}

} // namespace vs::app
