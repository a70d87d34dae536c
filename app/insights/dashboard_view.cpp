#include "app/insights/dashboard_view.h"

#include "app/insights/chart.h"
#include "app/shell/ui_util.h"
#include "forms/dates.h"

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dateevt.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/utils.h>
#include <wx/wrapsizer.h>

namespace vs::app {
namespace {

wxDateTime to_wx(int day) {
    const std::string s = forms::day_to_string(day);
    wxDateTime d;
    d.ParseISODate(s);
    return d;
}

int from_wx(const wxDateTime& d) {
    return *forms::parse_day(u8(d.FormatISODate()));
}

} // namespace

DashboardView::DashboardView(wxWindow* parent) : ViewPage(parent) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    build_filter_bar(top);

    // The tiles share a row's width; when the window is too narrow for all of them, the last
    // ones wrap to a second row (the customer voice's tile first).
    auto* tiles = new wxWrapSizer(wxHORIZONTAL);
    for (const char* caption : {"Mean score (95% CI)", "Visits", "Pass rate", "Critical failures",
                                "NPS", "Customers' NPS (surveys)"}) {
        m_tiles.push_back(new Tile(this, caption));
        tiles->Add(m_tiles.back(), 1, wxEXPAND | wxRIGHT | wxBOTTOM, 8);
    }
    top->Add(tiles, 0, wxEXPAND | wxLEFT | wxRIGHT, 8);
    m_target_note = new NoteLine(this);
    top->Add(m_target_note, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    auto* charts = new wxBoxSizer(wxHORIZONTAL);
    m_branch_scroll = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                           wxVSCROLL | wxBORDER_THEME);
    m_branch_scroll->SetScrollRate(0, 16);
    m_branches = new Chart(m_branch_scroll, wxSize(300, 200));
    auto* scroll_sizer = new wxBoxSizer(wxVERTICAL);
    scroll_sizer->Add(m_branches, 1, wxEXPAND);
    m_branch_scroll->SetSizer(scroll_sizer);
    m_branches->on_click = [this](std::size_t i) {
        const auto& rows = m_model->data().branches;
        if (i < rows.size() && on_open_branch)
            on_open_branch(rows[i].code);
    };
    charts->Add(m_branch_scroll, 5, wxEXPAND | wxRIGHT, 8);
    auto* right = new wxBoxSizer(wxVERTICAL);
    m_sections = new Chart(this, wxSize(300, 140));
    m_trend = new Chart(this, wxSize(300, 140));
    right->Add(m_sections, 1, wxEXPAND | wxBOTTOM, 8);
    right->Add(m_trend, 1, wxEXPAND);
    charts->Add(right, 6, wxEXPAND);
    top->Add(charts, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    SetSizer(top);
}

void DashboardView::build_filter_bar(wxSizer* top) {
    // Groups that stay whole; the bar wraps between them when the window is narrow.
    auto* bar = new wxWrapSizer(wxHORIZONTAL);
    auto group = [&] {
        auto* g = new wxBoxSizer(wxHORIZONTAL);
        bar->Add(g, 0, wxALIGN_CENTER_VERTICAL | wxTOP | wxBOTTOM, 2);
        return g;
    };
    auto caption = [&](wxSizer* g, const char* text) {
        g->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    };
    wxSizer* client = group();
    caption(client, "Client");
    m_client = new wxChoice(this, wxID_ANY);
    m_client->SetMinSize(wxSize(200, -1));
    client->Add(m_client, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    wxSizer* period = group();
    caption(period, "Period");
    m_period = new wxChoice(this, wxID_ANY);
    for (PeriodPreset p : kPeriodPresets)
        m_period->Append(wxs(label(p)));
    period->Add(m_period, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    m_from = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                          wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    m_to = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                        wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    period->Add(m_from, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    caption(period, "to");
    period->Add(m_to, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    wxSizer* measure = group();
    m_raw = new wxCheckBox(this, wxID_ANY, "Raw performance (criticals not applied)");
    measure->Add(m_raw, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_info = new wxStaticText(this, wxID_ANY, "");
    m_info->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    measure->Add(m_info, 0, wxALIGN_CENTER_VERTICAL);
    top->Add(bar, 0, wxEXPAND | wxALL, 6);

    auto changed = [this](wxEvent&) {
        if (!m_updating)
            filter_from_controls();
    };
    m_client->Bind(wxEVT_CHOICE, changed);
    m_period->Bind(wxEVT_CHOICE, changed);
    m_raw->Bind(wxEVT_CHECKBOX, changed);
    auto custom = [this](wxDateEvent&) {
        if (m_updating)
            return;
        m_period->SetSelection(static_cast<int>(PeriodPreset::Custom));
        filter_from_controls();
    };
    m_from->Bind(wxEVT_DATE_CHANGED, custom);
    m_to->Bind(wxEVT_DATE_CHANGED, custom);
}

void DashboardView::set_store(storage::Store* store) {
    m_store = store;
    m_model = store ? std::make_unique<DashboardModel>(*store) : nullptr;
    m_voice_facts = VoiceFactsCache{};
    m_clients = store ? client_choices(*store) : std::vector<ClientChoice>{};
    m_updating = true;
    m_client->Clear();
    for (const ClientChoice& c : m_clients)
        m_client->Append(wxs(c.client));
    m_updating = false;
    const auto busiest = busiest_client(m_clients); // the choices just read, not read again
    if (busiest)
        set_filter(last_12_months(*busiest));
    else
        show_data();
}

const ViewFilter& DashboardView::filter() const {
    static const ViewFilter none;
    return m_model ? m_model->filter() : none;
}

void DashboardView::set_filter(const ViewFilter& filter) {
    if (!m_model)
        return;
    {
        wxBusyCursor busy;
        m_model->set_filter(filter);
    }
    controls_from_filter();
    show_data();
    if (on_filter)
        on_filter(m_model->filter());
}

void DashboardView::refresh() {
    if (!m_model)
        return;
    m_model->refresh();
    show_data();
}

void DashboardView::filter_from_controls() {
    if (!m_model || m_client->GetSelection() < 0)
        return;
    const ClientChoice& client = m_clients.at(static_cast<std::size_t>(m_client->GetSelection()));
    ViewFilter f = m_model->filter();
    f.client = client.client;
    f.use_raw = m_raw->GetValue();
    const auto preset = static_cast<PeriodPreset>(std::max(0, m_period->GetSelection()));
    if (preset == PeriodPreset::Custom) {
        f.from_day = from_wx(m_from->GetValue());
        f.to_day = from_wx(m_to->GetValue());
        if (*f.from_day > *f.to_day)
            std::swap(f.from_day, f.to_day);
    } else {
        std::tie(f.from_day, f.to_day) = preset_range(preset, client.last_day);
    }
    if (f != m_model->filter()) // GTK reports date pickers set by controls_from_filter later
        set_filter(f);
}

void DashboardView::controls_from_filter() {
    const ViewFilter& f = m_model->filter();
    m_updating = true;
    m_client->SetStringSelection(wxs(f.client));
    m_raw->SetValue(f.use_raw);
    int preset = static_cast<int>(PeriodPreset::Custom);
    for (const ClientChoice& c : m_clients)
        if (c.client == f.client)
            for (PeriodPreset p : kPeriodPresets)
                if (p != PeriodPreset::Custom &&
                    preset_range(p, c.last_day) == std::make_pair(f.from_day, f.to_day)) {
                    preset = static_cast<int>(p);
                    break;
                }
    m_period->SetSelection(preset);
    if (f.from_day)
        m_from->SetValue(to_wx(*f.from_day));
    if (f.to_day)
        m_to->SetValue(to_wx(*f.to_day));
    m_updating = false;
}

void DashboardView::show_data() {
    static const Dashboard empty;
    const Dashboard& d = m_model ? m_model->data() : empty;
    const std::size_t min_n = d.filter.min_n;
    if (d.overall) {
        const scoring::Measures& m = d.overall->m;
        m_tiles[0]->set_mean(m);
        m_tiles[1]->set(wxString::Format("%zu", m.n),
                        wxs(std::to_string(d.branches.size()) + " branches"));
        m_tiles[2]->set(wxs(fmt_pct(m.pass_rate)), wxs("95% CI " + fmt_pct_interval(m.pass_ci95)));
        m_tiles[3]->set(wxs(fmt_pct(m.critical_fail_rate)), "of visits had a\ncritical failure",
                        m.critical_fail_rate && *m.critical_fail_rate > 0.05 ? colour_below()
                                                                             : *wxBLACK);
        const scoring::Nps& nps = d.overall->nps;
        m_tiles[4]->set(nps.nps ? wxString::Format("%+.0f", *nps.nps) : wxString::FromUTF8("—"),
                        wxString::Format("%zu ratings:\n%zu promoters, %zu detractors", nps.n,
                                         nps.promoters, nps.detractors));
    } else {
        for (Tile* t : m_tiles)
            t->set(wxString::FromUTF8("—"), "no approved visits in this period");
    }

    ChartData b;
    b.kind = ChartData::HBars;
    b.title = "Branches by mean score (95% CI) · click to open";
    ChartSeries bs;
    for (const RankRow& r : d.branches) {
        b.categories.push_back(r.label);
        bs.notes.push_back("n=" + std::to_string(r.m.n));
        bs.values.push_back(r.m.mean);
        bs.lo.push_back(r.m.ci95 ? std::optional<double>(r.m.ci95->lo) : std::nullopt);
        bs.hi.push_back(r.m.ci95 ? std::optional<double>(r.m.ci95->hi) : std::nullopt);
        bs.muted.push_back(r.m.low_sample);
    }
    b.series.push_back(std::move(bs));
    if (d.overall && d.overall->m.target) {
        b.reference = d.overall->m.target;
        b.reference_label = "target " + fmt1(b.reference);
    }
    b.note = "Grey bars: fewer than " + std::to_string(min_n) + " visits (a low sample).";
    b.empty_text = "No visits in this range";
    set_score_axis(b);
    m_branches->set_data(std::move(b));

    ChartData s;
    s.kind = ChartData::VBars;
    s.title = "Sections: mean score against the target";
    ChartSeries mean{"mean score", {}, {}, {}, {}, {}, 0};
    for (const SectionRow& r : d.sections) {
        s.categories.push_back(r.title);
        mean.values.push_back(r.mean);
    }
    s.series = {mean};
    s.empty_text = "No visits in this range";
    if (d.overall && d.overall->m.target) {
        s.reference = d.overall->m.target;
        s.reference_label = "target " + fmt1(s.reference);
    }
    set_score_axis(s);
    m_sections->set_data(std::move(s));

    ChartData t;
    t.kind = ChartData::Line;
    t.title = "Monthly mean score (band: 95% CI)";
    ChartSeries ts{"mean score", {}, {}, {}, {}, {}, 0};
    for (const TrendPoint& p : d.trend) {
        t.categories.push_back(p.period);
        ts.values.push_back(p.m.mean);
        ts.lo.push_back(p.m.ci95 ? std::optional<double>(p.m.ci95->lo) : std::nullopt);
        ts.hi.push_back(p.m.ci95 ? std::optional<double>(p.m.ci95->hi) : std::nullopt);
    }
    t.series.push_back(std::move(ts));
    t.empty_text = "No visits in this range";
    if (d.overall && d.overall->m.target) {
        t.reference = d.overall->m.target;
        t.reference_label = "target";
    }
    set_score_axis(t);
    m_trend->set_data(std::move(t));

    show_voice();
    m_target_note->set(d.target_note);
    m_branch_scroll->FitInside();
    m_branch_scroll->Layout();
    // Only what a person needs (the timings are for the benchmark).
    m_info->SetLabel(m_model && !d.overall ? wxString("No scored visits match these filters")
                                           : wxString()); // the Visits tile says how many
    m_info->Show(!m_info->GetLabel().empty());
    relayout();
}

std::optional<services::VoiceFacts> DashboardView::voice_facts_of(const ViewFilter& filter) {
    if (!m_store || !m_model)
        return std::nullopt;
    auto mystery = m_model->current_facts(filter.client);
    if (!mystery)
        return std::nullopt;
    return m_voice_facts.get(*m_store, filter, std::move(mystery));
}

void DashboardView::show_voice() {
    m_voice = {};
    if (m_store && m_model && !m_model->filter().client.empty())
        m_voice = voice_summary( // the mystery visits the dashboard holds, not read again
            m_voice_facts.get(*m_store, m_model->filter(), m_model->shared_facts()));
    const scoring::VoicePeriodRow& v = m_voice;
    Tile* tile = voice_tile();
    if (v.responses == 0) {
        tile->set(wxString::FromUTF8("—"), "no survey responses\nin this period");
        tile->SetToolTip("Customer survey responses (a scorecard whose channel is survey) of "
                         "this client in this period: none");
        return;
    }
    tile->set(wxs(fmt_nps(v.nps.nps)),
              wxs("n=" + std::to_string(v.nps.n) + " · survey score " + fmt1(v.survey_score) +
                  "\nmystery-shop score " + fmt1(v.mystery_score)));
    tile->SetToolTip(wxString::Format(
        "%zu survey responses: %zu promoters, %zu passives, %zu detractors (NPS of %zu answers); "
        "mean survey score %s over %zu responses, beside the mean mystery-shop score %s over %zu "
        "visits",
        v.responses, v.nps.promoters, v.nps.passives, v.nps.detractors, v.nps.n,
        wxs(fmt1(v.survey_score)), v.survey_n, wxs(fmt1(v.mystery_score)), v.mystery_n));
}

} // namespace vs::app
