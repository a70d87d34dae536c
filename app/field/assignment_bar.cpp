// The visit page's assignment bar (VisitPage members kept beside the rest of the field cycle):
// a visit made for an assignment shows the assignment's scenario and window under its header,
// and says that its branch, scorecard and shopper are the assignment's and stay so.

#include "app/field/todo_model.h"
#include "app/visits/visit_page.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {

void VisitPage::build_assignment_bar(wxBoxSizer* sizer) {
    m_assignment_bar = new wxPanel(this);
    m_assignment_bar->SetBackgroundColour(wxColour(0xEE, 0xF3, 0xE6));
    auto* s = new wxBoxSizer(wxVERTICAL);
    m_assignment_label = new wxStaticText(m_assignment_bar, wxID_ANY, "");
    s->Add(m_assignment_label, 0, wxEXPAND | wxALL, 8);
    m_assignment_bar->SetSizer(s);
    m_assignment_bar->Hide();
    sizer->Add(m_assignment_bar, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    // The scenario is wrapped to the bar's width, whole.
    m_assignment_bar->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        const int width = m_assignment_bar->GetClientSize().x - 16;
        if (width > 100 && width != m_assignment_wrap) {
            m_assignment_wrap = width;
            m_assignment_label->SetLabel(m_assignment_label->GetName());
            m_assignment_label->Wrap(width);
            CallAfter([this] { Layout(); });
        }
    });
}

void VisitPage::show_assignment() {
    const std::string uuid = m_model ? assignment_of(m_model->header()) : std::string();
    if (uuid.empty() || !m_store) {
        if (m_assignment_bar->IsShown()) {
            m_assignment_bar->Hide();
            Layout();
        }
        return;
    }
    std::optional<storage::Assignment> a;
    try {
        a = m_store->assignment(uuid);
    } catch (const std::exception&) {
        // Not readable here: the bar still says that the header is the assignment's.
    }
    std::string text = "Assignment";
    if (a) {
        text += "  ·  window " + a->window_from + " to " + a->window_to;
        text += "\nScenario: " + (a->scenario.empty() ? std::string("none given") : a->scenario);
        if (!a->note.empty())
            text += "\nNote: " + a->note;
    } else {
        text += " " + uuid;
    }
    text += "\nBranch, scorecard and shopper are set by the assignment and cannot be changed "
            "(assignment " +
            uuid + ").";
    // The whole text is kept as the label's name, wrapped again when the bar's width changes.
    m_assignment_label->SetName(wxs(text));
    m_assignment_label->SetLabel(wxs(text));
    const int width = GetClientSize().x - 32;
    m_assignment_wrap = width;
    if (width > 100)
        m_assignment_label->Wrap(width);
    m_assignment_bar->Show();
    Layout();
}

} // namespace vs::app
