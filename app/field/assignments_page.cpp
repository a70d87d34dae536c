#include "app/field/assignments_page.h"

#include "app/field/assignment_dialog.h"
#include "app/shell/date_ctrl.h"
#include "app/shell/list_columns.h"
#include "app/shell/list_rows.h"
#include "app/shell/ui_util.h"
#include "app/shell/wx_progress.h"
#include "forms/dates.h"
#include "forms/describe.h"
#include "forms/error.h"

#include <fstream>
#include <set>
#include <sstream>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/filedlg.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {
namespace {

constexpr const char* kAllClients = "All clients";
constexpr const char* kAllStatuses = "Any status";
constexpr const char* kAllShoppers = "Any shopper";

enum MenuId { ID_Edit = wxID_HIGHEST + 700, ID_Cancel, ID_Add };

std::string day_text(std::optional<int> day) {
    return day ? forms::day_to_string(*day) : std::string();
}

} // namespace

AssignmentsPage::AssignmentsPage(wxWindow* parent) : wxPanel(parent) {
    run_dialog = [](AssignmentDialog& d) { return d.ShowModal(); };
    confirm = [this](const wxString& q) {
        return wxMessageBox(q, "Assignments", wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION, this) ==
               wxYES;
    };
    tell = [this](const wxString& m) {
        wxMessageBox(m, "Assignments", wxOK | wxICON_WARNING, this);
    };
    choose_file = [this] {
        wxFileDialog d(this, "Import assignments", "", "", "CSV files (*.csv)|*.csv|All files|*",
                       wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        return d.ShowModal() == wxID_OK ? u8(d.GetPath()) : std::string();
    };

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    auto* title = new wxStaticText(this, wxID_ANY, "Assignments");
    title->SetFont(title->GetFont().Scaled(1.3f).Bold());
    top->Add(title, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    m_count =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    top->Add(m_count, 1, wxALIGN_CENTER_VERTICAL);
    sizer->Add(top, 0, wxEXPAND | wxALL, 10);

    auto* filters = new wxBoxSizer(wxHORIZONTAL);
    const auto label = [&](const char* text) {
        filters->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8(text)), 0,
                     wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    };
    m_client = new wxChoice(this, wxID_ANY);
    m_client->Append(kAllClients);
    m_client->SetSelection(0);
    filters->Add(m_client, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_status = new wxChoice(this, wxID_ANY);
    m_status->Append(kAllStatuses);
    for (const std::string& s : assignment_statuses())
        m_status->Append(wxs(s));
    m_status->SetSelection(0);
    filters->Add(m_status, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_shopper = new wxChoice(this, wxID_ANY);
    m_shopper->Append(kAllShoppers);
    m_shopper->SetSelection(0);
    filters->Add(m_shopper, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    label("Window from");
    m_from = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                          wxDP_ALLOWNONE);
    filters->Add(m_from, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    label("to");
    m_to = new DateCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition, wxDefaultSize,
                        wxDP_ALLOWNONE);
    filters->Add(m_to, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(filters, 0, wxLEFT | wxRIGHT | wxBOTTOM, 10);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    sizer->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_add = new wxButton(this, wxID_ANY, "Add\u2026");
    m_edit = new wxButton(this, wxID_ANY, "Edit\u2026");
    m_cancel = new wxButton(this, wxID_ANY, "Cancel assignment\u2026");
    m_import = new wxButton(this, wxID_ANY, "Import CSV\u2026");
    m_import->SetToolTip("Columns: client, branch, template, template_version, scenario, "
                         "window_from, window_to, shopper, fee. All or nothing.");
    auto* refresh = new wxButton(this, wxID_ANY, "Refresh");
    for (wxButton* b : {m_add, m_edit, m_cancel, m_import})
        buttons->Add(b, 0, wxRIGHT, 8);
    buttons->AddStretchSpacer();
    buttons->Add(refresh, 0);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 10);
    SetSizer(sizer);

    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        m_client_chosen = true;
        fill_filters();
        reload();
    });
    m_status->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_shopper->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { reload(); });
    m_from->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { reload(); });
    m_to->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { reload(); });
    m_list->Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) {
        if (e.GetColumn() >= 0 && static_cast<std::size_t>(e.GetColumn()) < m_columns.size())
            sort_by(m_columns[static_cast<std::size_t>(e.GetColumn())]);
    });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { edit(); });
    m_list->Bind(wxEVT_LIST_KEY_DOWN, [this](wxListEvent& e) {
        if (e.GetKeyCode() == WXK_DELETE)
            cancel();
        else if (e.GetKeyCode() == WXK_INSERT)
            add();
        else
            e.Skip();
    });
    m_list->Bind(wxEVT_CONTEXT_MENU, [this](wxContextMenuEvent&) { context_menu(); });
    m_add->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { add(); });
    m_edit->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit(); });
    m_cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { cancel(); });
    m_import->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { import_csv(); });
    refresh->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reload(); });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { fit_columns(m_list, column_of(AssignmentColumn::Scenario)); });
    });
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown() && m_dirty)
            CallAfter([this] {
                if (m_dirty)
                    reload();
            });
        e.Skip();
    });
    set_store(nullptr, true, true);
}

