#include "app/visit_list_ui.h"

#include "app/ui_util.h"
#include "app/visit_form_model.h"
#include "forms/dates.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/datectrl.h>
#include <wx/dateevt.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>

namespace vs::app {

void VisitListAdapter::GetValueByRow(wxVariant& value, unsigned row, unsigned col) const {
    if (!m_asked && on_first_value) {
        m_asked = true;
        on_first_value();
    }
    const storage::VisitListRow* r = m_source.row(row);
    if (!r) {
        value = wxString();
        return;
    }
    switch (col) {
    case Date: {
        std::string d = r->visited_at.substr(0, 16);
        if (d.size() > 10)
            d[10] = ' ';
        value = wxs(d);
        break;
    }
    case Client:
        value = wxs(r->client);
        break;
    case Branch:
        value = wxs(r->branch);
        break;
    case Employee:
        value = r->employee.empty() ? wxString("(not identified)") : wxs(r->employee);
        break;
    case Shopper:
        value = wxs(r->shopper);
        break;
    case Scorecard:
        value = wxs(r->scorecard);
        break;
    case Status:
        value = wxs(status_label(r->status));
        break;
    case Score: {
        std::string s = format_score(r->score);
        if (r->critical)
            s += " !";
        value = wxs(s);
        break;
    }
    default:
        value = wxString();
    }
}

bool VisitListAdapter::GetAttrByRow(unsigned row, unsigned col, wxDataViewItemAttr& attr) const {
    if (col != Score && col != Status)
        return false;
    const storage::VisitListRow* r = m_source.row(row);
    if (!r)
        return false;
    if (col == Status) {
        if (r->status == forms::Status::Draft || r->status == forms::Status::Returned) {
            attr.SetItalic(true);
            return true;
        }
        if (r->status == forms::Status::Excluded) {
            attr.SetColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
            return true;
        }
        return false;
    }
    if (!r->score)
        return false;
    int s = score_standing(*r->score, r->target);
    attr.SetColour(s > 0 ? colour_above() : s == 0 ? colour_near() : colour_below());
    attr.SetBold(true);
    return true;
}

VisitsPage::VisitsPage(wxWindow* parent) : wxPanel(parent) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* filters = new wxBoxSizer(wxHORIZONTAL);
    auto label = [&](const wxString& text) {
        filters->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 4);
    };
    label("Client");
    m_client = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(150, -1));
    filters->Add(m_client, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    label("Branch");
    m_branch = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxSize(170, -1));
    filters->Add(m_branch, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    label("Status");
    m_status = new wxChoice(this, wxID_ANY);
    m_status->Append("All");
    for (auto s : {forms::Status::Draft, forms::Status::Submitted, forms::Status::Approved,
                   forms::Status::Returned, forms::Status::Excluded})
        m_status->Append(wxs(status_label(s)));
    m_status->SetSelection(0);
    filters->Add(m_status, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    label("From");
    m_from = new wxDatePickerCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition,
                                  wxDefaultSize, wxDP_DROPDOWN | wxDP_ALLOWNONE | wxDP_SHOWCENTURY);
    m_from->SetValue(wxInvalidDateTime);
    filters->Add(m_from, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    label("to");
    m_to = new wxDatePickerCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition,
                                wxDefaultSize, wxDP_DROPDOWN | wxDP_ALLOWNONE | wxDP_SHOWCENTURY);
    m_to->SetValue(wxInvalidDateTime);
    filters->Add(m_to, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    m_search = new wxSearchCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(200, -1),
                                wxTE_PROCESS_ENTER);
    m_search->SetDescriptiveText("Search branch, staff, shopper…");
    m_search->ShowCancelButton(true);
    filters->Add(m_search, 1, wxALIGN_CENTER_VERTICAL);
    sizer->Add(filters, 0, wxEXPAND | wxALL, 8);

    m_view = new wxDataViewCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxDV_ROW_LINES | wxDV_SINGLE);
    m_adapter = new VisitListAdapter(m_source);
    m_view->AssociateModel(m_adapter.get());
    auto col = [&](const wxString& title, unsigned c, int width, wxAlignment align = wxALIGN_LEFT) {
        m_view->AppendTextColumn(title, c, wxDATAVIEW_CELL_INERT, width, align,
                                 wxDATAVIEW_COL_RESIZABLE);
    };
    // Widths add up to what fits beside the navigation at 1280 px, Score included.
    col("Date", VisitListAdapter::Date, 125);
    col("Client", VisitListAdapter::Client, 115);
    col("Branch", VisitListAdapter::Branch, 175);
    col("Employee", VisitListAdapter::Employee, 150);
    col("Shopper", VisitListAdapter::Shopper, 130);
    col("Scorecard", VisitListAdapter::Scorecard, 170);
    col("Status", VisitListAdapter::Status, 88);
    col("Score", VisitListAdapter::Score, 62, wxALIGN_RIGHT);
    sizer->Add(m_view, 1, wxEXPAND | wxLEFT | wxRIGHT, 8);

    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    m_count = new wxStaticText(this, wxID_ANY, "");
    bottom->Add(m_count, 1, wxALIGN_CENTER_VERTICAL);
    auto* legend = new wxStaticText(this, wxID_ANY, "Score: green on target, amber within 5, red below; ! critical failure");
    legend->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    bottom->Add(legend, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    auto* open = new wxButton(this, wxID_ANY, "Open");
    auto* add = new wxButton(this, wxID_ANY, "New visit…");
    bottom->Add(open, 0, wxRIGHT, 6);
    bottom->Add(add, 0);
    sizer->Add(bottom, 0, wxEXPAND | wxALL, 8);
    SetSizer(sizer);

    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        fill_filters();
        apply_filters();
    });
    for (wxChoice* c : {m_branch, m_status})
        c->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { apply_filters(); });
    m_from->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { apply_filters(); });
    m_to->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { apply_filters(); });
    m_search->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { apply_filters(); });
    m_search->Bind(wxEVT_SEARCHCTRL_CANCEL_BTN, [this](wxCommandEvent&) {
        m_search->Clear();
        apply_filters();
    });
    m_view->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent&) {
        if (std::int64_t id = selected(); id && on_open)
            on_open(id);
    });
    open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (std::int64_t id = selected(); id && on_open)
            on_open(id);
    });
    add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_new)
            on_new();
    });
}

