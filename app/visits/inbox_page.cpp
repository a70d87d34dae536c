#include "app/visits/inbox_page.h"

#include "app/shell/ui_util.h"
#include "services/alerts.h"
#include "storage/assignment_checks.h"
#include "storage/store.h"

#include <algorithm>
#include <optional>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/listctrl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {
namespace {

enum Column { Date, Rule, Client, Branch, Subject, Columns };
const char* const kTitles[] = {"Raised (UTC)", "Alert", "Client", "Branch", "Subject"};
constexpr int kDeliverEveryMs = 60'000;
/// While more e-mail is due, the next message goes after this: one message per tick, so that the
/// window never waits for more than one send (at most kSendTimeoutSeconds).
constexpr int kNextMessageMs = 2'000;
constexpr long kSendTimeoutSeconds = 10;
/// How often the timer raises what the alert rules missed: it reads the recent disputes, the
/// approvals of 14 days and the alerts' event keys, too much for every tick.
constexpr std::chrono::minutes kMissingEvery{10};

/// Every column but the subject as wide as its widest cell in bold (unread rows are) or its
/// title; the subject takes the room left.
void fit_inbox_columns(wxListCtrl* list) {
    const int width = list->GetClientSize().x;
    if (width <= 0)
        return;
    const wxFont bold = list->GetFont().Bold();
    int used = 0;
    for (int c = 0; c < Subject; ++c) {
        int w = 0, h = 0;
        list->GetTextExtent(kTitles[c], &w, &h, nullptr, nullptr, &bold);
        int widest = w + 24;
        for (long r = 0; r < std::min(list->GetItemCount(), 200); ++r) {
            list->GetTextExtent(list->GetItemText(r, c), &w, &h, nullptr, nullptr, &bold);
            widest = std::max(widest, w + 16);
        }
        if (list->GetColumnWidth(c) != widest)
            list->SetColumnWidth(c, widest);
        used += widest;
    }
    const int rest = std::max(120, width - used - 2);
    if (list->GetColumnWidth(Subject) != rest)
        list->SetColumnWidth(Subject, rest);
}

} // namespace

InboxPage::InboxPage(wxWindow* parent) : wxPanel(parent), m_timer(this) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    auto* title = new wxStaticText(this, wxID_ANY, "Inbox");
    title->SetFont(title->GetFont().Scaled(1.3f).Bold());
    top->Add(title, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 16);
    m_count =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    top->Add(m_count, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_unread = new wxCheckBox(this, wxID_ANY, "Unread only");
    top->Add(m_unread, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(top, 0, wxEXPAND | wxALL, 10);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    for (const char* t : kTitles)
        m_list->AppendColumn(t);
    sizer->Add(m_list, 3, wxEXPAND | wxLEFT | wxRIGHT, 10);

    m_text = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                            wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP);
    sizer->Add(m_text, 2, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_open = new wxButton(this, wxID_ANY, "&Open visit");
    m_open->SetToolTip("Show the visit of the selected notification and mark it read (Enter)");
    m_mark = new wxButton(this, wxID_ANY, "Mark &unread");
    auto* refresh = new wxButton(this, wxID_ANY, "Refresh");
    buttons->Add(m_open, 0, wxRIGHT, 8);
    buttons->Add(m_mark, 0, wxRIGHT, 8);
    m_outbox =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    m_outbox->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    buttons->Add(m_outbox, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    buttons->Add(refresh, 0);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, 10);
    SetSizer(sizer);

    m_unread->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { reload(); });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { show_selected(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { show_selected(); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { open_visit(); });
    m_open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_visit(); });
    m_mark->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const long row = selected_row();
        if (row >= 0)
            mark_read(!m_model.rows()[static_cast<std::size_t>(row)].read);
    });
    refresh->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reload(); });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { deliver_now(); });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { fit_inbox_columns(m_list); });
    });
    // Shown: read again (a few rows; the person may have approved a visit since).
    Bind(wxEVT_SHOW, [this](wxShowEvent& e) {
        if (e.IsShown())
            CallAfter([this] { reload(); });
        e.Skip();
    });
    set_store(nullptr, false);
}

void InboxPage::set_store(storage::Store* store, bool deliver) {
    m_store = store;
    m_deliver = deliver && store && !store->read_only();
    m_missing_due = {};
    m_timer.Stop();
    if (m_deliver)
        m_timer.Start(kDeliverEveryMs);
    m_dirty = true;
    if (IsShownOnScreen() || !store)
        reload();
}

void InboxPage::reload() {
    const long row = selected_row();
    const std::int64_t id = row >= 0 ? m_model.rows()[static_cast<std::size_t>(row)].id : 0;
    m_dirty = false;
    m_model = InboxModel();
    if (m_store) {
        try {
            m_model.load(*m_store, "", m_unread->GetValue());
        } catch (const std::exception& e) {
            if (on_status)
                on_status(wxs(std::string("Inbox: ") + e.what()));
        }
    }
    fill();
    if (id)
        select(id);
    show_selected();
    fill_outbox_state();
}

void InboxPage::data_changed() {
    m_dirty = true;
    if (IsShownOnScreen())
        reload();
}

