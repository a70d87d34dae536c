#include "app/visits/answer_inputs/button_input.h"

#include <wx/sizer.h>
#include <wx/tglbtn.h>

namespace vs::app {

using forms::Answer;

wxToggleButton* ButtonInput::add_button(wxSizer* sizer, const wxString& label, Answer value,
                                        int width) {
    auto* b = new wxToggleButton(m_parent, wxID_ANY, label, wxDefaultPosition, wxSize(width, -1));
    adopt_button(b, std::move(value));
    sizer->Add(b, 0, wxRIGHT, 4);
    return b;
}

void ButtonInput::adopt_button(wxToggleButton* b, Answer value) {
    m_buttons.emplace_back(b, value);
    m_events.control(b);
    b->Bind(wxEVT_TOGGLEBUTTON, [this, b, value](wxCommandEvent&) {
        if (m_events.syncing())
            return;
        m_events.answer(b->GetValue() ? value : Answer());
    });
}

void ButtonInput::show(const Answer& a) {
    for (auto& [b, value] : m_buttons)
        b->SetValue(a.answered() && value == a);
}

void ButtonInput::set_editable(bool editable, const Answer&) {
    // Read-only, the chosen answer stays enabled (pressed, readable) and the other choices are
    // greyed out; a click on it is put back by the form.
    for (auto& [b, value] : m_buttons)
        b->Enable(editable || b->GetValue());
}

void ButtonInput::type(const Answer& answer) {
    for (auto& [b, value] : m_buttons)
        if (value == answer) {
            b->SetValue(true);
            wxCommandEvent e(wxEVT_TOGGLEBUTTON, b->GetId());
            e.SetEventObject(b);
            e.SetInt(1);
            b->ProcessWindowEvent(e);
            return;
        }
}

wxWindow* ButtonInput::first_control() const {
    return m_buttons.empty() ? nullptr : m_buttons.front().first;
}

std::vector<wxToggleButton*> ButtonInput::buttons() const {
    std::vector<wxToggleButton*> out;
    for (const auto& [b, v] : m_buttons)
        out.push_back(b);
    return out;
}

} // namespace vs::app
