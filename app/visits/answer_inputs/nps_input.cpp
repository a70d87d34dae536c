#include "app/visits/answer_inputs/nps_input.h"

#include <algorithm>
#include <string>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/tglbtn.h>
#include <wx/wrapsizer.h>

namespace vs::app {

using forms::Answer;

void NpsInput::make() {
    auto* col = new wxBoxSizer(wxVERTICAL);
    auto* line = new wxWrapSizer(wxHORIZONTAL); // two lines in a narrow form
    for (int v = 0; v <= 10; ++v) {
        // As narrow as "10" allows, so that the eleven fit a narrow form (fit() widens them
        // again where there is room).
        auto* b = new wxToggleButton(m_parent, wxID_ANY, std::to_string(v), wxDefaultPosition,
                                     wxSize(44, -1), wxBU_EXACTFIT);
        b->SetToolTip(v == 10 ? wxString("Key: T") : wxString::Format("Key: %d", v));
        adopt_button(b, Answer::number(v));
        line->Add(b, 0, wxRIGHT, 2);
    }
    col->Add(line, 0, wxEXPAND);
    auto* ends = new wxBoxSizer(wxHORIZONTAL);
    auto* lo = new wxStaticText(m_parent, wxID_ANY, "Not at all likely");
    auto* hi = new wxStaticText(m_parent, wxID_ANY, "Extremely likely");
    lo->SetFont(lo->GetFont().Smaller());
    hi->SetFont(hi->GetFont().Smaller());
    ends->Add(lo);
    ends->AddStretchSpacer();
    ends->Add(hi);
    col->Add(ends, 0, wxEXPAND | wxTOP, 2);
    m_controls->Add(col, 1, wxEXPAND);
}

int NpsInput::min_width() const {
    int need = 0;
    for (const auto& [b, value] : m_buttons) // a number and the button's padding
        need += b->GetTextExtent(b->GetLabel()).x + 28 + 2;
    return need;
}

void NpsInput::fit(int left) {
    if (m_buttons.empty())
        return;
    // As wide as the row allows, up to 44 px, never narrower than the number needs.
    const int each = std::min(44, left / static_cast<int>(m_buttons.size()) - 2);
    for (const auto& [b, value] : m_buttons)
        b->SetMinSize(wxSize(std::max(each, b->GetTextExtent(b->GetLabel()).x + 28), -1));
}

std::optional<Answer> NpsInput::answer_for_key(int k) const {
    if (k >= '0' && k <= '9')
        return Answer::number(k - '0');
    if (k == 'T')
        return Answer::number(10);
    return std::nullopt;
}

} // namespace vs::app