void InboxPage::fill() {
    m_list->Freeze();
    m_list->DeleteAllItems();
    const wxFont normal = m_list->GetFont();
    const wxFont bold = normal.Bold();
    for (std::size_t i = 0; i < m_model.rows().size(); ++i) {
        const InboxRow& r = m_model.rows()[i];
        const long at = m_list->InsertItem(static_cast<long>(i), wxs(r.date));
        m_list->SetItem(at, Rule, wxs(r.rule));
        m_list->SetItem(at, Client, wxs(r.client));
        m_list->SetItem(at, Branch, wxs(r.branch));
        m_list->SetItem(at, Subject, wxs(r.subject));
        m_list->SetItemFont(at, r.read ? normal : bold);
    }
    m_list->Thaw();
    fit_inbox_columns(m_list);
    const std::size_t unread = m_model.unread();
    m_count->SetLabel(wxString::Format("%zu notification%s, %zu unread", m_model.rows().size(),
                                       m_model.rows().size() == 1 ? "" : "s", unread));
}

long InboxPage::selected_row() const {
    return m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
}

bool InboxPage::select(std::int64_t id) {
    const long row = m_model.index_of(id);
    if (row < 0)
        return false;
    m_list->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                         wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    m_list->EnsureVisible(row);
    show_selected();
    return true;
}

void InboxPage::show_selected() {
    const long row = selected_row();
    if (row < 0) {
        m_text->ChangeValue("");
        m_open->Enable(false);
        m_mark->Enable(false);
        return;
    }
    const InboxRow& r = m_model.rows()[static_cast<std::size_t>(row)];
    m_text->ChangeValue(wxs(r.subject + "\n\n" + r.body));
    m_open->Enable(!r.visit_uuid.empty());
    m_mark->Enable(m_store && !m_store->read_only());
    m_mark->SetLabel(r.read ? "Mark &unread" : "Mark &read");
    Layout();
}

void InboxPage::mark_read(bool read) {
    const long row = selected_row();
    if (row < 0 || !m_store)
        return;
    try {
        m_store->set_notification_read(m_model.rows()[static_cast<std::size_t>(row)].id, read);
    } catch (const std::exception& e) {
        if (on_status)
            on_status(wxs(std::string("Inbox: ") + e.what()));
        return;
    }
    reload();
}

bool InboxPage::open_visit() {
    const long row = selected_row();
    if (row < 0 || !m_store)
        return false;
    const InboxRow r = m_model.rows()[static_cast<std::size_t>(row)];
    if (r.visit_uuid.empty())
        return false;
    std::optional<std::int64_t> id;
    try {
        id = m_store->visit_id_of(r.visit_uuid);
    } catch (const std::exception&) {
    }
    if (!id) {
        if (on_status)
            on_status("The visit of this notification is no longer in the database");
        return false;
    }
    if (!r.read && !m_store->read_only())
        mark_read(true);
    if (on_open_visit)
        on_open_visit(*id);
    return true;
}

std::size_t InboxPage::deliver_now() {
    if (!m_store || !m_deliver)
        return 0;
    std::size_t sent = 0;
    try {
        // Time raises the overdue plans' alerts (once per plan), mail or no mail.
        // Due dates are local dates, as the plans' are.
        if (services::raise_overdue_alerts(*m_store, storage::local_today()) > 0)
            m_dirty = true;
        // What the rules missed (an alert that failed after its action was stored, a client's
        // action on a server), as alerts deliver raises it; a failure says so and the e-mail
        // still goes.
        if (const auto now = std::chrono::steady_clock::now(); now >= m_missing_due) {
            m_missing_due = now + kMissingEvery;
            try {
                if (services::raise_missing_alerts(*m_store, storage::local_today()) > 0)
                    m_dirty = true;
            } catch (const std::exception& e) {
                m_dirty = true;
                if (on_status)
                    on_status(wxs(std::string("Missed alerts not all raised: ") + e.what()));
            }
        }
        services::SmtpSettings smtp = services::smtp_settings(*m_store);
        if (!smtp.url.empty() && !smtp.from.empty()) {
            // One message per call, on the GUI thread: the window waits for one send at most.
            smtp.timeout_seconds = kSendTimeoutSeconds;
            const services::DeliveryReport report = services::deliver_alerts(*m_store, smtp, {}, 1);
            sent = report.sent;
            // More due: the next one soon, not a minute later.
            if (report.sent && !m_store->outbox(services::utc_now()).empty())
                m_timer.StartOnce(kNextMessageMs);
            if (on_status && (report.sent || report.failed))
                on_status(wxString::Format("Alert e-mail: %zu sent, %zu to try again", report.sent,
                                           report.failed));
        }
    } catch (const std::exception& e) {
        if (on_status)
            on_status(wxs(std::string("Alert e-mail not sent: ") + e.what()));
    }
    if (!m_timer.IsRunning())
        m_timer.Start(kDeliverEveryMs); // after a quick tick, or a failure
    if (m_dirty && IsShownOnScreen())
        reload();
    else
        fill_outbox_state();
    return sent;
}

void InboxPage::fill_outbox_state() {
    std::size_t pending = 0, sent = 0;
    std::string error;
    if (m_store && m_deliver) {
        try {
            for (const storage::OutboxMail& m : m_store->outbox("")) {
                if (m.status == "sent") {
                    ++sent;
                } else {
                    ++pending;
                    if (!m.last_error.empty())
                        error = m.last_error;
                }
            }
        } catch (const std::exception&) {
        }
    }
    m_outbox->SetLabel(
        !m_deliver
            ? wxString()
            : wxString::Format("E-mail: %zu sent, %zu waiting%s", sent, pending,
                               error.empty() ? wxString() : " (last error: " + wxs(error) + ")"));
}

} // namespace vs::app