int AssignmentsPage::column_of(AssignmentColumn column) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i] == column)
            return static_cast<int>(i);
    return -1;
}

void AssignmentsPage::set_store(storage::Store* store, bool show_fees, bool may_edit) {
    m_store = store;
    m_show_fees = show_fees;
    m_may_edit = may_edit;
    m_rows.clear();
    m_columns.clear();
    m_list->DeleteAllItems();
    m_list->DeleteAllColumns();
    for (int c = 0; c < kAssignmentColumns; ++c) {
        const auto column = static_cast<AssignmentColumn>(c);
        if (column == AssignmentColumn::Fee && !show_fees)
            continue; // an account that may not read fees sees no fee column
        m_columns.push_back(column);
        m_list->AppendColumn(wxs(assignment_column_title(column)), column == AssignmentColumn::Fee
                                                                       ? wxLIST_FORMAT_RIGHT
                                                                       : wxLIST_FORMAT_LEFT);
    }
    for (wxButton* b : {m_add, m_import})
        b->Show(may_edit);
    m_edit->Show(may_edit);
    m_cancel->Show(may_edit);
    fill_filters();
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
    Layout();
}

void AssignmentsPage::set_client(const std::string& client) {
    m_dashboard_client = client;
    if (m_client_chosen)
        return; // the person picked a client here
    if (m_client->FindString(wxs(client)) != wxNOT_FOUND)
        m_client->SetStringSelection(wxs(client));
    fill_filters();
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void AssignmentsPage::fill_filters() {
    const wxString client = m_client->GetStringSelection();
    const wxString shopper = m_shopper->GetStringSelection();
    m_client->Clear();
    m_client->Append(kAllClients);
    m_shopper->Clear();
    m_shopper->Append(kAllShoppers);
    if (m_store) {
        try {
            std::set<std::string> shoppers;
            for (const storage::OrgEntity& c :
                 m_store->org_list(storage::OrgKind::Client, std::nullopt, false, false)) {
                m_client->Append(wxs(c.name));
                if (client == kAllClients || client.empty() || wxs(c.name) == client)
                    for (const storage::OrgEntity& s :
                         m_store->org_list(storage::OrgKind::Shopper, c.id, false, false))
                        shoppers.insert(s.code);
            }
            for (const std::string& s : shoppers)
                m_shopper->Append(wxs(s));
        } catch (const std::exception&) {
            // the list says why when it reads
        }
    }
    if (!m_client->SetStringSelection(client))
        m_client->SetSelection(0);
    if (!m_client_chosen && !m_dashboard_client.empty())
        m_client->SetStringSelection(wxs(m_dashboard_client));
    if (!m_shopper->SetStringSelection(shopper))
        m_shopper->SetSelection(0);
}

storage::AssignmentFilter AssignmentsPage::filter() const {
    storage::AssignmentFilter f;
    if (m_client->GetSelection() > 0)
        f.client = u8(m_client->GetStringSelection());
    if (m_status->GetSelection() > 0)
        f.status = u8(m_status->GetStringSelection());
    if (m_shopper->GetSelection() > 0)
        f.shopper = u8(m_shopper->GetStringSelection());
    f.from = day_text(m_from->day());
    f.to = day_text(m_to->day());
    return f;
}

void AssignmentsPage::reload() {
    m_dirty = false;
    const AssignmentRow* sel = selected();
    const std::string keep = sel ? sel->assignment.uuid : std::string();
    m_rows.clear();
    wxString problem;
    if (m_store) {
        try {
            m_rows = assignment_rows(*m_store, filter());
            sort_assignment_rows(m_rows, m_sort, m_ascending);
        } catch (const std::exception&) {
            problem = "Could not read the assignments: " + wxs(describe(std::current_exception()));
        }
    }
    fill();
    if (!problem.empty())
        m_count->SetLabel(problem);
    if (!keep.empty())
        select(keep);
    update_buttons();
}

void AssignmentsPage::data_changed() {
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void AssignmentsPage::sort_by(AssignmentColumn column) {
    m_ascending = column == m_sort ? !m_ascending : true;
    m_sort = column;
    const AssignmentRow* sel = selected();
    const std::string keep = sel ? sel->assignment.uuid : std::string();
    sort_assignment_rows(m_rows, m_sort, m_ascending);
    fill();
    if (!keep.empty())
        select(keep);
}

void AssignmentsPage::fill() {
    m_list->Freeze();
    m_list->DeleteAllItems();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const AssignmentRow& r = m_rows[i];
        const long at =
            m_list->InsertItem(static_cast<long>(i), wxs(assignment_cell(r, m_columns[0])));
        for (std::size_t c = 1; c < m_columns.size(); ++c)
            m_list->SetItem(at, static_cast<int>(c), wxs(assignment_cell(r, m_columns[c])));
        // Red, not bold: the columns are fitted to the list's own font, so a bold row would be
        // cut.
        if (r.overdue)
            m_list->SetItemTextColour(at, colour_below());
        else if (r.assignment.status == "declined" || r.assignment.status == "cancelled")
            m_list->SetItemTextColour(at, wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    }
    const int sorted = column_of(m_sort);
    if (sorted >= 0)
        m_list->ShowSortIndicator(sorted, m_ascending);
    m_list->Thaw();
    m_count->SetLabel(m_store ? wxs(status_counts_text(m_rows)) : wxString());
    fit_columns(m_list, column_of(AssignmentColumn::Scenario));
}

bool AssignmentsPage::select(const std::string& uuid) {
    if (!select_row(m_list, m_rows,
                    [&](const AssignmentRow& r) { return r.assignment.uuid == uuid; }))
        return false;
    update_buttons();
    return true;
}

const AssignmentRow* AssignmentsPage::selected() const {
    return selected_row(m_list, m_rows);
}

void AssignmentsPage::update_buttons() {
    const AssignmentRow* r = selected();
    const std::string status = r ? r->assignment.status : std::string();
    m_add->Enable(m_store != nullptr);
    m_import->Enable(m_store != nullptr);
    m_edit->Enable(r && status != "visited" && status != "cancelled");
    m_cancel->Enable(r && status != "visited" && status != "cancelled");
}

void AssignmentsPage::context_menu() {
    if (!m_may_edit || !m_store)
        return;
    const AssignmentRow* r = selected();
    wxMenu menu;
    menu.Append(ID_Edit, "&Edit\u2026\tEnter")->Enable(r != nullptr);
    menu.Append(ID_Cancel, "&Cancel assignment\u2026\tDelete")->Enable(r != nullptr);
    menu.AppendSeparator();
    menu.Append(ID_Add, "&Add\u2026\tInsert");
    const int chosen = GetPopupMenuSelectionFromUser(menu);
    if (chosen == ID_Edit)
        edit();
    else if (chosen == ID_Cancel)
        cancel();
    else if (chosen == ID_Add)
        add();
}

void AssignmentsPage::changed() {
    if (on_changed)
        on_changed();
}

bool AssignmentsPage::add() {
    if (!m_store || !m_may_edit)
        return false;
    std::string client =
        m_client->GetSelection() > 0 ? u8(m_client->GetStringSelection()) : m_dashboard_client;
    AssignmentDialog d(this, *m_store, std::nullopt, client, m_show_fees, m_who);
    if (run_dialog(d) != wxID_OK)
        return false;
    reload();
    select(d.saved().uuid);
    if (on_status)
        on_status(wxs("Assignment added at " + d.saved().branch));
    changed();
    return true;
}

bool AssignmentsPage::edit() {
    const AssignmentRow* r = selected();
    if (!m_store || !m_may_edit || !r)
        return false;
    const storage::Assignment a = r->assignment;
    if (a.status == "visited" || a.status == "cancelled") {
        tell(wxs("This assignment is " + a.status + ": it cannot be changed any more."));
        return false;
    }
    AssignmentDialog d(this, *m_store, a, a.client, m_show_fees, m_who);
    const int answer = run_dialog(d);
    if (answer == wxID_ABORT && !d.conflict().empty()) {
        reload();
        select(a.uuid);
        tell(wxs(d.conflict()));
        return false;
    }
    if (answer != wxID_OK)
        return false;
    reload();
    select(a.uuid);
    if (on_status)
        on_status(wxs("Assignment at " + d.saved().branch + " saved"));
    changed();
    return true;
}

bool AssignmentsPage::cancel() {
    const AssignmentRow* r = selected();
    if (!m_store || !m_may_edit || !r)
        return false;
    const storage::Assignment a = r->assignment;
    const std::string what = a.branch + " (" + a.window_from + " \u2013 " + a.window_to + ")";
    if (a.status == "visited") {
        tell(wxs("The assignment at " + what +
                 " was visited: it cannot be cancelled. Its visit is reviewed on the Visits "
                 "page."));
        return false;
    }
    if (a.status == "cancelled") {
        tell(wxs("The assignment at " + what + " is cancelled already."));
        return false;
    }
    if (!confirm(wxs("Cancel the assignment at " + what +
                     (a.shopper.empty() ? "" : " given to " + a.shopper) +
                     "? The shopper sees it cancelled.")))
        return false;
    try {
        services::cancel_assignment(*m_store, a.uuid, a.updated_at, m_who);
    } catch (const storage::ConflictError&) {
        std::optional<storage::Assignment> now;
        std::string by; // the author of its last audit entry
        try {
            now = m_store->assignment(a.uuid);
            by = m_store->assignment_changed_by(a.uuid);
        } catch (const std::exception&) {
        }
        reload();
        select(a.uuid);
        tell(wxs(conflict_text(a, now, by)));
        return false;
    } catch (const std::exception&) {
        tell(wxs("Could not cancel the assignment at " + what + ":\n" +
                 describe(std::current_exception())));
        reload();
        return false;
    }
    reload();
    select(a.uuid);
    if (on_status)
        on_status(wxs("Assignment at " + what + " cancelled"));
    changed();
    return true;
}

bool AssignmentsPage::import_csv() {
    if (!m_store || !m_may_edit)
        return false;
    const std::string path = choose_file();
    return !path.empty() && import_file(path);
}

bool AssignmentsPage::import_file(const std::string& path) {
    if (!m_store || !m_may_edit)
        return false;
    std::size_t n = 0;
    try {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw vs::InputError(path, "", "cannot read the file");
        std::ostringstream text;
        text << in.rdbuf();
        // A bad file is refused before the database is touched; the import itself checks the
        // rules and stores all or nothing.
        services::parse_assignment_csv(text.str(), path);
        WxProgress progress(this, "Importing assignments");
        n = services::import_assignments_csv(*m_store, text.str(), path, m_who, &progress);
    } catch (const std::exception&) {
        tell(wxs("Nothing was imported.\n\n" + describe(std::current_exception())));
        return false;
    }
    fill_filters();
    reload();
    if (on_status)
        on_status(
            wxString::Format("%s: %zu assignment%s imported", wxs(path), n, n == 1 ? "" : "s"));
    changed();
    return true;
}

} // namespace vs::app
