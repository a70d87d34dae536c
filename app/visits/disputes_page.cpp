#include "app/visits/disputes_page.h"

#include "app/shell/list_columns.h"
#include "app/shell/list_rows.h"
#include "app/shell/ui_util.h"
#include "app/visits/dispute_dialogs.h"
#include "forms/describe.h"

#include <cstdint>
#include <optional>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {
namespace {

constexpr const char* kAllClients = "All clients";
const char* const kStatuses[] = {"Any status", "open", "decided"};
const char* const kGroups[] = {"by client", "by branch", "by shopper"};

} // namespace

DisputesPage::DisputesPage(wxWindow* parent) : wxPanel(parent) {
    run_dialog = [](DecideDialog& d) { return d.ShowModal(); };
    tell = [this](const wxString& m) { wxMessageBox(m, "Disputes", wxOK | wxICON_WARNING, this); };

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    auto* title = new wxStaticText(this, wxID_ANY, "Disputes");
    title->SetFont(title->GetFont().Scaled(1.3f).Bold());
    top->Add(title, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    m_count =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    top->Add(m_count, 1, wxALIGN_CENTER_VERTICAL);
    sizer->Add(top, 0, wxEXPAND | wxALL, 10);

    auto* filters = new wxBoxSizer(wxHORIZONTAL);
    m_client = new wxChoice(this, wxID_ANY);
    m_client->Append(kAllClients);
    m_client->SetSelection(0);
    filters->Add(m_client, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_status = new wxChoice(this, wxID_ANY);
    for (const char* s : kStatuses)
        m_status->Append(s);
    m_status->SetSelection(0);
    filters->Add(m_status, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(filters, 0, wxLEFT | wxRIGHT | wxBOTTOM, 10);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    for (int c = 0; c < kDisputeColumns; ++c)
        m_list->AppendColumn(wxs(dispute_column_title(static_cast<DisputeColumn>(c))));
    sizer->Add(m_list, 3, wxEXPAND | wxLEFT | wxRIGHT, 10);
    // The list's cells are cut to fit; the selected point is read in full here.
    m_details =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_NO_AUTORESIZE);
    sizer->Add(m_details, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_decide = new wxButton(this, wxID_ANY, "&Decide\u2026");
    m_decide->SetToolTip("Accept, partly accept or reject the selected point (Enter)");
    m_open = new wxButton(this, wxID_ANY, "&Open visit");
    m_open->SetToolTip("Show the visit of the selected point (Ctrl+Enter)");
    auto* refresh = new wxButton(this, wxID_ANY, "Refresh");
    buttons->Add(m_decide, 0, wxRIGHT, 8);
    buttons->Add(m_open, 0, wxRIGHT, 8);
    buttons->AddStretchSpacer();
    buttons->Add(refresh, 0);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 10);

    auto* stats_top = new wxBoxSizer(wxHORIZONTAL);
    auto* stats_title = new wxStaticText(this, wxID_ANY, "Statistics");
    stats_title->SetFont(stats_title->GetFont().Bold());
    stats_top->Add(stats_title, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_group = new wxChoice(this, wxID_ANY);
    stats_top->Add(m_group, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    auto* stats_note = new wxStaticText(
        this, wxID_ANY,
        "Overturned: points accepted or partly accepted of those decided. The field reports "
        "3\u20135% of visits disputed and about 1% changed.",
        wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    stats_note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    stats_top->Add(stats_note, 1, wxALIGN_CENTER_VERTICAL);
    sizer->Add(stats_top, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);
    m_stats_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                  wxLC_REPORT | wxLC_SINGLE_SEL);
    sizer->Add(m_stats_list, 2, wxEXPAND | wxALL, 10);
    SetSizer(sizer);

    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        m_client_chosen = true;
        reload();
    });
    m_status->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_group->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { fill_stats(); });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) {
        if (wxGetKeyState(WXK_CONTROL))
            open_visit();
        else if (const DisputeRow* r = selected();
                 r && r->dispute.status == "open" && m_rights.decide)
            decide();
        else
            open_visit();
    });
    m_decide->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { decide(); });
    m_open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_visit(); });
    refresh->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reload(); });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] {
            fit_columns(m_list, static_cast<int>(DisputeColumn::Reason));
            fit_columns(m_stats_list, 0);
        });
    });
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            CallAfter([this] {
                if (m_dirty)
                    reload();
            });
        e.Skip();
    });
    set_store(nullptr, {true, true}, true);
}

