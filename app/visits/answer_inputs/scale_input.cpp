#include "app/visits/answer_inputs/scale_input.h"

#include "app/shell/ui_util.h"

#include <algorithm>
#include <string>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/tglbtn.h>

namespace vs::app {

using forms::Answer;

void ScaleInput::make() {
    for (int v = m_q.min; v <= m_q.max; ++v) {
        auto* col = new wxBoxSizer(wxVERTICAL);
        add_button(col, std::to_string(v), Answer::number(v), 64)
            ->SetToolTip(v >= 0 && v <= 9 ? wxString::Format("Key: %d", v) : wxString());
        std::size_t li = static_cast<std::size_t>(v - m_q.min);
        wxString label = li < m_q.labels.size() ? wxs(m_q.labels[li]) : wxString();
        auto* l = new wxStaticText(m_parent, wxID_ANY, label, wxDefaultPosition, wxSize(64, -1),
                                   wxALIGN_CENTRE_HORIZONTAL | wxST_NO_AUTORESIZE);
        l->SetFont(l->GetFont().Smaller()); // first: the lines are measured in this font
        l->Wrap(64);
        m_labels.push_back(l);
        col->Add(l, 0, wxTOP, 2);
        m_controls->Add(col, 0, wxRIGHT, 2);
    }
    if (m_q.na_allowed) {
        auto* col = new wxBoxSizer(wxVERTICAL);
        add_button(col, "N/A", Answer::na(), 64);
        m_controls->Add(col, 0, wxLEFT, 8);
    }
}

void ScaleInput::fit(int left) {
    if (m_buttons.empty())
        return;
    // Up to 64 px a value, narrower when the row is narrow; the words under them too.
    const int n = static_cast<int>(m_buttons.size());
    const int each = std::min(64, (left - 8) / n - 4);
    for (const auto& [b, value] : m_buttons)
        b->SetMinSize(wxSize(std::max(each, b->GetTextExtent(b->GetLabel()).x + 20), -1));
    for (std::size_t i = 0; i < m_labels.size(); ++i) {
        wxStaticText* l = m_labels[i];
        const wxString text = i < m_q.labels.size() ? wxs(m_q.labels[i]) : wxString();
        l->SetLabel(text);
        l->Wrap(std::max(each, 20));
        l->SetMinSize(wxSize(std::max(each, 20), text_size(l, l->GetLabel()).y));
    }
}

std::optional<Answer> ScaleInput::answer_for_key(int k) const {
    const bool digit = k >= '0' && k <= '9';
    if (digit && k - '0' >= m_q.min && k - '0' <= m_q.max)
        return Answer::number(k - '0');
    if (k == 'A' && m_q.na_allowed)
        return Answer::na();
    return std::nullopt;
}

} // namespace vs::app
