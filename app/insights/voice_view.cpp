#include "app/insights/voice_view.h"

#include "app/insights/scatter_chart.h"
#include "app/shell/list_columns.h"
#include "app/shell/list_rows.h"
#include "app/shell/ui_util.h"

#include <algorithm>
#include <string_view>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/utils.h>
#include <wx/wrapsizer.h>

namespace vs::app {
namespace {

enum Column { Behaviour, K, R, Ci, P, Slope, Note };

/// "0.10 to 0.88", or "—".
std::string fmt_r_interval(const std::optional<scoring::Interval>& ci) {
    return ci ? fmt_r(ci->lo) + " to " + fmt_r(ci->hi) : "—";
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

VoiceView::VoiceView(wxWindow* parent) : ViewPage(parent) {
    wxFlexGridSizer* top = page_column();
    m_header = new wxStaticText(this, wxID_ANY, "Customer voice", wxDefaultPosition, wxDefaultSize,
                                wxST_ELLIPSIZE_END);
    m_header->SetFont(m_header->GetFont().Scaled(1.3f).Bold());
    m_header->SetMinSize(wxSize(120, -1));
    top->Add(m_header, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 8);

    // Always in view, in the text colour: what these figures can and cannot say.
    m_caveat = new NoteLine(this);
    m_caveat->SetForegroundColour(wxColour(0x22, 0x22, 0x22));
    m_caveat->SetFont(m_caveat->GetFont().Bold());
    m_caveat->set(services::kVoiceCaveat);
    top->Add(m_caveat, 0, wxEXPAND | wxALL, 8);

    auto* bar = new wxWrapSizer(wxHORIZONTAL);
    auto group = [&] {
        auto* g = new wxBoxSizer(wxHORIZONTAL);
        bar->Add(g, 0, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM, 2);
        return g;
    };
    auto label = [&](wxSizer* g, const char* text) {
        g->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8(text)), 0,
               wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    };
    wxSizer* measure = group();
    label(measure, "What customers say:");
    m_measure = new wxChoice(this, wxID_ANY);
    m_measure->Append("NPS (would recommend)");
    m_measure->Append("Survey score");
    m_measure->SetSelection(0);
    m_measure->SetToolTip("NPS of the responses' recommendation question, or their mean score");
    measure->Add(m_measure, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    wxSizer* thresholds = group();
    label(thresholds, "A branch counts with at least");
    m_min_responses = new wxSpinCtrl(this, wxID_ANY, "10", wxDefaultPosition, wxDefaultSize,
                                     wxSP_ARROW_KEYS, 1, 100000, 10);
    m_min_responses->SetToolTip("Survey responses a branch needs to take part");
    thresholds->Add(m_min_responses, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    label(thresholds, "responses and");
    m_min_n = new wxSpinCtrl(this, wxID_ANY, "3", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS,
                             1, 100000, 3);
    m_min_n->SetToolTip("Mystery visits with the behaviour a branch needs to take part");
    thresholds->Add(m_min_n, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    label(thresholds, "mystery visits");
    top->Add(bar, 0, wxEXPAND | wxLEFT | wxRIGHT, 8);
    m_summary = new NoteLine(this);
    top->Add(m_summary, 0, wxEXPAND | wxALL, 8);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    for (const char* name : {"Behaviour", "k", "r", "95% CI of r", "p", "Slope", "Note"})
        m_list->AppendColumn(wxString::FromUTF8(name), std::string_view(name) == "Behaviour" ||
                                                               std::string_view(name) == "Note"
                                                           ? wxLIST_FORMAT_LEFT
                                                           : wxLIST_FORMAT_RIGHT);
    m_list->SetToolTip(wxString::FromUTF8(
        "Per behaviour, across the branches taking part (k): r, the correlation of the branches' "
        "mystery-shop score with what their customers say; p, how often a correlation this strong "
        "would arise by chance; slope, how much more customers say per score point."));
    m_list->SetMinSize(wxSize(200, 140));
    keep_columns_fitted(m_list, Behaviour);
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED,
                 [this](wxListEvent& e) { select(static_cast<std::size_t>(e.GetIndex())); });
    top->Add(m_list, 0, wxEXPAND | wxLEFT | wxRIGHT, 8);

    auto* detail = new wxBoxSizer(wxHORIZONTAL);
    m_chart = new ScatterChart(this, wxSize(440, 300));
    detail->Add(m_chart, 3, wxEXPAND | wxRIGHT, 12);
    m_detail = new wxStaticText(this, wxID_ANY, "");
    detail->Add(m_detail, 2, wxEXPAND | wxTOP, 4);
    top->Add(detail, 0, wxEXPAND | wxALL, 8);
    top->AddGrowableRow(4, 2); // the list
    top->AddGrowableRow(5, 3); // the chart
    SetSizer(top);

    m_measure->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_min_responses->Bind(wxEVT_SPINCTRL, [this](wxSpinEvent&) { reload(); });
    m_min_n->Bind(wxEVT_SPINCTRL, [this](wxSpinEvent&) { reload(); });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { wrap_detail(); });
    });
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            CallAfter([this] { reload(); });
        e.Skip();
    });
}

