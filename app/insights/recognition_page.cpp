#include "app/insights/recognition_page.h"

#include "app/shell/date_ctrl.h"
#include "app/shell/list_columns.h"
#include "app/shell/list_rows.h"
#include "app/shell/ui_util.h"
#include "forms/describe.h"
#include "forms/error.h"

#include <algorithm>
#include <optional>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {

RecognitionPage::RecognitionPage(wxWindow* parent) : wxPanel(parent) {
    tell = [this](const wxString& m) {
        wxMessageBox(m, "Recognition", wxOK | wxICON_WARNING, this);
    };
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    auto* title = new wxStaticText(this, wxID_ANY, "Recognition");
    title->SetFont(title->GetFont().Scaled(1.3f).Bold());
    top->Add(title, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    m_count =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    top->Add(m_count, 1, wxALIGN_CENTER_VERTICAL);
    sizer->Add(top, 0, wxEXPAND | wxALL, 10);
    auto* note = new wxStaticText(
        this, wxID_ANY,
        // Two short lines rather than one cut off: the page is used at 1024 pixels wide too.
        "For the client to thank: a section such as complaint handling at 100 with no question "
        "NA,\nor a comment praising a named member of the branch's staff. Never the shopper.");
    note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    sizer->Add(note, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 10);

    auto* filters = new wxBoxSizer(wxHORIZONTAL);
    auto label = [&](const char* text) {
        filters->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
                     6);
    };
    label("&Client");
    m_client = new wxChoice(this, wxID_ANY);
    filters->Add(m_client, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    label("&From");
    m_from = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                          wxDP_ALLOWNONE);
    filters->Add(m_from, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    label("&to");
    m_to = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                        wxDP_ALLOWNONE);
    filters->Add(m_to, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_pseudonymise = new wxCheckBox(this, wxID_ANY, "Staff as &pseudonyms");
    m_pseudonymise->SetToolTip("Staff as the client workbook shows them when made with "
                               "pseudonymised staff: a pseudonym, no name");
    filters->Add(m_pseudonymise, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(filters, 0, wxLEFT | wxRIGHT, 10);
    m_problem = new wxStaticText(this, wxID_ANY, "");
    m_problem->SetForegroundColour(*wxRED);
    sizer->Add(m_problem, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    for (int c = 0; c < kRecognitionColumns; ++c)
        m_list->AppendColumn(wxs(recognition_column_title(static_cast<RecognitionColumn>(c))));
    sizer->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
    // The list's cells are cut to fit; the selected row is read in full here.
    m_details =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_NO_AUTORESIZE);
    sizer->Add(m_details, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_open = new wxButton(this, wxID_ANY, "&Open visit");
    m_open->SetToolTip("Show the visit of the selected recognition (Enter)");
    auto* refresh = new wxButton(this, wxID_ANY, "Refresh");
    buttons->Add(m_open, 0, wxRIGHT, 8);
    buttons->AddStretchSpacer();
    buttons->Add(refresh, 0);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 10);
    SetSizer(sizer);

    auto chosen = [this] {
        m_chosen = true;
        reload();
    };
    m_client->Bind(wxEVT_CHOICE, [chosen](wxCommandEvent&) { chosen(); });
    m_from->Bind(wxEVT_DATE_CHANGED, [chosen](wxDateEvent&) { chosen(); });
    m_to->Bind(wxEVT_DATE_CHANGED, [chosen](wxDateEvent&) { chosen(); });
    m_pseudonymise->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { reload(); });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_details(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_details(); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { open_visit(); });
    m_open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_visit(); });
    refresh->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reload(); });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { fit_columns(m_list, static_cast<int>(RecognitionColumn::Why)); });
    });
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            CallAfter([this] {
                if (m_dirty)
                    reload();
            });
        e.Skip();
    });
    update_details();
}

void RecognitionPage::set_store(storage::Store* store, bool staff) {
    m_store = store;
    m_staff = staff;
    m_rows.clear();
    m_list->DeleteAllItems();
    m_pseudonymise->Show(staff);
    if (!staff)
        m_pseudonymise->SetValue(false);
    fill_clients();
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
    Layout();
}

