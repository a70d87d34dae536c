#include "app/field/todo_page.h"

#include "app/shell/list_columns.h"
#include "app/shell/list_rows.h"
#include "app/shell/ui_util.h"
#include "forms/describe.h"

#include <optional>
#include <string>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/log.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace vs::app {
namespace {

enum Column { Due, Branch, Scorecard, Scenario, Window, StatusCol };

wxFont bold(wxFont f) {
    f.SetWeight(wxFONTWEIGHT_BOLD);
    return f;
}

/// What the page says under its title of where the review states come from.
wxString note_text(TodoShow show, bool on_server) {
    if (show == TodoShow::Todo)
        return "Your assignments still to do, the earliest due first. Select one to accept or "
               "decline it, or start its visit: its branch, scorecard and shopper come from the "
               "assignment.";
    if (on_server)
        return "The visits you made from assignments. They are on the server as soon as you "
               "submit them; their review state is the server's, as it is now.";
    return "The visits you made from assignments. \"Sent\" means written into a return bundle "
           "(File \u25B8 Send visits\u2026). This computer does not hear back from the "
           "consultancy: a review state shown here is only what this database knows.";
}

} // namespace

TodoPage::TodoPage(wxWindow* parent) : wxPanel(parent) {
    tell = [](const wxString& text) { wxLogWarning("%s", text); };
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    auto* title = new wxStaticText(this, wxID_ANY, "To do");
    title->SetFont(bold(title->GetFont().Scaled(1.3f)));
    top->Add(title, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    top->Add(new wxStaticText(this, wxID_ANY, "Show"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    m_choice = new wxChoice(this, wxID_ANY);
    m_choice->Append("To do");
    m_choice->Append("Sent");
    m_choice->Append("All assignments");
    m_choice->SetSelection(0);
    top->Add(m_choice, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    m_count = new wxStaticText(this, wxID_ANY, "");
    top->Add(m_count, 1, wxALIGN_CENTER_VERTICAL);
    sizer->Add(top, 0, wxEXPAND | wxALL, 10);
    m_note = new wxStaticText(this, wxID_ANY, "");
    m_note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    sizer->Add(m_note, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 10);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->AppendColumn("Due");
    m_list->AppendColumn("Branch");
    m_list->AppendColumn("Scorecard");
    m_list->AppendColumn("Scenario");
    m_list->AppendColumn("Window");
    m_list->AppendColumn("Status");
    sizer->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_start = new wxButton(this, wxID_ANY, "Start visit");
    m_start->SetToolTip("Start the visit of this assignment (or open the one started)");
    m_accept = new wxButton(this, wxID_ANY, "Accept");
    m_accept->SetToolTip("Tell the consultancy you will make this visit");
    m_decline = new wxButton(this, wxID_ANY, "Decline");
    m_decline->SetToolTip("Tell the consultancy you will not make this visit");
    auto* refresh = new wxButton(this, wxID_ANY, "Refresh");
    buttons->Add(m_start, 0, wxRIGHT, 8);
    buttons->Add(m_accept, 0, wxRIGHT, 8);
    buttons->Add(m_decline, 0, wxRIGHT, 8);
    buttons->AddStretchSpacer();
    buttons->Add(refresh, 0);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 10);
    SetSizer(sizer);

    m_note->SetLabel(note_text(m_show, m_on_server));
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] {
            m_note->SetLabel(note_text(m_show, m_on_server));
            m_note->Wrap(std::max(200, GetClientSize().x - 24));
            Layout();
            fit_columns(m_list, Scenario);
        });
    });
    m_choice->Bind(wxEVT_CHOICE, [this](wxCommandEvent& e) {
        set_show(e.GetSelection() == 1   ? TodoShow::Sent
                 : e.GetSelection() == 2 ? TodoShow::All
                                         : TodoShow::Todo);
    });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { start(); });
    m_start->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { start(); });
    m_accept->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { accept(); });
    m_decline->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { decline(); });
    refresh->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reload(); });
    update_buttons();
}

void TodoPage::set_store(storage::Store* store, bool on_server, bool may_act) {
    m_store = store;
    m_on_server = on_server;
    m_may_act = may_act;
    m_rows.clear();
    m_note->SetLabel(note_text(m_show, m_on_server));
    m_note->Wrap(std::max(200, GetClientSize().x - 24));
    reload();
}

void TodoPage::set_show(TodoShow show) {
    m_show = show;
    m_choice->SetSelection(show == TodoShow::Sent ? 1 : show == TodoShow::All ? 2 : 0);
    m_note->SetLabel(note_text(m_show, m_on_server));
    m_note->Wrap(std::max(200, GetClientSize().x - 24));
    reload();
    Layout();
}