void DisputesPage::set_store(storage::Store* store, DisputeRights rights, bool shoppers) {
    m_store = store;
    m_rights = rights;
    m_shoppers = shoppers;
    m_rows.clear();
    m_stats.clear();
    m_list->DeleteAllItems();
    m_decide->Show(rights.decide);
    const int group = m_group->GetSelection();
    m_group->Clear();
    for (int g = 0; g < (shoppers ? 3 : 2); ++g)
        m_group->Append(kGroups[g]);
    m_group->SetSelection(group >= 0 && group < static_cast<int>(m_group->GetCount()) ? group : 1);
    fill_clients();
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
    Layout();
}

void DisputesPage::set_client(const std::string& client) {
    m_dashboard_client = client;
    if (m_client_chosen)
        return;
    if (!m_client->SetStringSelection(wxs(client)))
        m_client->SetSelection(0);
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void DisputesPage::fill_clients() {
    const wxString keep = m_client->GetStringSelection();
    m_client->Clear();
    m_client->Append(kAllClients);
    if (m_store) {
        try {
            for (const storage::OrgEntity& c :
                 m_store->org_list(storage::OrgKind::Client, std::nullopt, false, false))
                m_client->Append(wxs(c.name));
        } catch (const std::exception&) {
            // the list says why when it reads
        }
    }
    if (!m_client->SetStringSelection(keep))
        m_client->SetSelection(0);
    if (!m_client_chosen && !m_dashboard_client.empty())
        m_client->SetStringSelection(wxs(m_dashboard_client));
}

std::string DisputesPage::client() const {
    return m_client->GetSelection() > 0 ? u8(m_client->GetStringSelection()) : std::string();
}

storage::DisputeFilter DisputesPage::filter() const {
    storage::DisputeFilter f;
    f.client = client();
    if (m_status->GetSelection() > 0)
        f.status = u8(m_status->GetStringSelection());
    return f;
}

void DisputesPage::reload() {
    m_dirty = false;
    const DisputeRow* sel = selected();
    const std::int64_t keep = sel ? sel->dispute.id : 0;
    m_rows.clear();
    wxString problem;
    if (m_store) {
        try {
            m_rows = dispute_rows(*m_store, filter());
        } catch (const std::exception&) {
            problem = "Could not read the disputes: " + wxs(describe(std::current_exception()));
        }
    }
    fill();
    if (!problem.empty())
        m_count->SetLabel(problem);
    if (keep)
        select(keep);
    fill_stats();
    update_buttons();
}

void DisputesPage::data_changed() {
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void DisputesPage::fill() {
    m_list->Freeze();
    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const DisputeRow& r = m_rows[i];
        const long at = m_list->InsertItem(static_cast<long>(i),
                                           wxs(dispute_cell(r, static_cast<DisputeColumn>(0))));
        for (int c = 1; c < kDisputeColumns; ++c)
            m_list->SetItem(at, c, wxs(dispute_cell(r, static_cast<DisputeColumn>(c))));
        if (r.dispute.status == "decided")
            m_list->SetItemTextColour(at, wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    }
    m_list->Thaw();
    m_count->SetLabel(m_store ? wxs(dispute_counts_text(m_rows)) : wxString());
    fit_columns(m_list, static_cast<int>(DisputeColumn::Reason));
}

void DisputesPage::fill_stats() {
    m_stats.clear();
    m_stats_list->Freeze();
    m_stats_list->DeleteAllItems();
    m_stats_list->DeleteAllColumns();
    const auto group = static_cast<services::DisputeGroup>(std::max(0, m_group->GetSelection()));
    for (const std::string& t : dispute_stats_titles(group))
        m_stats_list->AppendColumn(
            wxs(t), m_stats_list->GetColumnCount() == 0 ? wxLIST_FORMAT_LEFT : wxLIST_FORMAT_RIGHT);
    if (m_store) {
        try {
            m_stats = dispute_stats_rows(*m_store, client(), group);
        } catch (const std::exception&) {
            m_count->SetLabel("Could not read the statistics: " +
                              wxs(describe(std::current_exception())));
        }
    }
    for (std::size_t i = 0; i < m_stats.size(); ++i) {
        const DisputeStatsRow& s = m_stats[i];
        const long at = m_stats_list->InsertItem(static_cast<long>(i), wxs(s.key));
        int c = 1;
        for (const std::string* v :
             {&s.released, &s.rate, &s.decided, &s.overturned, &s.changed, &s.median_days})
            m_stats_list->SetItem(at, c++, wxs(*v));
    }
    m_stats_list->Thaw();
    fit_columns(m_stats_list, 0);
}

bool DisputesPage::select(std::int64_t id) {
    if (!select_row(m_list, m_rows, [&](const DisputeRow& r) { return r.dispute.id == id; }))
        return false;
    update_buttons();
    return true;
}

const DisputeRow* DisputesPage::selected() const {
    return selected_row(m_list, m_rows);
}

void DisputesPage::update_buttons() {
    const DisputeRow* r = selected();
    m_decide->Enable(m_rights.decide && r && r->dispute.status == "open");
    m_open->Enable(r != nullptr);
    wxString text;
    if (r) {
        const storage::Dispute& d = r->dispute;
        text = wxs(r->question_text + "\n" + r->disputed + " \u2192 " + r->proposed + ": " +
                   d.reason + " (" + (d.opened_by.empty() ? "" : d.opened_by + ", ") +
                   d.opened_at.substr(0, 10) + ")");
        if (d.status == "decided")
            text += wxs("\n" + decision_label(d) + ", " + r->standing + ": " + d.decision_reason +
                        " (" + (d.decided_by.empty() ? "" : d.decided_by + ", ") +
                        d.decided_at.substr(0, 10) + ")");
    }
    if (text != m_details->GetLabel()) {
        m_details->SetLabel(text);
        m_details->Wrap(std::max(300, m_list->GetClientSize().x));
        // Three lines at most: the page keeps its layout whatever is selected.
        m_details->SetMinSize(wxSize(-1, m_details->GetCharHeight() * 3 + 4));
        Layout();
    }
}

bool DisputesPage::decide() {
    const DisputeRow* r = selected();
    if (!m_store || !m_rights.decide || !r)
        return false;
    const DisputeRow row = *r;
    std::string refusal;
    try {
        refusal = decide_refusal_text(*m_store, row.dispute, m_who);
    } catch (const std::exception&) {
        refusal = describe(std::current_exception());
    }
    if (!refusal.empty()) {
        tell(wxs(refusal));
        return false;
    }
    DecideDialog d(this, *m_store, row, m_who);
    if (run_dialog(d) != wxID_OK)
        return false;
    reload();
    select(row.dispute.id);
    if (on_status) {
        std::string said = "Dispute on \u201c" + row.question_text + "\u201d at " +
                           row.dispute.branch + " decided";
        for (const std::string& w : d.warnings())
            said += "; " + w;
        on_status(wxs(said));
    }
    if (on_changed) {
        try {
            if (const auto id = m_store->visit_id_of(row.dispute.visit_uuid))
                on_changed(*id);
        } catch (const std::exception&) {
        }
    }
    return true;
}

bool DisputesPage::open_visit() {
    const DisputeRow* r = selected();
    if (!m_store || !r || !on_open_visit)
        return false;
    std::optional<std::int64_t> id;
    try {
        id = m_store->visit_id_of(r->dispute.visit_uuid);
    } catch (const std::exception&) {
        // Not an answer that the visit is gone: the connection was lost, or the account may
        // not read it.
        tell("Could not look up the visit of this point: " +
             wxs(describe(std::current_exception())));
        return false;
    }
    if (!id) {
        tell(wxs("The visit of this point is not in the database any more."));
        return false;
    }
    try {
        on_open_visit(*id);
    } catch (const std::exception&) {
        tell("Could not open the visit of this point: " + wxs(describe(std::current_exception())));
        return false;
    }
    return true;
}

} // namespace vs::app
