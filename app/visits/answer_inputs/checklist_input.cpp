#include "app/visits/answer_inputs/checklist_input.h"

#include "app/shell/ui_util.h"

#include <algorithm>
#include <string>
#include <wx/checkbox.h>
#include <wx/sizer.h>

namespace vs::app {

using forms::Answer;

void ChecklistInput::make() {
    auto* col = new wxBoxSizer(wxVERTICAL);
    auto on_check = [this](wxCommandEvent& e) {
        if (m_events.syncing())
            return;
        m_events.answer(read(dynamic_cast<wxCheckBox*>(e.GetEventObject())));
    };
    for (const auto& o : m_q.options) {
        auto* c = new wxCheckBox(m_parent, wxID_ANY, option_label(o));
        if (m_checks.size() < 9)
            c->SetToolTip(wxString::Format("Key: Space, or %zu", m_checks.size() + 1));
        c->Bind(wxEVT_CHECKBOX, on_check);
        m_events.control(c);
        m_checks.push_back(c);
        col->Add(c, 0, wxBOTTOM, 3);
    }
    m_none = new wxCheckBox(m_parent, wxID_ANY, "None of these");
    m_none->SetToolTip("Key: 0");
    m_none->Bind(wxEVT_CHECKBOX, on_check);
    m_events.control(m_none);
    col->Add(m_none, 0, wxTOP | wxBOTTOM, 3);
    if (m_q.na_allowed) {
        m_na = new wxCheckBox(m_parent, wxID_ANY, "Not applicable");
        m_na->Bind(wxEVT_CHECKBOX, on_check);
        m_events.control(m_na);
        col->Add(m_na, 0, wxBOTTOM, 3);
    }
    m_controls->Add(col);
}

Answer ChecklistInput::read(wxCheckBox* box) const {
    if (box == m_na && box->GetValue())
        return Answer::na();
    if (box == m_none && box->GetValue())
        return Answer::list({});
    std::vector<std::string> items;
    for (std::size_t i = 0; i < m_checks.size(); ++i)
        if (m_checks[i]->GetValue())
            items.push_back(m_q.options[i].id);
    return items.empty() ? Answer() : Answer::list(items);
}

void ChecklistInput::show(const Answer& a) {
    for (std::size_t i = 0; i < m_checks.size(); ++i) {
        bool on = a.kind() == Answer::Kind::List && std::find(a.items().begin(), a.items().end(),
                                                              m_q.options[i].id) != a.items().end();
        m_checks[i]->SetValue(on);
    }
    m_none->SetValue(a.kind() == Answer::Kind::List && a.items().empty());
    if (m_na)
        m_na->SetValue(a.is_na());
}

void ChecklistInput::set_editable(bool editable, const Answer&) {
    // Read-only, the ticked boxes stay enabled (readable) and the others are greyed out.
    for (auto* c : m_checks)
        c->Enable(editable || c->GetValue());
    for (wxCheckBox* c : {m_none, m_na})
        if (c)
            c->Enable(editable || c->GetValue());
}

namespace {

/// Ticks or clears `box` and tells the form, as a click does.
void click(wxCheckBox* box, bool value) {
    box->SetValue(value);
    wxCommandEvent e(wxEVT_CHECKBOX, box->GetId());
    e.SetEventObject(box);
    e.SetInt(value);
    box->ProcessWindowEvent(e);
}

} // namespace

void ChecklistInput::type(const Answer& answer) {
    if (answer.is_na()) {
        if (m_na) {
            m_na->SetValue(true);
            wxCommandEvent e(wxEVT_CHECKBOX, m_na->GetId());
            e.SetEventObject(m_na);
            m_na->ProcessWindowEvent(e);
        }
        return;
    }
    for (std::size_t i = 0; i < m_checks.size(); ++i) {
        bool want = std::find(answer.items().begin(), answer.items().end(), m_q.options[i].id) !=
                    answer.items().end();
        if (m_checks[i]->GetValue() != want)
            click(m_checks[i], want);
    }
    if (answer.items().empty()) {
        m_none->SetValue(true);
        wxCommandEvent e(wxEVT_CHECKBOX, m_none->GetId());
        e.SetEventObject(m_none);
        m_none->ProcessWindowEvent(e);
    }
}

wxWindow* ChecklistInput::first_control() const {
    return m_checks.empty() ? static_cast<wxWindow*>(nullptr) : m_checks.front();
}

int ChecklistInput::min_width() const {
    // One option a line, each label on one line (fit() breaks them where it must).
    int need = 0;
    for (const auto& o : m_q.options)
        need = std::max(need, m_parent->GetTextExtent(option_label(o)).x + 32);
    return need;
}

void ChecklistInput::fit(int left) {
    for (std::size_t i = 0; i < m_checks.size() && i < m_q.options.size(); ++i)
        fit_label(m_checks[i], option_label(m_q.options[i]), left - 32);
}

std::optional<bool> ChecklistInput::own_key(int k, wxWindow* focus) {
    if (!dynamic_cast<wxCheckBox*>(focus))
        return std::nullopt; // Space toggles the focused box natively
    wxCheckBox* box = nullptr;
    if (k >= '1' && k <= '9' && static_cast<std::size_t>(k - '1') < m_checks.size())
        box = m_checks[static_cast<std::size_t>(k - '1')];
    else if (k == '0')
        box = m_none;
    else if (k == 'A')
        box = m_na;
    if (!box)
        return false;
    click(box, !box->GetValue()); // as a click does: toggle, then tell the form
    box->SetFocus();
    return true;
}

std::vector<wxCheckBox*> ChecklistInput::check_boxes() const {
    std::vector<wxCheckBox*> out = m_checks;
    out.push_back(m_none);
    if (m_na)
        out.push_back(m_na);
    return out;
}

} // namespace vs::app