void RecognitionPage::set_filter(const ViewFilter& filter) {
    m_dashboard = filter;
    if (m_chosen)
        return;
    if (!filter.client.empty())
        m_client->SetStringSelection(wxs(filter.client));
    m_from->set_day(filter.from_day);
    m_to->set_day(filter.to_day);
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void RecognitionPage::fill_clients() {
    const wxString keep = m_client->GetStringSelection();
    m_client->Clear();
    if (m_store) {
        try {
            // A client's account reads its own client only.
            for (const storage::OrgEntity& c :
                 m_store->org_list(storage::OrgKind::Client, std::nullopt, false, false))
                m_client->Append(wxs(c.name));
        } catch (const std::exception&) {
            // the list says why when it reads
        }
    }
    if (!m_client->SetStringSelection(keep) &&
        (m_chosen || !m_client->SetStringSelection(wxs(m_dashboard.client))) &&
        m_client->GetCount() > 0)
        m_client->SetSelection(0);
}

void RecognitionPage::reload() {
    m_dirty = false;
    const RecognitionRow* sel = selected();
    const std::string keep = sel ? sel->recognition.visit + "|" + sel->recognition.kind + "|" +
                                       sel->recognition.employee + "|" + sel->recognition.section +
                                       sel->recognition.question
                                 : std::string();
    m_rows.clear();
    wxString problem;
    if (m_store && !m_from->IsValid())
        problem = "From: " + m_from->error();
    else if (m_store && !m_to->IsValid())
        problem = "To: " + m_to->error();
    else if (m_store && m_client->GetCount() == 0)
        problem = "There is no client in this database yet.";
    else if (m_store) {
        RecognitionQuery q;
        q.client = u8(m_client->GetStringSelection());
        q.from_day = m_from->day();
        q.to_day = m_to->day();
        q.pseudonymise_staff = m_staff && m_pseudonymise->GetValue();
        try {
            m_rows = recognition_rows(*m_store, q);
        } catch (const InputError& e) {
            problem = wxs(e.where() + ": " + e.message());
        } catch (const std::exception&) {
            problem = "Could not read the recognitions: " + wxs(describe(std::current_exception()));
        }
    }
    m_problem->SetLabel(problem);
    m_problem->Show(!problem.empty());
    fill();
    m_count->SetLabel(m_store && problem.empty() ? wxs(recognition_counts_text(m_rows))
                                                 : wxString());
    if (!keep.empty())
        select_row(m_list, m_rows, [&](const RecognitionRow& r) {
            return r.recognition.visit + "|" + r.recognition.kind + "|" + r.recognition.employee +
                       "|" + r.recognition.section + r.recognition.question ==
                   keep;
        });
    update_details();
    Layout();
}

void RecognitionPage::data_changed() {
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void RecognitionPage::fill() {
    m_list->Freeze();
    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const long at = m_list->InsertItem(
            static_cast<long>(i), wxs(recognition_cell(m_rows[i], RecognitionColumn::Date)));
        for (int c = 1; c < kRecognitionColumns; ++c)
            m_list->SetItem(at, c,
                            wxs(recognition_cell(m_rows[i], static_cast<RecognitionColumn>(c))));
    }
    m_list->Thaw();
    fit_columns(m_list, static_cast<int>(RecognitionColumn::Why));
}

bool RecognitionPage::select(std::size_t index) {
    if (index >= m_rows.size())
        return false;
    select_row(m_list, m_rows, [&](const RecognitionRow& r) { return &r == &m_rows[index]; });
    update_details();
    return true;
}

const RecognitionRow* RecognitionPage::selected() const {
    return selected_row(m_list, m_rows);
}

void RecognitionPage::update_details() {
    const RecognitionRow* r = selected();
    m_open->Enable(r != nullptr);
    const wxString text = r ? wxs(recognition_detail(*r)) : wxString();
    if (text != m_details->GetLabel()) {
        m_details->SetLabel(text);
        m_details->Wrap(std::max(300, m_list->GetClientSize().x));
    }
    // Three lines at most: the page keeps its layout whatever is selected.
    m_details->SetMinSize(wxSize(-1, m_details->GetCharHeight() * 3 + 4));
    Layout();
}

bool RecognitionPage::open_visit() {
    const RecognitionRow* r = selected();
    if (!m_store || !r || !on_open_visit)
        return false;
    if (r->visit_id == 0) {
        tell(wxs("The visit of this recognition (" + r->recognition.visit +
                 ") could not be looked up in the database."));
        return false;
    }
    try {
        on_open_visit(r->visit_id);
    } catch (const std::exception&) {
        tell("Could not open the visit: " + wxs(describe(std::current_exception())));
        return false;
    }
    return true;
}

} // namespace vs::app
