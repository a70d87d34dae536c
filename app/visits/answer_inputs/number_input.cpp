#include "app/visits/answer_inputs/number_input.h"

#include "app/shell/ui_util.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>

namespace vs::app {

using forms::Answer;

void NumberInput::make() {
    m_value = new wxTextCtrl(m_parent, wxID_ANY, "", wxDefaultPosition, wxSize(110, -1));
    m_value->SetHint("number");
    m_events.control(m_value);
    m_value->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
        if (m_events.syncing())
            return;
        std::string text = u8(m_value->GetValue());
        for (char& c : text)
            if (c == ',')
                c = '.';
        Answer a;
        if (!text.empty()) {
            char* end = nullptr;
            double v = std::strtod(text.c_str(), &end);
            if (end && *end == '\0' && std::isfinite(v)) {
                a = Answer::number(v);
                m_value->SetBackgroundColour(wxNullColour);
            } else {
                m_value->SetBackgroundColour(wxColour(0xFF, 0xE0, 0xE0));
                m_value->Refresh();
                return; // keep the last valid answer until the text is a number
            }
        }
        m_value->Refresh();
        m_events.answer(a);
    });
    m_controls->Add(m_value, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    if (!m_q.unit.empty())
        m_controls->Add(new wxStaticText(m_parent, wxID_ANY, wxs(m_q.unit)), 0,
                        wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    if (m_q.na_allowed)
        add_button(m_controls, "N/A", Answer::na(), 64);
}

void NumberInput::show(const Answer& a) {
    ButtonInput::show(a); // N/A
    wxString want;
    if (a.kind() == Answer::Kind::Number)
        want = number_text(a.num());
    else if (a.kind() == Answer::Kind::Text)
        want = wxs(a.str());
    // Do not rewrite what the person is typing ("4." is still 4).
    if (a.kind() != Answer::Kind::Number ||
        std::strtod(u8(m_value->GetValue()).c_str(), nullptr) != a.num() ||
        m_value->GetValue().empty())
        if (m_value->GetValue() != want)
            m_value->ChangeValue(want);
}

void NumberInput::set_editable(bool editable, const Answer& a) {
    ButtonInput::set_editable(editable, a);
    m_value->SetEditable(editable && !a.is_na());
}

void NumberInput::type(const Answer& answer) {
    if (answer.is_na()) {
        ButtonInput::type(answer); // the N/A button
        return;
    }
    // Type it, as a person would.
    wxString text = answer.kind() == Answer::Kind::Number ? wxString(number_text(answer.num()))
                                                          : wxs(answer.str());
    m_value->SetValue(text); // emits wxEVT_TEXT
}

wxWindow* NumberInput::first_control() const {
    return m_buttons.empty() ? static_cast<wxWindow*>(m_value) : m_buttons.front().first;
}

std::optional<Answer> NumberInput::answer_for_key(int k) const {
    if (k == 'A' && m_q.na_allowed) // the N/A button only
        return Answer::na();
    return std::nullopt;
}

} // namespace vs::app