void VisitsPage::set_store(storage::Store* store) {
    m_store = store;
    m_source.set_store(store);
    m_client->Clear();
    m_client_ids.clear();
    m_client->Append("All clients");
    m_client_ids.push_back(0);
    if (store)
        for (const auto& c : store->org_list(storage::OrgKind::Client, std::nullopt, true)) {
            m_client->Append(wxs(c.name));
            m_client_ids.push_back(c.id);
        }
    m_client->SetSelection(0);
    fill_filters();
    apply_filters();
}

void VisitsPage::fill_filters() {
    m_branch->Clear();
    m_branch_ids.clear();
    m_branch->Append("All branches");
    m_branch_ids.push_back(0);
    int c = m_client->GetSelection();
    if (m_store && c > 0)
        for (const auto& b : m_store->org_list(storage::OrgKind::Branch,
                                               m_client_ids[static_cast<std::size_t>(c)], true)) {
            m_branch->Append(wxs(b.code + (b.name.empty() ? "" : " " + b.name)));
            m_branch_ids.push_back(b.id);
        }
    m_branch->SetSelection(0);
    m_branch->Enable(c > 0);
}

void VisitsPage::apply_filters() {
    storage::VisitListQuery q;
    if (int c = m_client->GetSelection(); c > 0)
        q.client_id = m_client_ids[static_cast<std::size_t>(c)];
    if (int b = m_branch->GetSelection(); b > 0)
        q.branch_id = m_branch_ids[static_cast<std::size_t>(b)];
    if (int s = m_status->GetSelection(); s > 0)
        q.status = static_cast<forms::Status>(s - 1);
    if (m_from->GetValue().IsValid())
        q.from_day = forms::parse_day(u8(m_from->GetValue().FormatISODate()));
    if (m_to->GetValue().IsValid())
        q.to_day = forms::parse_day(u8(m_to->GetValue().FormatISODate()));
    q.search = u8(m_search->GetValue().Trim().Trim(false));
    m_source.set_query(q);
    m_adapter->reset();
    m_count->SetLabel(wxString::Format("%zu visits", m_source.size()));
}

void VisitsPage::reload() {
    const std::int64_t keep = selected();
    m_source.reload();
    m_adapter->reset();
    m_count->SetLabel(wxString::Format("%zu visits", m_source.size()));
    if (keep)
        select_visit(keep);
}

void VisitsPage::refresh_visit(std::int64_t id) {
    m_source.invalidate(id);
    if (auto index = m_source.index_of(id))
        m_adapter->RowChanged(static_cast<unsigned>(*index));
}

void VisitsPage::select_visit(std::int64_t id) {
    if (auto index = m_source.index_of(id)) {
        wxDataViewItem item = m_adapter->GetItem(static_cast<unsigned>(*index));
        m_view->Select(item);
        m_view->EnsureVisible(item);
    }
}

std::int64_t VisitsPage::selected() const {
    wxDataViewItem item = m_view->GetSelection();
    if (!item.IsOk())
        return 0;
    unsigned row = m_adapter->GetRow(item);
    return row < m_source.size() ? m_source.id_at(row) : 0;
}

void VisitsPage::set_search(const wxString& text) {
    m_search->ChangeValue(text);
    apply_filters();
}

void VisitsPage::set_status_filter(std::optional<forms::Status> status) {
    m_status->SetSelection(status ? static_cast<int>(*status) + 1 : 0);
    apply_filters();
}

} // namespace vs::app