void VoiceView::set_store(storage::Store* store) {
    m_store = store;
    m_cache = VoiceFactsCache{};
    m_dirty = true;
    const scoring::VoiceOptions o =
        store ? services::voice_settings(*store) : scoring::VoiceOptions{};
    m_measure->SetSelection(o.measure == scoring::VoiceMeasure::Score ? 1 : 0);
    m_min_responses->SetValue(static_cast<int>(o.min_responses));
    m_min_n->SetValue(static_cast<int>(o.min_n));
}

void VoiceView::set_filter(const ViewFilter& filter) {
    m_filter = filter;
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void VoiceView::data_changed() {
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

scoring::VoiceOptions VoiceView::options_from_controls() const {
    scoring::VoiceOptions o;
    o.measure =
        m_measure->GetSelection() == 1 ? scoring::VoiceMeasure::Score : scoring::VoiceMeasure::Nps;
    o.min_responses = static_cast<std::size_t>(std::max(1, m_min_responses->GetValue()));
    o.min_n = static_cast<std::size_t>(std::max(1, m_min_n->GetValue()));
    return o;
}

wxString VoiceView::summary() const {
    return m_summary->text();
}

void VoiceView::reload() {
    m_dirty = false;
    // The driver shown stays shown when it is still listed.
    const std::string shown =
        m_shown < m_drivers.rows.size() ? m_drivers.rows[m_shown].driver.section : std::string();
    m_drivers = {};
    if (m_store && !m_filter.client.empty()) {
        wxBusyCursor busy;
        std::optional<services::VoiceFacts> shared;
        if (shared_facts)
            shared = shared_facts(m_filter);
        m_drivers = build_drivers(shared ? *shared : m_cache.get(*m_store, m_filter),
                                  options_from_controls());
        if (m_drivers.responses == 0)
            m_drivers.rows.clear(); // nothing to relate the behaviours to
    }
    m_header->SetLabel(wxs("Customer voice · " + m_filter.describe()));

    const scoring::VoiceOptions& o = m_drivers.options;
    std::size_t with_voice = 0, counted = 0;
    for (const scoring::VoiceBranch& b : m_drivers.branches)
        if (b.voice) {
            ++with_voice;
            counted += b.m >= o.min_responses ? 1 : 0;
        }
    if (m_drivers.responses == 0)
        m_summary->set("No survey responses for this client in this period. Import customer "
                       "survey responses (visits of a scorecard whose channel is survey) to see "
                       "which behaviours go with what customers say.");
    else
        m_summary->set(plural(m_drivers.responses, "survey response", "survey responses") +
                       " in this period; " + std::to_string(counted) + " of " +
                       plural(with_voice, "branch", "branches") + " with a " +
                       measure_name(o.measure) + " have at least " +
                       std::to_string(o.min_responses) +
                       " responses. k: the branches that also have " + std::to_string(o.min_n) +
                       "+ mystery visits with the behaviour.");

    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_drivers.rows.size(); ++i) {
        const DriverRow& r = m_drivers.rows[i];
        const scoring::VoiceDriver& d = r.driver;
        const long item = m_list->InsertItem(static_cast<long>(i), wxs(r.title));
        m_list->SetItem(item, K, wxString::Format("%zu", d.k));
        m_list->SetItem(item, R, wxs(fmt_r(d.r)));
        m_list->SetItem(item, Ci, wxs(fmt_r_interval(d.ci95)));
        m_list->SetItem(item, P, wxs(fmt_p(d.p)));
        m_list->SetItem(item, Slope, wxs(fmt_signed(d.slope)));
        m_list->SetItem(item, Note, wxs(r.why_none));
        if (!d.r)
            m_list->SetItemTextColour(item, wxColour(0x66, 0x66, 0x66));
    }
    fit_columns(m_list, Behaviour);
    if (m_drivers.rows.empty()) {
        m_shown = 0;
        ScatterData none;
        none.empty_text = m_drivers.responses == 0 ? "No survey responses in this period"
                                                   : "No behaviour to show";
        m_chart->set_data(std::move(none));
        m_detail_text = m_drivers.responses == 0
                            ? wxString()
                            : wxString("No behaviour has both mystery visits and survey "
                                       "responses at the same branch in this period.");
        wrap_detail();
    } else {
        std::size_t at = 0;
        for (std::size_t i = 0; i < m_drivers.rows.size(); ++i)
            if (m_drivers.rows[i].driver.section == shown)
                at = i;
        select_row(m_list, m_drivers.rows,
                   [&](const DriverRow& r) { return &r == &m_drivers.rows[at]; });
        select(at);
    }
    relayout();
}

void VoiceView::select(std::size_t index) {
    if (index >= m_drivers.rows.size())
        return;
    m_shown = index;
    const DriverRow& r = m_drivers.rows[index];
    const scoring::VoiceDriver& d = r.driver;
    const scoring::VoiceOptions& o = m_drivers.options;
    const std::string measure = measure_name(o.measure);
    const bool nps = o.measure == scoring::VoiceMeasure::Nps;

    ScatterData c;
    c.title = r.title + ": " + (nps ? "NPS" : "survey score") + " against mystery-shop score";
    c.x_label = "mystery-shop score (" + (d.visit ? std::string("visit") : r.title) + ")";
    c.y_label = nps ? "NPS of the branch's customers" : "survey score of the branch's customers";
    c.x_floor = 0;
    c.x_ceiling = 100;
    c.y_floor = nps ? -100 : 0;
    c.y_ceiling = 100;
    for (const scoring::VoicePoint& p : d.points)
        c.points.push_back({p.branch, p.x, p.voice, !p.part});
    c.line = r.line;
    c.point_legend = "branch taking part";
    c.muted_legend = "below the thresholds (under " + std::to_string(o.min_responses) +
                     " responses or " + std::to_string(o.min_n) + " visits): not counted";
    c.line_legend = "least-squares line";
    c.empty_text = "No branch with both survey responses and such visits";
    m_chart->set_data(std::move(c));

    std::string text = r.title + "\n\n";
    if (d.r) {
        const std::string p = fmt_p(d.p);
        text += "r = " + fmt_r(d.r) + " (95% CI " + fmt_r_interval(d.ci95) + "), p " +
                (p.rfind("<", 0) == 0 ? p : "= " + p) + ", over k = " + std::to_string(d.k) +
                " branches.\n\n";
        text += "Across these branches, one point more of mystery-shop score goes with " +
                fmt_signed(d.slope) + " " + (nps ? "NPS points" : "survey score points") + ".";
        if (d.ci95 && d.ci95->lo <= 0 && d.ci95->hi >= 0)
            text += " The interval includes 0: the data are also consistent with no association.";
    } else {
        text += "No correlation: " + r.why_none + ". ";
        text += d.k < 4 ? "Widen the period or lower the thresholds to take more branches in."
                        : "r needs branches that differ on both sides.";
    }
    std::size_t hollow = 0;
    for (const scoring::VoicePoint& p : d.points)
        hollow += p.part ? 0 : 1;
    if (hollow > 0)
        text += "\n\n" + plural(hollow, "branch is", "branches are") +
                " drawn hollow: fewer than " + std::to_string(o.min_responses) + " responses or " +
                std::to_string(o.min_n) + " mystery visits, not counted in r.";
    text += "\n\nAn association, not a cause: " + measure +
            " and this behaviour may both follow something else about the branch.";
    m_detail_text = wxs(text);
    wrap_detail();
}

void VoiceView::wrap_detail() {
    // The text shares the detail row with the chart (the chart at least its minimum width).
    const int row = GetClientSize().x - 2 * 8 - 12;
    const int share = std::min(row * 2 / 5, row - std::max(0, m_chart->GetEffectiveMinSize().x));
    m_detail->SetLabel(m_detail_text);
    m_detail->Wrap(std::max(120, share));
    relayout();
}

} // namespace vs::app
