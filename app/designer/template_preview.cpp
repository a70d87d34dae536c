#include "app/designer/template_preview.h"

#include "app/shell/ui_util.h"
#include "app/visits/visit_page.h"

#include <wx/button.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {

namespace {

/// Long enough for GTK to have styled the new labels (it does so at its next frame).
constexpr int kRefitMs = 120;

void refit(wxWindow* w) {
    for (wxWindow* child : w->GetChildren())
        refit(child);
    if (auto* t = dynamic_cast<wxStaticText*>(w)) {
        t->InvalidateBestSize();
        const wxSize min = t->GetMinSize();
        if (min != wxDefaultSize) { // wrapped labels carry their measured size
            const wxSize best = t->GetBestSize();
            t->SetMinSize(wxSize(min.x < 0 ? -1 : std::max(min.x, best.x),
                                 min.y < 0 ? -1 : std::max(min.y, best.y)));
        }
    }
}

void relayout(wxWindow* w) {
    if (auto* sw = dynamic_cast<wxScrolledWindow*>(w)) {
        sw->Layout();
        sw->FitInside();
    } else if (w->GetSizer()) {
        w->Layout();
    }
    for (wxWindow* child : w->GetChildren())
        relayout(child);
}

} // namespace

void refit_labels(wxWindow* root) {
    root->Freeze();
    refit(root);
    relayout(root);
    root->Thaw();
}

TemplatePreview::TemplatePreview(wxWindow* parent) : wxPanel(parent), m_refit(this) {
    Bind(
        wxEVT_TIMER, [this](wxTimerEvent&) { refit_labels(this); }, m_refit.GetId());
    auto* s = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    auto* label = new wxStaticText(this, wxID_ANY, "Test answers:");
    label->SetFont(label->GetFont().Bold());
    bar->Add(label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    auto add = [&](const wxString& text, const wxString& tip, auto action) {
        auto* b = new wxButton(this, wxID_ANY, text);
        b->SetToolTip(tip);
        b->Bind(wxEVT_BUTTON, [action](wxCommandEvent&) { action(); });
        bar->Add(b, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    };
    add("All best", "Every question gets its best answer: the score should be 100",
        [this] { apply(TestAnswers::AllBest); });
    add("One critical failure", "The first critical question fails, everything else is best",
        [this] { apply(TestAnswers::OneCriticalFailure); });
    add("All N/A", "N/A wherever a question allows it, best answers elsewhere",
        [this] { apply(TestAnswers::AllNa); });
    add("Clear", "Remove every answer and fill the form by hand", [this] { clear(); });
    s->Add(bar, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);
    m_note = new wxStaticText(this, wxID_ANY, "");
    m_note->SetForegroundColour(wxColour(0x30, 0x40, 0x60));
    s->Add(m_note, 0, wxEXPAND | wxALL, 8);
    m_empty = new wxStaticText(this, wxID_ANY,
                               "The scorecard has a problem (see the Design tab), so there is "
                               "nothing to preview yet.");
    s->Add(m_empty, 0, wxALL, 16);
    m_page = new VisitPage(this);
    s->Add(m_page, 1, wxEXPAND);
    SetSizer(s);
    m_page->Hide();
}

void TemplatePreview::set_template(std::shared_ptr<const forms::Template> tpl) {
    m_tpl = std::move(tpl);
    m_page->Show(m_tpl != nullptr);
    m_empty->Show(m_tpl == nullptr);
    if (!m_tpl) {
        m_note->SetLabel("");
        Layout();
        return;
    }
    if (m_cleared)
        clear();
    else
        apply(m_which);
}

void TemplatePreview::apply(TestAnswers which) {
    m_which = which;
    m_cleared = false;
    if (!m_tpl)
        return;
    TestAnswerSet set = test_answers(*m_tpl, which);
    m_page->preview(m_tpl, set.answers);
    m_note->SetLabel(wxs(set.note));
    m_note->Wrap(std::max(400, GetClientSize().x - 16));
    Layout();
    m_refit.StartOnce(kRefitMs);
}

void TemplatePreview::clear() {
    m_cleared = true;
    if (!m_tpl)
        return;
    m_page->preview(m_tpl, forms::Answers(m_tpl->questions.size()));
    m_note->SetLabel("No answers: fill the form by hand and watch the live score.");
    Layout();
    m_refit.StartOnce(kRefitMs);
}

wxString TemplatePreview::note() const {
    return m_note->GetLabel();
}

} // namespace vs::app