void TodoPage::reload() {
    const TodoRow* sel = selected();
    const std::string keep = sel ? sel->assignment.uuid : std::string();
    m_rows.clear();
    if (m_store) {
        try {
            m_rows = todo_rows(*m_store, m_show, m_on_server);
        } catch (const std::exception&) {
            m_count->SetLabel("Could not read the assignments: " +
                              wxs(describe(std::current_exception())));
        }
    }
    fill();
    if (!keep.empty())
        select(keep);
    update_buttons();
}

void TodoPage::fill() {
    m_list->Freeze();
    m_list->DeleteAllItems();
    std::size_t overdue = 0;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const TodoRow& r = m_rows[i];
        const auto& a = r.assignment;
        const long at = m_list->InsertItem(static_cast<long>(i), wxs(a.window_to));
        m_list->SetItem(at, Branch, wxs(r.branch_label));
        m_list->SetItem(at, Scorecard, wxs(r.scorecard));
        m_list->SetItem(at, Scenario, wxs(a.scenario.empty() ? "—" : a.scenario));
        m_list->SetItem(at, Window, wxs(a.window_from + " – " + a.window_to));
        m_list->SetItem(at, StatusCol, wxs(todo_status_text(r, m_on_server)));
        if (r.overdue) {
            ++overdue;
            // Red, not bold: the columns are fitted to the list's own font, so a bold row
            // would be cut.
            m_list->SetItemTextColour(at, colour_below());
        } else if (a.status == "declined" || a.status == "cancelled") {
            m_list->SetItemTextColour(at, wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        }
    }
    m_list->Thaw();
    wxString count =
        wxString::Format(m_rows.size() == 1 ? "%zu assignment" : "%zu assignments", m_rows.size());
    if (overdue)
        count += wxString::Format(", %zu overdue", overdue);
    if (m_store)
        m_count->SetLabel(count);
    fit_columns(m_list, Scenario);
}

bool TodoPage::select(const std::string& uuid) {
    if (!select_row(m_list, m_rows, [&](const TodoRow& r) { return r.assignment.uuid == uuid; }))
        return false;
    update_buttons();
    return true;
}

const TodoRow* TodoPage::selected() const {
    return selected_row(m_list, m_rows);
}

void TodoPage::update_buttons() {
    const TodoRow* r = selected();
    // What may be done follows the stored status: "overdue" is shown for an offered or an
    // accepted assignment alike.
    const std::string status = !r                                    ? std::string()
                               : r->assignment.stored_status.empty() ? r->assignment.status
                                                                     : r->assignment.stored_status;
    m_accept->Enable(m_may_act && r && status == "offered");
    m_decline->Enable(m_may_act && r && (status == "offered" || status == "accepted"));
    const bool has_visit = r && r->visit_id != 0;
    m_start->SetLabel(has_visit ? "Open visit" : "Start visit");
    m_start->Enable(r && (has_visit || (m_may_act && is_open_assignment(r->assignment))));
    Layout();
}

bool TodoPage::accept() {
    return set_status("accepted");
}
bool TodoPage::decline() {
    return set_status("declined");
}

bool TodoPage::set_status(const std::string& status) {
    const TodoRow* r = selected();
    if (!m_store || !r || !m_may_act)
        return false;
    const storage::Assignment a = r->assignment;
    try {
        m_store->set_assignment_status(a.uuid, status, a.updated_at, m_who);
    } catch (const storage::ConflictError&) {
        std::optional<storage::Assignment> now;
        std::string by; // the author of its last audit entry, as the Assignments page says
        try {
            now = m_store->assignment(a.uuid);
            by = m_store->assignment_changed_by(a.uuid);
        } catch (const std::exception&) {
        }
        const std::string label = r->branch_label;
        reload();
        select(a.uuid);
        if (on_status)
            on_status(wxs("Not saved: the assignment at " + a.branch + " was changed by " +
                          (by.empty() ? std::string("someone else") : by)));
        tell(wxs(todo_conflict_text(label, now, by)));
        return false;
    } catch (const std::exception&) {
        wxLogError("Could not mark the assignment %s:\n%s", wxs(status),
                   wxs(describe(std::current_exception())));
        return false;
    }
    if (on_status)
        on_status(wxs("Assignment at " + r->branch_label + " " + status));
    reload();
    select(a.uuid);
    return true;
}

void TodoPage::start() {
    const TodoRow* r = selected();
    if (!r)
        return;
    if (r->visit_id != 0) {
        if (on_open_visit)
            on_open_visit(r->visit_id);
        return;
    }
    if (!m_may_act || !is_open_assignment(r->assignment))
        return;
    if (on_start)
        on_start(r->assignment);
}

} // namespace vs::app
