#include "app/visits/answer_inputs/text_input.h"

#include "app/shell/steady_text_ctrl.h"
#include "app/shell/ui_util.h"

#include <string>
#include <wx/sizer.h>
#include <wx/textctrl.h>

namespace vs::app {

using forms::Answer;

void TextInput::make() {
    m_value = new SteadyTextCtrl(m_parent, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 70),
                                 wxTE_MULTILINE);
    m_events.control(m_value);
    m_value->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
        if (m_events.syncing())
            return;
        std::string text = u8(m_value->GetValue());
        m_events.answer(text.empty() ? Answer() : Answer::text(text));
    });
    m_controls->Add(m_value, 1, wxEXPAND);
}

void TextInput::show(const Answer& a) {
    wxString want;
    if (a.kind() == Answer::Kind::Number)
        want = number_text(a.num());
    else if (a.kind() == Answer::Kind::Text)
        want = wxs(a.str());
    if (m_value->GetValue() != want)
        m_value->ChangeValue(want);
}

void TextInput::set_editable(bool editable, const Answer& a) {
    m_value->SetEditable(editable && !a.is_na());
}

void TextInput::type(const Answer& answer) {
    if (answer.is_na())
        return; // no N/A on a text question
    // Type it, as a person would.
    wxString text = answer.kind() == Answer::Kind::Number ? wxString(number_text(answer.num()))
                                                          : wxs(answer.str());
    m_value->SetValue(text); // emits wxEVT_TEXT
}

wxWindow* TextInput::first_control() const {
    return m_value;
}

} // namespace vs::app
