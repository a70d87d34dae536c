#include "app/visits/visit_page.h"

#include "app/field/todo_model.h"
#include "app/shell/list_columns.h"
#include "app/shell/steady_text_ctrl.h"
#include "app/visits/new_visit_dialog.h"
#include "forms/answer.h"
#include "forms/describe.h"
#include "forms/survey.h"
#include "services/integrity.h"
#include "services/photo_evidence.h"
#include "services/review.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <wx/app.h>
#include <wx/arrstr.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/dcmemory.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/image.h>
#include <wx/listbox.h>
#include <wx/listctrl.h>
#include <wx/log.h>
#include <wx/msgdlg.h>
#include <wx/mstream.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statbmp.h>
#include <wx/statline.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>
#include <wx/tglbtn.h>
#include <wx/utils.h>
#include <wx/wfstream.h>
#include <wx/wrapsizer.h>

namespace vs::app {

using forms::Answer;
using forms::Status;

namespace {

constexpr int kTitleWrap = 470;
/// The narrowest a question's title and answers get beside the guidance (else it goes under).
constexpr int kNarrowestQuestion = 260;

/// A panel that Tab passes by (headings, thumbnail strips): without it a panel whose children
/// take no focus takes the focus itself.
class PassivePanel : public wxPanel {
  public:
    using wxPanel::wxPanel;
    bool AcceptsFocus() const override { return false; }
    bool AcceptsFocusFromKeyboard() const override { return false; }
};
constexpr int kGuidanceWidth = 250;

wxFont bold(wxFont f) {
    f.SetWeight(wxFONTWEIGHT_BOLD);
    return f;
}

wxString now_hms() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

/// A PNG thumbnail of an image, at most 96 px high; empty when the data is not an image.
std::vector<unsigned char> make_thumbnail(const std::vector<unsigned char>& data) {
    wxLogNull quiet;
    wxMemoryInputStream in(data.data(), data.size());
    wxImage img;
    if (!img.LoadFile(in))
        return {};
    const int h = 96;
    const int w = std::max(1, img.GetWidth() * h / std::max(1, img.GetHeight()));
    img.Rescale(std::min(w, 160), h, wxIMAGE_QUALITY_HIGH);
    wxMemoryOutputStream out;
    img.SaveFile(out, wxBITMAP_TYPE_PNG);
    std::vector<unsigned char> png(out.GetSize());
    out.CopyTo(png.data(), png.size());
    return png;
}

} // namespace

std::optional<std::string> dialog_prompt(const wxString& title, const wxString& message) {
    wxTextEntryDialog dlg(wxTheApp ? wxTheApp->GetTopWindow() : nullptr, message, title, "",
                          wxOK | wxCANCEL | wxTE_MULTILINE);
    dlg.SetSize(wxSize(520, 260));
    while (dlg.ShowModal() == wxID_OK) {
        wxString text = dlg.GetValue().Trim().Trim(false);
        if (!text.empty())
            return u8(text);
        wxMessageBox("Please write a few words: the audit log keeps them with the change.", title,
                     wxOK | wxICON_INFORMATION);
    }
    return std::nullopt;
}

bool yes_no_prompt(const wxString& title, const wxString& message) {
    return wxMessageBox(message, title, wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION,
                        wxTheApp ? wxTheApp->GetTopWindow() : nullptr) == wxYES;
}

namespace {

/// Why `who` may not approve the visit (separation of duties, by the review rules of
/// services/review_rules.h), or "" when they may.
wxString approval_refusal(storage::Store& store, std::int64_t id, Status status,
                          const std::string& who) {
    if (const auto d = services::approval_decision(store, id, status, who);
        !d.allowed && d.field == "who")
        return "You (" + wxs(who) +
               ") submitted this visit, so another reviewer approves it. In "
               "a one-person office, allow self-approval in Tools \u25B8 Settings; the audit log "
               "then marks such approvals.";
    return "";
}

/// Whether the review rules (services/review_rules.h) allow a visit of status `from` to be
/// made `to` at all, whoever asks and with a reason given: what the review bar offers.
bool status_allows(Status from, Status to) {
    return services::status_allows(from, to);
}

} // namespace

VisitPage::VisitPage(wxWindow* parent) : wxPanel(parent), m_save_timer(this) {
    Bind(
        wxEVT_TIMER, [this](wxTimerEvent&) { save_now(); }, m_save_timer.GetId());
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        // The key belongs to the window it was sent to (the focused one for real keys).
        wxWindow* focus = dynamic_cast<wxWindow*>(e.GetEventObject());
        if (row_of(focus) < 0)
            focus = wxWindow::FindFocus();
        if (e.GetModifiers() == wxMOD_CONTROL && e.GetKeyCode() == WXK_RETURN) {
            submit();
            return;
        }
        if (e.GetModifiers() == wxMOD_CONTROL && (e.GetKeyCode() == 'D' || e.GetKeyCode() == 'd') &&
            dispute())
            return;
        if (e.HasAnyModifiers() || !handle_key(e.GetKeyCode(), focus))
            e.Skip();
    });
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    build_header(sizer);

    m_index_split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                         wxSP_LIVE_UPDATE | wxSP_3DSASH);
    m_index_split->SetMinimumPaneSize(140);
    m_index = new wxListBox(m_index_split, wxID_ANY);
    m_index->SetToolTip("Sections: ✓ complete, ○ questions left, – not applicable");
    m_score_split = new wxSplitterWindow(m_index_split, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                         wxSP_LIVE_UPDATE | wxSP_3DSASH);
    m_score_split->SetMinimumPaneSize(200);
    m_score_split->SetSashGravity(1.0);
    // The middle: the form, and under it the audit log of a visit that has one.
    auto* center = new wxPanel(m_score_split);
    auto* cs = new wxBoxSizer(wxVERTICAL);
    m_form = new wxScrolledWindow(center, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                  wxVSCROLL | wxTAB_TRAVERSAL);
    cs->Add(m_form, 1, wxEXPAND);
    build_audit_panel(center);
    cs->Add(m_audit_panel, 0, wxEXPAND);
    center->SetSizer(cs);
    m_form->SetScrollRate(0, 20);
    m_form->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW));
    m_form->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        if (std::abs(m_form->GetClientSize().x - m_wrap_width) > 8)
            CallAfter([this] { rewrap(); });
    });
    build_score_panel();
    m_score_split->SplitVertically(center, m_score_panel, -300);
    m_index_split->SplitVertically(m_index, m_score_split, 250);
    sizer->Add(m_index_split, 1, wxEXPAND);
    SetSizer(sizer);

    m_index->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] {
            if (m_model)
                refresh_index(); // titles shortened to the new width
        });
    });
    m_index->Bind(wxEVT_LISTBOX, [this](wxCommandEvent& e) {
        // Not while the page is rebuilt (frozen): build() moves the focus to the index, which
        // selects a row there, and scrolling the form then, with rows hidden by show-if rules in
        // it, makes wxGTK set the allocation of hidden widgets (a Gtk-CRITICAL each).
        int si = e.GetSelection();
        if (!IsFrozen() && si >= 0 && si < static_cast<int>(m_section_headers.size()) &&
            m_section_headers[si]->IsShown())
            scroll_to(m_section_headers[si]);
    });
}

VisitPage::~VisitPage() {
    m_save_timer.Stop();
    if (m_model && m_schedule.pending() && m_store) {
        try {
            m_store->save_draft(m_visit_id, m_model->to_visit());
        } catch (...) {
        }
    }
}

void VisitPage::build_header(wxBoxSizer* sizer) {
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    auto* back = m_back = new wxButton(this, wxID_ANY, "← Visits");
    back->SetToolTip("Back to the visit list (the draft is saved)");
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        flush();
        if (on_back)
            on_back();
    });
    bar->Add(back, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    // Which visit is open, on two lines: the branch, then the date and time and the scorecard
    // with the staff member. Only the scorecard line gives way ("…") in a narrow window: the
    // branch gets its full width first, the date is never cut.
    auto* heading = new wxBoxSizer(wxVERTICAL);
    m_title =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    m_title->SetFont(bold(m_title->GetFont().Scaled(1.15f)));
    heading->Add(m_title, 0, wxEXPAND);
    auto* subline = new wxBoxSizer(wxHORIZONTAL);
    m_when = new wxStaticText(this, wxID_ANY, "");
    m_when->SetFont(bold(m_when->GetFont()));
    subline->Add(m_when, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    m_subtitle =
        new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
    m_subtitle->SetMinSize(wxSize(m_subtitle->GetTextExtent("Scorecard…").x, -1));
    subline->Add(m_subtitle, 1, wxALIGN_CENTER_VERTICAL);
    heading->Add(subline, 0, wxEXPAND);
    bar->Add(heading, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    m_details = new wxButton(this, wxID_ANY, "Details…");
    m_details->SetToolTip("Change the branch, the staff member, the shopper, the date or the time");
    m_details->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit_header(); });
    bar->Add(m_details, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    m_status = new wxStaticText(this, wxID_ANY, "");
    m_status->SetFont(bold(m_status->GetFont()));
    bar->Add(m_status, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    // As wide as its longest text, so that the bar does not move while it changes.
    m_saved = new wxStaticText(this, wxID_ANY, "");
    m_saved->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    int saved_width = 0;
    for (const char* text : {"All changes saved", "Unsaved changes", "Saving…", "Not saved!",
                             "Saved 00:00:00", "Nothing is saved"})
        saved_width = std::max(saved_width, m_saved->GetTextExtent(wxString::FromUTF8(text)).x);
    m_saved->SetMinSize(wxSize(saved_width + 2, -1));
    bar->Add(m_saved, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    m_attach = new wxButton(this, wxID_ANY, "Attach photo…");
    m_attach->SetToolTip("Attach a photo or receipt to the visit");
    m_attach->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { attach(""); });
    bar->Add(m_attach, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    m_submit = new wxButton(this, wxID_ANY, "Submit visit");
    m_submit->SetToolTip("Check the answers and send the visit for review (Ctrl+Enter)");
    m_submit->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { submit(); });
    bar->Add(m_submit, 0, wxALIGN_CENTER_VERTICAL);
    m_change = new wxButton(this, wxID_ANY, "Change…");
    m_change->SetToolTip("Correct this visit; every change is recorded in the audit log");
    m_change->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { begin_change(); });
    bar->Add(m_change, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 6);
    m_reopen = new wxButton(this, wxID_ANY, "Reopen…");
    m_reopen->SetToolTip("Put this visit back in review, with a reason (kept in the audit log)");
    m_reopen->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { reopen(); });
    bar->Add(m_reopen, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 6);
    m_dispute = new wxButton(this, wxID_ANY, "Dispute\u2026");
    m_dispute->SetToolTip("Dispute an answer of this released visit (Ctrl+D)");
    m_dispute->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { dispute(); });
    bar->Add(m_dispute, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 6);
    m_save_change = new wxButton(this, wxID_ANY, "Save changes…");
    m_save_change->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { save_change(); });
    bar->Add(m_save_change, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 6);
    m_cancel_change = new wxButton(this, wxID_ANY, "Discard changes");
    m_cancel_change->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open(m_visit_id); });
    bar->Add(m_cancel_change, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 6);
    sizer->Add(bar, 0, wxEXPAND | wxALL, 8);
    build_assignment_bar(sizer); // a visit made for an assignment: its scenario

    // Review bar: submitted visits.
    m_review_bar = new wxPanel(this);
    m_review_bar->SetBackgroundColour(wxColour(0xE8, 0xF0, 0xFB));
    auto* rb = new wxBoxSizer(wxHORIZONTAL);
    auto* rl = new wxStaticText(m_review_bar, wxID_ANY, "Review:");
    rl->SetFont(bold(rl->GetFont()));
    rb->Add(rl, 0, wxALIGN_CENTER_VERTICAL | wxLEFT | wxRIGHT, 8);
    m_note_box = new wxTextCtrl(m_review_bar, wxID_ANY);
    m_note_box->SetHint("Note to the shopper (needed to return or exclude)");
    rb->Add(m_note_box, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    m_approve = new wxButton(m_review_bar, wxID_ANY, "Approve");
    m_approve->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { approve(); });
    m_return = new wxButton(m_review_bar, wxID_ANY, "Return with note");
    m_return->Bind(wxEVT_BUTTON,
                   [this](wxCommandEvent&) { return_visit(u8(m_note_box->GetValue())); });
    m_exclude = new wxButton(m_review_bar, wxID_ANY, "Exclude…");
    m_exclude->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { exclude(u8(m_note_box->GetValue())); });
    rb->Add(m_approve, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    rb->Add(m_return, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    rb->Add(m_exclude, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    auto* rbv = new wxBoxSizer(wxVERTICAL);
    rbv->Add(rb, 0, wxEXPAND | wxTOP | wxBOTTOM, 6);
    // Evidence times and integrity signals (docs/integrity.md) for the reviewer.
    m_integrity = new wxStaticText(m_review_bar, wxID_ANY, "");
    rbv->Add(m_integrity, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    m_review_bar->SetSizer(rbv);
    sizer->Add(m_review_bar, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);

    // Messages (missing answers, notes, errors): in the page, never a modal box.
    m_message_panel = new wxPanel(this);
    m_message_panel->SetBackgroundColour(wxColour(0xFF, 0xF4, 0xD6));
    auto* mp = new wxBoxSizer(wxHORIZONTAL);
    m_message_label = new wxStaticText(m_message_panel, wxID_ANY, "");
    mp->Add(m_message_label, 1, wxALL, 8);
    auto* dismiss = new wxButton(m_message_panel, wxID_ANY, "Dismiss", wxDefaultPosition,
                                 wxDefaultSize, wxBU_EXACTFIT);
    dismiss->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_message_panel->Hide();
        Layout();
    });
    mp->Add(dismiss, 0, wxALIGN_TOP | wxALL, 6);
    m_message_panel->SetSizer(mp);
    m_message_panel->Hide();
    sizer->Add(m_message_panel, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
}

void VisitPage::build_score_panel() {
    m_score_panel = new wxPanel(m_score_split);
    auto* s = new wxBoxSizer(wxVERTICAL);
    m_score_head = new wxStaticText(m_score_panel, wxID_ANY, "Live score");
    m_score_head->SetFont(bold(m_score_head->GetFont()));
    s->Add(m_score_head, 0, wxLEFT | wxRIGHT | wxTOP, 10);
    m_score = new wxStaticText(m_score_panel, wxID_ANY, "—");
    m_score->SetFont(bold(m_score->GetFont().Scaled(2.2f)));
    s->Add(m_score, 0, wxLEFT | wxRIGHT | wxTOP, 10);
    m_score_detail = new wxStaticText(m_score_panel, wxID_ANY, "");
    s->Add(m_score_detail, 0, wxLEFT | wxRIGHT | wxTOP, 10);
    m_critical = new wxStaticText(m_score_panel, wxID_ANY, "");
    m_critical->SetForegroundColour(colour_below());
    m_critical->SetFont(bold(m_critical->GetFont()));
    s->Add(m_critical, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
    // The critical-failure lines wrap to the panel's width, again whenever it changes.
    m_score_panel->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        if (m_critical_wrap != m_score_panel->GetClientSize().x)
            CallAfter([this] {
                wrap_critical();
                m_score_panel->Layout();
            });
    });
    auto* line = new wxStaticLine(m_score_panel);
    s->Add(line, 0, wxEXPAND | wxALL, 10);
    auto* grid = new wxFlexGridSizer(2, 4, 12);
    grid->AddGrowableCol(0, 1);
    m_section_grid = grid;
    m_score_panel->SetSizer(s);
    // Sections are added in build(); keep the grid as the panel's second-level sizer.
    s->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);
}

void VisitPage::build_audit_panel(wxWindow* parent) {
    m_audit_panel = new wxPanel(parent);
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(new wxStaticLine(m_audit_panel), 0, wxEXPAND);
    auto* head = new wxStaticText(m_audit_panel, wxID_ANY,
                                  "Audit log of this visit (append-only; times in UTC)");
    head->SetFont(bold(head->GetFont()));
    s->Add(head, 0, wxLEFT | wxRIGHT | wxTOP, 8);
    m_audit = new wxListCtrl(m_audit_panel, wxID_ANY, wxDefaultPosition, wxSize(-1, 150),
                             wxLC_REPORT | wxLC_SINGLE_SEL);
    m_audit->AppendColumn("When", wxLIST_FORMAT_LEFT, 125);
    m_audit->AppendColumn("Who", wxLIST_FORMAT_LEFT, 70);
    m_audit->AppendColumn("Field", wxLIST_FORMAT_LEFT, 150);
    m_audit->AppendColumn("Old → new", wxLIST_FORMAT_LEFT, 170);
    m_audit->AppendColumn("Reason or note", wxLIST_FORMAT_LEFT, 220);
    s->Add(m_audit, 0, wxEXPAND | wxALL, 8);
    m_audit->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        // The columns share the visible width (less a vertical scroll bar) in proportion to
        // their usual widths; the time stays whole and no heading is cut.
        const int pad = 24;
        const int visible = columns_detail::room_of(m_audit);
        if (visible <= 0 || m_audit->GetColumnCount() != 5)
            return;
        std::vector<int> width(5, 0);
        std::vector<int> least(5, 0);
        for (int c = 0; c < 5; ++c)
            least[static_cast<std::size_t>(c)] = header_text_width(m_audit, c) + pad;
        width[0] = std::max(least[0], m_audit->GetTextExtent("2026-12-31 23:59").x + pad);
        share_in_proportion(visible - width[0], {{1, 70}, {2, 150}, {3, 170}, {4, 220}}, least,
                            width);
        set_column_widths(m_audit, width);
    });
    m_audit_panel->SetSizer(s);
    m_audit_panel->Hide();
}

void VisitPage::set_store(storage::Store* store, const std::string& who) {
    close();
    m_store = store;
    m_who = who;
}

void VisitPage::open(std::int64_t visit_id) {
    m_save_timer.Stop();
    if (m_model && m_schedule.pending())
        flush();
    if (m_model && m_schedule.pending() && m_offline) {
        // The answers of the open visit exist only here until the server returns.
        show_message("The answers of this visit are kept on this computer until the server "
                     "returns: it stays open until they are written.",
                     true);
        return;
    }
    m_missing_shown = false;
    storage::StoredVisit sv = m_store->load_visit(visit_id);
    m_visit_id = visit_id;
    m_note = sv.note;
    m_updated_at = sv.updated_at;
    m_model = std::make_unique<VisitFormModel>(sv.tpl, sv.visit);
    m_schedule.on_saved();
    m_changing = false;
    build();
    const Status st = m_model->header().status;
    set_editable(m_may_answer && (st == Status::Draft || st == Status::Returned));
    m_saved->SetLabel(st == Status::Draft || st == Status::Returned ? "All changes saved" : "");
    if (m_editable && !m_preview && m_model->evidence().opened_at.empty()) {
        m_model->mark_opened(); // evidence: when the form was first opened for answering
        changed(false);
    }
    show_integrity();
    m_message_panel->Hide();
    if (st == Status::Returned && !m_note.empty())
        show_message("Returned by the reviewer: " + wxs(m_note), false);
    show_assignment();
    refresh_bars();
    Layout();
}

void VisitPage::preview(std::shared_ptr<const forms::Template> tpl, const forms::Answers& answers) {
    m_save_timer.Stop();
    m_preview = true;
    m_store = nullptr;
    m_visit_id = 0;
    forms::Visit v;
    v.template_id = tpl->id;
    v.template_version = tpl->version;
    v.status = Status::Draft;
    v.visited_at = "2026-01-01T00:00";
    v.answers = forms::answers_to_json(*tpl, answers);
    m_model = std::make_unique<VisitFormModel>(tpl, v);
    m_schedule.on_saved();
    build();
    set_editable(true);
    m_title->SetLabel(wxs(tpl->name));
    m_when->SetLabel("");
    m_when->Hide();
    m_subtitle->SetLabel(wxs("version " + std::to_string(tpl->version) + ", with test answers"));
    set_title_tip(wxs("Preview: " + tpl->name + " v" + std::to_string(tpl->version)));
    m_saved->SetLabel("Nothing is saved");
    m_message_panel->Hide();
    refresh_bars();
}

void VisitPage::close() {
    flush();
    m_save_timer.Stop();
    m_model.reset();
    m_visit_id = 0;
}

bool VisitPage::flush() {
    m_save_timer.Stop();
    if (!m_model || !m_schedule.pending() || m_changing)
        return true;
    save_now();
    return !m_schedule.pending();
}

void VisitPage::show_kept() {
    m_saved->SetLabel("Kept locally");
    m_saved->SetToolTip("The server cannot be reached: your answers are kept on this computer "
                        "and written when it returns");
}

void VisitPage::set_offline(bool offline) {
    m_offline = offline;
    if (offline && m_model && m_schedule.pending())
        show_kept();
}

bool VisitPage::refresh_from_store() {
    if (!m_model || !m_store || m_preview || m_changing || m_offline || m_visit_id == 0 ||
        m_schedule.pending())
        return false;
    const storage::StoredVisit sv = m_store->load_visit(m_visit_id);
    const Status shown = m_model->header().status;
    // A draft being filled here changes its row version with every autosave: only another
    // status (submitted or returned elsewhere) shows it again.
    if (sv.visit.status == shown && (m_editable || sv.updated_at == m_updated_at))
        return false;
    const wxString note = m_note_box->GetValue();
    const int y = m_form->GetViewStart().y;
    open(m_visit_id);
    m_note_box->ChangeValue(note);
    m_form->Scroll(-1, y);
    std::string by;
    if (const auto log = m_store->audit_log(m_visit_id); !log.empty())
        by = " by " + log.back().who;
    if (sv.visit.status != shown)
        show_message(wxs("Changed" + by + " meanwhile: the visit is now " +
                         status_label(sv.visit.status) + "."),
                     false);
    else
        show_message(wxs("Changed" + by + " meanwhile: shown as it is stored now."), false);
    return true;
}

void VisitPage::build() {
    Freeze();
    // Take the focus away from the widgets about to go (GTK may otherwise move it into them).
    if (wxWindow* f = wxWindow::FindFocus(); f && row_of(f) >= 0)
        m_index->SetFocus();
    m_form->DestroyChildren();
    // Everything of the form goes in one panel, the scrolled window's only child: GTK's scroll
    // (wxPizza::scroll in wx 3.2) moves every direct child, hidden ones too, and a hidden one
    // (a row or a section a show-if rule hides) made GTK print "gtk_widget_set_allocation:
    // assertion ... failed" on each scroll.
    m_form_body =
        new wxPanel(m_form, wxID_ANY, wxDefaultPosition, wxSize(m_form->GetClientSize().x, -1));
    m_form_body->SetBackgroundColour(m_form->GetBackgroundColour());
    m_rows.clear();
    m_row_of.clear();
    m_section_headers.clear();
    m_section_texts.clear();
    m_wrap_width = 0;
    const forms::Template& tpl = m_model->tpl();
    update_title();

    auto* fs = new wxBoxSizer(wxVERTICAL);
    // Visit-level photos and receipts.
    {
        auto* p = new wxPanel(m_form_body);
        m_visit_photos = p;
        auto* ps = new wxBoxSizer(wxHORIZONTAL);
        auto* label = new wxStaticText(p, wxID_ANY, "Photos and receipts:");
        label->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        ps->Add(label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
        m_visit_thumbs = new PassivePanel(p);
        m_visit_thumbs->SetSizer(new wxBoxSizer(wxHORIZONTAL));
        ps->Add(m_visit_thumbs, 1, wxALIGN_CENTER_VERTICAL);
        p->SetSizer(ps);
        fs->Add(p, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 12);
    }
    m_rows.resize(tpl.questions.size());
    for (std::size_t si = 0; si < tpl.sections.size(); ++si) {
        const forms::Section& sec = tpl.sections[si];
        auto* hp = new PassivePanel(m_form_body); // Tab goes from question to question
        hp->SetBackgroundColour(wxColour(0xEE, 0xF2, 0xF7));
        auto* hs = new wxBoxSizer(wxVERTICAL);
        auto* t = new wxStaticText(hp, wxID_ANY, wxs(std::to_string(si + 1) + ". " + sec.title));
        t->SetFont(bold(t->GetFont().Scaled(1.2f)));
        m_section_texts.emplace_back(t, t->GetLabel()); // a long title wraps too
        hs->Add(t, 0, wxLEFT | wxRIGHT | wxTOP, 10);
        std::string sub = sec.weight > 0 ? "Weight " + number_text(sec.weight) : "Not scored";
        if (!sec.description.empty())
            sub += " — " + sec.description;
        auto* d = new wxStaticText(hp, wxID_ANY, wxs(sub));
        d->Wrap(kTitleWrap + kGuidanceWidth);
        m_section_texts.emplace_back(d, wxs(sub));
        d->SetForegroundColour(wxColour(0x50, 0x5A, 0x66));
        hs->Add(d, 0, wxALL, 10);
        hp->SetSizer(hs);
        fs->Add(hp, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 12);
        m_section_headers.push_back(hp);
        for (int qi = sec.first; qi < sec.last; ++qi) {
            build_row(qi);
            fs->Add(m_rows[static_cast<std::size_t>(qi)].panel, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);
        }
    }
    // Summary.
    {
        auto* p = new wxPanel(m_form_body);
        auto* ps = new wxBoxSizer(wxVERTICAL);
        auto* t = new wxStaticText(p, wxID_ANY, "Summary of the visit");
        t->SetFont(bold(t->GetFont().Scaled(1.2f)));
        ps->Add(t, 0, wxTOP | wxBOTTOM, 8);
        m_summary = new SteadyTextCtrl(p, wxID_ANY, wxs(m_model->summary()), wxDefaultPosition,
                                       wxSize(-1, 110), wxTE_MULTILINE);
        m_summary->SetHint("What stood out, in a few sentences");
        m_summary->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
            if (!m_syncing && m_model->set_summary(u8(m_summary->GetValue())))
                changed(false);
        });
        ps->Add(m_summary, 0, wxEXPAND);
        p->SetSizer(ps);
        fs->Add(p, 0, wxEXPAND | wxALL, 12);
    }
    m_form_body->SetSizer(fs);
    auto* body = new wxBoxSizer(wxVERTICAL);
    body->Add(m_form_body, 1, wxEXPAND);
    m_form->SetSizer(body);

    // Score panel sections.
    wxFlexGridSizer* grid = m_section_grid;
    for (auto* w : m_section_scores)
        w->Destroy();
    for (auto* w : m_section_titles)
        w->Destroy();
    m_section_scores.clear();
    m_section_titles.clear();
    grid->Clear(false);
    // Two columns: the score keeps the width of its widest text ("not scored"), the name gets
    // what is left and is shortened with "…" (whole in its tooltip), so they never overlap.
    int score_w = 0;
    for (const wxString& widest : {wxString("not scored"), wxString("100.0"), wxString("—")})
        score_w = std::max(score_w, m_score_panel->GetTextExtent(widest).x + 4);
    for (const auto& sec : tpl.sections) {
        auto* t = new wxStaticText(m_score_panel, wxID_ANY, wxs(sec.title), wxDefaultPosition,
                                   wxDefaultSize, wxST_ELLIPSIZE_END);
        t->SetToolTip(wxs(sec.title));
        t->SetMinSize(wxSize(24, -1));
        auto* v = new wxStaticText(m_score_panel, wxID_ANY, "—", wxDefaultPosition,
                                   wxSize(score_w, -1), wxALIGN_RIGHT | wxST_NO_AUTORESIZE);
        v->SetMinSize(wxSize(score_w, -1));
        grid->Add(t, 1, wxEXPAND);
        grid->Add(v, 0, wxALIGN_RIGHT);
        m_section_titles.push_back(t);
        m_section_scores.push_back(v);
    }

    for (auto& row : m_rows)
        sync_row(row);
    refresh_visibility();
    refresh_index();
    refresh_score();
    refresh_audit();
    refresh_all_thumbs();
    rewrap();
    m_form->Scroll(0, 0);
    m_score_panel->Layout();
    Thaw();
}

void VisitPage::update_title() {
    const forms::Visit& h = m_model->header();
    std::string when = h.visited_at.substr(0, 16);
    if (when.size() > 10)
        when[10] = ' ';
    std::string branch = h.branch;
    if (!h.branch_name.empty())
        branch += " " + h.branch_name;
    std::string rest = m_model->tpl().name + "  ·  ";
    if (h.employee.empty())
        rest += "staff not identified";
    else
        rest += h.employee + (h.employee_name.empty() ? "" : " " + h.employee_name);
    m_title->SetLabel(wxs(branch));
    m_when->SetLabel(wxs(when));
    m_when->Show();
    m_subtitle->SetLabel(wxs("·  " + rest));
    set_title_tip(wxs(branch + "  ·  " + when + "  ·  " + rest + "\n" + h.client + " — shopper " +
                      h.shopper + " — " + h.uuid));
}

void VisitPage::set_title_tip(const wxString& tip) {
    for (wxStaticText* label : {m_title, m_when, m_subtitle})
        label->SetToolTip(tip);
}

void VisitPage::build_row(int qi) {
    const forms::Question& q = m_model->tpl().questions[static_cast<std::size_t>(qi)];
    Row& row = m_rows[static_cast<std::size_t>(qi)];
    row.qi = qi;
    row.panel = new wxPanel(m_form_body);
    wxPanel* p = row.panel;
    auto* outer = new wxBoxSizer(wxVERTICAL);
    auto* hs = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);

    std::string title = q.text.empty() ? q.id : q.text;
    row.title_text = wxs(title);
    row.title = new wxStaticText(p, wxID_ANY, row.title_text);
    row.title->SetFont(bold(row.title->GetFont()));
    row.title->Wrap(kTitleWrap);
    left->Add(row.title, 0, wxBOTTOM, 6);
    if (q.critical != forms::Critical::None) {
        row.critical_text = q.critical == forms::Critical::Visit
                                ? "Critical: a failure sets the visit score to 0"
                                : "Critical: a failure sets this section to 0";
        row.critical = new wxStaticText(p, wxID_ANY, row.critical_text);
        row.critical->SetForegroundColour(colour_below());
        left->Add(row.critical, 0, wxBOTTOM, 6);
    }

    // The answer controls of the question's type; what a person answers comes back here.
    auto* controls = new wxBoxSizer(wxHORIZONTAL);
    AnswerEvents events;
    events.answer = [this, qi](Answer a) { on_answer(qi, std::move(a)); };
    events.syncing = [this] { return m_syncing; };
    events.control = [this, qi](wxWindow* w) { m_row_of[w] = qi; };
    row.input = make_answer_input(q, std::move(events));
    row.input->build(p, controls);
    left->Add(controls, 0, wxEXPAND | wxBOTTOM, 6);
    row.controls = controls;

    auto* cl = new wxBoxSizer(wxHORIZONTAL);
    row.comment = new wxTextCtrl(p, wxID_ANY, "");
    row.comment->SetHint("Comment (optional)");
    m_row_of[row.comment] = qi;
    row.comment->Bind(wxEVT_TEXT, [this, qi](wxCommandEvent&) {
        if (!m_syncing &&
            m_model->set_comment(qi, u8(m_rows[static_cast<std::size_t>(qi)].comment->GetValue())))
            changed(false);
    });
    cl->Add(row.comment, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    // A normal button (the theme's padding), and the comment box beside it as tall as it.
    auto* att = new wxButton(p, wxID_ANY, "Photo…");
    const int comment_height = std::max(att->GetBestSize().y, row.comment->GetBestSize().y);
    att->SetMinSize(wxSize(-1, comment_height));
    row.comment->SetMinSize(wxSize(-1, comment_height));
    att->SetToolTip("Attach a photo or receipt to this question");
    const std::string qid = q.id;
    att->Bind(wxEVT_BUTTON, [this, qid](wxCommandEvent&) { attach(qid); });
    m_row_of[att] = qi;
    row.attach = att;
    cl->Add(att, 0, wxALIGN_CENTER_VERTICAL);
    left->Add(cl, 0, wxEXPAND);
    row.thumbs = new PassivePanel(p);
    row.thumbs->SetSizer(new wxBoxSizer(wxHORIZONTAL));
    left->Add(row.thumbs, 0, wxEXPAND | wxTOP, 4);

    hs->Add(left, 1, wxEXPAND | wxRIGHT, 16);
    row.guide_text = wxs(q.guidance);
    auto* guide = new wxStaticText(p, wxID_ANY, row.guide_text);
    row.guide = guide;
    guide->SetForegroundColour(wxColour(0x5F, 0x66, 0x6D));
    guide->SetFont(guide->GetFont().Smaller());
    guide->Wrap(kGuidanceWidth);
    guide->SetMinSize(wxSize(kGuidanceWidth, -1));
    hs->Add(guide, 0);
    row.columns = hs;
    outer->Add(hs, 0, wxEXPAND | wxALL, 10);
    outer->Add(new wxStaticLine(p), 0, wxEXPAND | wxLEFT | wxRIGHT, 10);
    p->SetSizer(outer);
}

void VisitPage::sync_row(Row& row) {
    m_syncing = true;
    const Answer& a = m_model->answer(row.qi);
    row.input->show(a);
    if (row.comment->GetValue() != wxs(m_model->comment(row.qi)))
        row.comment->ChangeValue(wxs(m_model->comment(row.qi)));
    show_read_only(row);
    m_syncing = false;
}

void VisitPage::show_read_only(Row& row) {
    // Read-only, the chosen answer stays readable and the other choices are greyed out; a
    // click on it is put back by on_answer().
    row.input->set_editable(m_editable, m_model->answer(row.qi));
}

void VisitPage::on_answer(int qi, Answer answer) {
    if (!m_model)
        return;
    if (!m_editable) { // read-only: put the widgets back
        sync_row(m_rows[static_cast<std::size_t>(qi)]);
        return;
    }
    const bool changed_answer = m_model->set_answer(qi, std::move(answer));
    sync_row(m_rows[static_cast<std::size_t>(qi)]);
    if (changed_answer)
        changed(true);
}

void VisitPage::answer_from_ui(int qi, const Answer& answer) {
    m_rows.at(static_cast<std::size_t>(qi)).input->type(answer);
}

void VisitPage::comment_from_ui(int qi, const std::string& text) {
    m_rows.at(static_cast<std::size_t>(qi)).comment->SetValue(wxs(text));
}

wxWindow* VisitPage::first_control(int qi) const {
    return m_rows.at(static_cast<std::size_t>(qi)).input->first_control();
}

std::vector<wxToggleButton*> VisitPage::buttons(int qi) const {
    return m_rows.at(static_cast<std::size_t>(qi)).input->buttons();
}

wxTextCtrl* VisitPage::text_box(int qi) const {
    return m_rows.at(static_cast<std::size_t>(qi)).input->text_box();
}

std::vector<wxCheckBox*> VisitPage::check_boxes(int qi) const {
    return m_rows.at(static_cast<std::size_t>(qi)).input->check_boxes();
}

void VisitPage::changed(bool visibility_may_change) {
    if (visibility_may_change)
        refresh_visibility();
    refresh_index();
    refresh_score();
    if (m_missing_shown) { // the count and the marks follow the answers
        if (auto problem = m_model->submit_problem(); problem && !m_model->missing().empty()) {
            if (wxs(*problem) != m_message)
                show_message(wxs(*problem), true);
        } else {
            m_missing_shown = false;
            show_message("Every question is answered: the visit can be submitted.", false);
        }
        mark_missing();
    }
    if (m_preview)
        return;
    if (m_changing) {
        m_saved->SetLabel("Unsaved changes");
        return;
    }
    auto wait = m_schedule.on_change(AutosaveSchedule::Clock::now());
    m_saved->SetLabel("Saving…");
    m_save_timer.StartOnce(std::max(1, static_cast<int>(wait.count())));
}

void VisitPage::save_now() {
    if (!m_model || !m_store || !m_schedule.pending())
        return;
    if (m_offline) {
        show_kept();
        return;
    }
    auto t0 = std::chrono::steady_clock::now();
    try {
        m_store->save_draft(m_visit_id, m_model->to_visit());
    } catch (const std::exception&) {
        if (on_save_failed && on_save_failed(describe(std::current_exception()))) {
            show_kept();
            return;
        }
        m_saved->SetLabel("Not saved!");
        show_message(wxString("The draft could not be saved: ") +
                         wxs(describe(std::current_exception())) +
                         "\nYour answers are still on screen; free some disk space or check the "
                         "database file, and the next change will save again.",
                     true);
        return;
    }
    m_last_save_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ++m_save_count;
    m_schedule.on_saved();
    m_saved->SetLabel("Saved " + now_hms());
    m_saved->SetToolTip(wxString::Format("Draft saved in %.1f ms", m_last_save_ms));
    if (on_changed)
        on_changed(m_visit_id);
}

namespace {

/// Wraps a label to `width` and makes its minimal size what the wrapped text needs (with a
/// pixel or two to spare: GTK wraps a line again that lacks a single pixel). Not its best size:
/// GTK's answer for a label it has not drawn yet lags behind its font and its last width.
void wrap_label(wxStaticText* t, const wxString& label, int width) {
    t->SetMinSize(wxDefaultSize);
    t->SetLabel(label);
    t->Wrap(width);
    t->InvalidateBestSize();
    const wxSize text = text_size(t, t->GetLabel());
    t->SetMinSize(wxSize(text.x + 2, text.y));
}

} // namespace

int VisitPage::controls_width(const Row& row) const {
    return row.input->min_width();
}

void VisitPage::rewrap() {
    const int width = m_form->GetClientSize().x;
    if (width < 200 || m_rows.empty() || !m_model) // (a wrap asked for before close())
        return;
    m_wrap_width = width;
    const int avail = width - 24 - 20 - 16;
    const int guide = std::clamp(avail * 36 / 100, 200, 340);
    m_form->Freeze();
    for (auto& row : m_rows) {
        // The guidance stands beside the question when the answers fit beside it, else under
        // it (a narrow window, or a row of eleven NPS buttons).
        const int need = std::max(controls_width(row), kNarrowestQuestion);
        const bool beside = avail - guide >= need;
        const int left = beside ? avail - guide : avail;
        row.columns->SetOrientation(beside ? wxHORIZONTAL : wxVERTICAL);
        if (wxSizerItem* item = row.columns->GetItem(row.guide)) {
            item->SetFlag(beside ? 0 : wxTOP);
            item->SetBorder(beside ? 0 : 6);
        }
        wrap_label(row.title, row.title_text, left - 4);
        if (row.critical)
            wrap_label(row.critical, row.critical_text, left - 4);
        const int guide_w = beside ? guide : avail;
        wrap_label(row.guide, row.guide_text, guide_w);
        row.guide->SetMinSize(
            wxSize(beside ? guide : row.guide->GetMinSize().x, row.guide->GetMinSize().y));
        row.input->fit(left);
    }
    for (auto& [text, label] : m_section_texts)
        wrap_label(text, label, avail - 20);
    layout_form();
    m_form->Thaw();
}

void VisitPage::refresh_visibility() {
    bool any = false;
    for (auto& row : m_rows) {
        bool show = m_model->visible(row.qi);
        if (row.panel->IsShown() != show) {
            row.panel->Show(show);
            any = true;
        }
    }
    for (std::size_t si = 0; si < m_section_headers.size(); ++si) {
        bool show = m_model->section_visible(static_cast<int>(si));
        if (m_section_headers[si]->IsShown() != show) {
            m_section_headers[si]->Show(show);
            any = true;
        }
    }
    if (any)
        layout_form();
}

void VisitPage::refresh_index() {
    const forms::Template& tpl = m_model->tpl();
    std::vector<wxString> items;
    for (std::size_t si = 0; si < tpl.sections.size(); ++si) {
        SectionProgress p = m_model->progress(static_cast<int>(si));
        wxString mark = !p.visible ? "–" : p.complete() ? "✓" : "○";
        const wxString head =
            mark +
            (p.visible ? wxString::Format(" %d/%d  ", p.answered, p.required) : wxString(" n/a  "));
        wxString title = wxs(tpl.sections[si].title);
        // A title too long for the index ends in "…" rather than being cut mid-word unseen.
        const int room = m_index->GetClientSize().x - 14;
        if (room > 60 && m_index->GetTextExtent(head + title).x > room) {
            while (title.length() > 1 && m_index->GetTextExtent(head + title + "…").x > room)
                title.RemoveLast();
            title = title.Trim() + "…";
        }
        items.push_back(head + title);
    }
    if (m_index->GetCount() != items.size()) {
        m_index->Clear();
        for (const auto& s : items)
            m_index->Append(s);
    } else {
        for (unsigned i = 0; i < items.size(); ++i)
            if (m_index->GetString(i) != items[i])
                m_index->SetString(i, items[i]);
    }
}

void VisitPage::refresh_score() {
    const scoring::VisitResult& r = m_model->result();
    const forms::Template& tpl = m_model->tpl();
    m_score->SetLabel(wxs(format_score(r.score)));
    if (r.score) {
        int s = score_standing(*r.score, tpl.target);
        m_score->SetForegroundColour(s > 0    ? colour_above()
                                     : s == 0 ? colour_near()
                                              : colour_below());
    } else {
        m_score->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    }
    char applicable[32] = "—";
    if (r.applicable)
        std::snprintf(applicable, sizeof applicable, "%.0f%%", 100 * *r.applicable);
    m_score_detail->SetLabel(wxs("Raw " + format_score(r.raw) + "   ·   Target " +
                                 number_text(tpl.target) + "\nApplicable " + applicable));
    wxString crit;
    for (const auto& id : r.critical_failures) {
        int qi = tpl.find_question(id);
        const forms::Question& q = tpl.questions[static_cast<std::size_t>(qi)];
        const wxString text = wxs(q.text.empty() ? q.id : q.text); // whole: which question failed
        crit +=
            (crit.empty() ? "" : "\n") +
            wxString(q.critical == forms::Critical::Visit ? "Critical failure (visit = 0): "
                                                          : "Critical failure (section = 0): ") +
            text;
    }
    if (m_critical->GetToolTipText() != crit) {
        m_critical->SetToolTip(crit); // the unwrapped text, also what critical_text() returns
        wrap_critical();
    }
    for (std::size_t si = 0; si < m_section_scores.size() && si < r.sections.size(); ++si) {
        const auto& s = r.sections[si];
        m_section_scores[si]->SetLabel(tpl.sections[si].weight > 0 ? wxs(format_score(s.score))
                                                                   : wxString("not scored"));
        m_section_scores[si]->SetForegroundColour(
            s.critical_failure ? colour_below()
                               : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
        m_section_titles[si]->SetForegroundColour(
            m_model->section_visible(static_cast<int>(si))
                ? wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT)
                : wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    }
    m_score_panel->Layout();
}

void VisitPage::refresh_audit() {
    m_audit->DeleteAllItems();
    std::vector<storage::AuditEntry> log;
    if (m_store && m_visit_id)
        log = m_store->audit_log(m_visit_id);
    long i = 0;
    for (const auto& e : log) {
        std::string when = e.at.substr(0, 16);
        if (when.size() > 10)
            when[10] = ' ';
        const std::string change = (e.old_value.empty() ? "∅" : e.old_value) + " → " +
                                   (e.new_value.empty() ? "∅" : e.new_value);
        long item = m_audit->InsertItem(i++, wxs(when));
        m_audit->SetItem(item, 1, wxs(e.who));
        m_audit->SetItem(item, 2, wxs(e.field));
        m_audit->SetItem(item, 3, wxs(change));
        m_audit->SetItem(item, 4, wxs(e.reason));
    }
    if (i > 0)
        m_audit->EnsureVisible(i - 1); // the newest entry
    // As high as its entries, up to six of them (then it scrolls).
    const int row_h = m_audit->GetCharHeight() + 10;
    m_audit->SetMinSize(wxSize(-1, row_h * (static_cast<int>(std::min<long>(i, 6)) + 1) + 12));
    if (m_audit_panel->IsShown() != (i > 0)) {
        m_audit_panel->Show(i > 0);
        m_audit_panel->GetParent()->Layout();
    }
}

std::vector<std::vector<wxString>> VisitPage::audit_rows() const {
    std::vector<std::vector<wxString>> rows;
    for (long i = 0; i < m_audit->GetItemCount(); ++i) {
        std::vector<wxString> cells;
        for (int c = 0; c < m_audit->GetColumnCount(); ++c)
            cells.push_back(m_audit->GetItemText(i, c));
        rows.push_back(cells);
    }
    return rows;
}

void VisitPage::refresh_bars() {
    const Status st = m_model ? m_model->header().status : Status::Draft;
    m_status->SetLabel(wxs(status_label(st)) + (m_changing ? " — changing" : ""));
    m_status->SetForegroundColour(st == Status::Approved   ? colour_above()
                                  : st == Status::Returned ? colour_near()
                                  : st == Status::Excluded
                                      ? colour_below()
                                      : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
    const bool draft = (st == Status::Draft || st == Status::Returned) && m_may_answer;
    // A customer survey response needs no review: a draft is approved or excluded, an excluded
    // one approved again (with a reason in the note); it is never submitted, returned or
    // reopened (services/review.cpp).
    const bool survey = m_model && forms::is_survey(m_model->tpl());
    m_submit->Show(draft && !survey);
    m_attach->Show(draft || m_changing);
    // Only a visit being edited is saved: for the others the saving state would be an empty
    // gap in the bar.
    m_saved->Show(draft || m_changing || m_preview);
    // The review bar offers each status change the review rules allow from this status, and
    // only those (separation of duties is Approve's own check, which says why it refuses).
    const bool reviewing = m_model && m_store && !m_preview && !m_changing && m_may_review;
    const bool can_approve = reviewing && (survey ? st == Status::Draft || st == Status::Excluded
                                                  : status_allows(st, Status::Approved));
    const bool can_return = reviewing && !survey && status_allows(st, Status::Returned);
    const bool can_exclude = reviewing && (survey ? st == Status::Draft || st == Status::Approved
                                                  : status_allows(st, Status::Excluded));
    m_approve->Show(can_approve);
    m_return->Show(can_return);
    m_exclude->Show(can_exclude);
    m_note_box->SetHint(can_return ? "Note to the shopper (needed to return or exclude)"
                        : survey && st == Status::Excluded
                            ? "Why the response counts again (needed to approve)"
                            : "Why the visit is excluded (needed to exclude)");
    m_review_bar->Show(can_approve || can_return || can_exclude);
    m_review_bar->Layout();
    m_change->Show((st == Status::Approved || st == Status::Submitted) && !m_changing &&
                   m_may_review);
    m_reopen->Show((st == Status::Approved || st == Status::Excluded) && !m_changing &&
                   !m_preview && m_may_review && !survey);
    if (st == Status::Submitted && m_store && !m_preview) {
        const wxString why = approval_refusal(*m_store, m_visit_id, st, m_who);
        m_approve->SetToolTip(why.empty() ? wxString("Approve: the visit counts in reports and "
                                                     "becomes read-only")
                                          : why);
    }
    m_details->Show(draft || m_changing);
    m_dispute->Show(st == Status::Approved && !m_changing && !m_preview && m_may_dispute &&
                    !survey); // what a customer answered is not disputed
    m_score_head->SetLabel(draft || m_changing ? "Live score" : "Visit score");
    m_save_change->Show(m_changing);
    m_cancel_change->Show(m_changing);
    m_note_box->ChangeValue("");
    if (m_preview) {
        m_status->SetLabel("Preview");
        m_back->Hide();
        m_submit->Hide();
        m_attach->Hide();
        m_details->Hide();
        if (m_visit_photos)
            m_visit_photos->Hide();
    }
    Layout();
}

void VisitPage::set_editable(bool editable) {
    m_editable = editable;
    for (auto& row : m_rows) {
        show_read_only(row);
        row.comment->SetEditable(editable);
        row.attach->Show(editable && !m_preview);
    }
    if (m_summary)
        m_summary->SetEditable(editable);
    refresh_thumbs("", m_visit_thumbs); // "none yet" only where photos can be added
}

void VisitPage::mark_missing() {
    std::vector<int> miss;
    if (m_missing_shown && m_model)
        miss = m_model->missing();
    for (Row& row : m_rows) {
        const bool mark = std::find(miss.begin(), miss.end(), row.qi) != miss.end();
        const wxColour colour =
            mark ? colour_below() : wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
        if (row.title && row.title->GetForegroundColour() != colour) {
            row.title->SetForegroundColour(colour);
            row.title->Refresh();
        }
    }
}

bool VisitPage::marked_missing(int qi) const {
    for (const Row& row : m_rows)
        if (row.qi == qi && row.title)
            return row.title->GetForegroundColour() == colour_below();
    return false;
}

void VisitPage::show_message(const wxString& text, bool error) {
    m_message = text;
    m_message_label->SetLabel(text);
    m_message_panel->SetBackgroundColour(error ? wxColour(0xFD, 0xE2, 0xE2)
                                               : wxColour(0xFF, 0xF4, 0xD6));
    m_message_panel->Show();
    Layout();
    m_message_panel->Refresh();
}

void VisitPage::layout_form() {
    // The body first gets its new size from the scrolled window, then places its rows in it (a
    // row laid out in a body of a stale, smaller size gets GTK's complaints about negative
    // sizes).
    m_form_body->InvalidateBestSize();
    m_form->Layout();
    m_form_body->Layout();
    m_form->FitInside();
}

void VisitPage::scroll_to(wxWindow* window) {
    int ppu_x = 0, ppu_y = 0;
    m_form->GetScrollPixelsPerUnit(&ppu_x, &ppu_y);
    int x = 0, y = 0;
    // The window's place in the form's body, and the body's in the scrolled window.
    const wxPoint at = m_form_body->ScreenToClient(window->GetScreenPosition());
    m_form->CalcUnscrolledPosition(m_form_body->GetPosition().x, m_form_body->GetPosition().y, &x,
                                   &y);
    x += at.x;
    y += at.y;
    if (ppu_y > 0)
        m_form->Scroll(-1, std::max(0, y - 8) / ppu_y);
}

void VisitPage::focus_question(int qi) {
    Row& row = m_rows.at(static_cast<std::size_t>(qi));
    scroll_to(row.panel);
    if (wxWindow* w = first_control(qi))
        w->SetFocus();
}

void VisitPage::set_rights(bool answer, bool review) {
    if (answer == m_may_answer && review == m_may_review)
        return;
    m_may_answer = answer;
    m_may_review = review;
    if (m_model && !m_preview && m_store && m_visit_id != 0)
        open(m_visit_id);
}

void VisitPage::set_can_dispute(bool can) {
    if (can == m_may_dispute)
        return;
    m_may_dispute = can;
    if (m_model && !m_preview && m_store && m_visit_id != 0)
        open(m_visit_id);
}

bool VisitPage::dispute() {
    if (!m_model || m_preview || !m_store || m_visit_id == 0 || !m_may_dispute || m_changing ||
        m_model->header().status != Status::Approved || forms::is_survey(m_model->tpl()) ||
        !on_dispute)
        return false;
    on_dispute(m_visit_id);
    return true;
}

void VisitPage::show_integrity() {
    if (!m_integrity)
        return;
    wxString text;
    const Status st = m_model ? m_model->header().status : Status::Draft;
    if (m_model && m_store && !m_preview && m_may_review && st != Status::Draft) {
        const forms::Evidence& e = m_model->evidence();
        auto at = [](const std::string& t) { return t.empty() ? wxString("-") : wxs(t); };
        text = "Form opened " + at(e.opened_at) + ", first answered " + at(e.first_answer_at) +
               ", submitted " + at(e.submitted_at) + " (UTC).";
        try {
            const auto risks = services::visit_risks(*m_store, {m_visit_id},
                                                     services::integrity_thresholds(*m_store));
            if (!risks.empty() && !risks[0].signals.empty()) {
                text += wxString::Format("\nRisk %d:", risks[0].risk);
                for (const auto& s : risks[0].signals)
                    text += "\n  \u2022 " + wxs(s.explanation);
            } else {
                text += "\nNo integrity signals.";
            }
        } catch (const std::exception& ex) {
            text += "\nIntegrity signals unavailable: " + wxs(ex.what());
        }
    }
    m_integrity->SetLabel(text);
    m_integrity->Show(!text.empty());
}

bool VisitPage::submit() {
    if (!m_model || m_preview || !m_may_answer)
        return false;
    // The status bar says how the submit ended, in place of what it said before (an
    // assignment accepted on the To do page, say).
    auto say = [this](const wxString& text) {
        if (on_status)
            on_status(text);
    };
    const wxString where = wxs("Visit at " + m_model->header().branch);
    if (m_offline) {
        show_message("Submitting needs the server, and the connection to it is lost. Your "
                     "answers are kept on this computer: submit once it is back.",
                     true);
        say(where + " not submitted: the connection to the server is lost");
        return false;
    }
    if (auto problem = m_model->submit_problem()) {
        show_message(wxs(*problem), true);
        auto miss = m_model->missing();
        m_missing_shown = !miss.empty();
        mark_missing();
        if (!miss.empty())
            focus_question(miss.front());
        say(where + " not submitted: " + wxs(*problem).BeforeFirst('\n'));
        return false;
    }
    m_model->mark_submitted(); // evidence: kept with the visit by the save before the submit
    changed(false);
    if (!flush()) {
        say(where + " not submitted: it could not be saved");
        return false;
    }
    try {
        services::submit(*m_store, m_visit_id, m_who);
    } catch (const std::exception&) {
        const wxString why = wxs(describe(std::current_exception()));
        show_message(why, true);
        say(where + " not submitted: " + why.BeforeFirst('\n'));
        return false;
    }
    open(m_visit_id);
    show_message("Submitted. A reviewer will approve it or return it to you with a note.", false);
    say(where + " submitted");
    if (on_changed)
        on_changed(m_visit_id);
    return true;
}

bool VisitPage::approve() {
    if (!m_may_review)
        return false;
    // Separation of duties: say why before trying.
    const Status status = m_model ? m_model->header().status : Status::Draft;
    if (const wxString why = approval_refusal(*m_store, m_visit_id, status, m_who); !why.empty()) {
        show_message(why, true);
        return false;
    }
    std::vector<std::string> warnings;
    try {
        warnings =
            services::approve(*m_store, m_visit_id, m_who, u8(m_note_box->GetValue())).warnings;
    } catch (const std::exception&) {
        show_message(wxs(describe(std::current_exception())), true);
        return false;
    }
    open(m_visit_id);
    // What failed after the approval was stored (its plan, its alerts) does not undo it.
    std::string said = "Approved. The visit now counts in reports and is read-only.";
    for (const std::string& w : warnings)
        said += "\nWarning: " + w;
    show_message(wxs(said), !warnings.empty());
    if (on_changed)
        on_changed(m_visit_id);
    return true;
}

bool VisitPage::return_visit(const std::string& note) {
    if (!m_may_review)
        return false;
    if (note.empty()) {
        show_message("Write a note for the shopper in the review bar saying what to fix, then "
                     "press \"Return with note\" again.",
                     true);
        m_note_box->SetFocus();
        return false;
    }
    // An approved visit counts in reports: returning it takes it out of them until it is
    // approved again, so ask first (as for excluding).
    if (m_model && m_model->header().status == Status::Approved && confirm &&
        !confirm("Return this approved visit?",
                 "Return this approved visit to the shopper?\n\nNote: " + wxs(note) +
                     "\n\nIt no longer counts in reports until it is submitted and approved "
                     "again; the change is kept in the audit log."))
        return false;
    try {
        services::return_visit(*m_store, m_visit_id, m_who, note);
    } catch (const std::exception&) {
        show_message(wxs(describe(std::current_exception())), true);
        return false;
    }
    open(m_visit_id);
    if (on_changed)
        on_changed(m_visit_id);
    return true;
}

bool VisitPage::exclude(const std::string& note) {
    if (!m_may_review)
        return false;
    if (note.empty()) {
        show_message("Write in the review bar why the visit is excluded, then press \"Exclude\" "
                     "again.",
                     true);
        m_note_box->SetFocus();
        return false;
    }
    if (confirm && !confirm("Exclude this visit?",
                            "Exclude this visit from every report?\n\nReason: " + wxs(note) +
                                "\n\nA reviewer can reopen it later, with a reason; both steps "
                                "are kept in the audit log."))
        return false;
    try {
        services::exclude(*m_store, m_visit_id, m_who, note);
    } catch (const std::exception&) {
        show_message(wxs(describe(std::current_exception())), true);
        return false;
    }
    open(m_visit_id);
    show_message("Excluded: the visit no longer counts in any report. Reason: " + wxs(note), false);
    if (on_changed)
        on_changed(m_visit_id);
    return true;
}

bool VisitPage::reopen(const std::string& given) {
    if (!m_model || m_preview || !m_may_review)
        return false;
    std::string reason = given;
    if (reason.empty()) {
        auto asked = prompt("Reopen this visit",
                            "Why is this visit reopened? It goes back to review (submitted); the "
                            "reason is kept in the audit log.");
        if (!asked)
            return false;
        reason = *asked;
    }
    try {
        services::reopen(*m_store, m_visit_id, m_who, reason);
    } catch (const std::exception&) {
        show_message(wxs(describe(std::current_exception())), true);
        return false;
    }
    open(m_visit_id);
    show_message("Reopened: the visit is back in review. Reason: " + wxs(reason), false);
    if (on_changed)
        on_changed(m_visit_id);
    return true;
}

void VisitPage::begin_change() {
    if (!m_may_review)
        return;
    m_changing = true;
    set_editable(true);
    m_saved->SetLabel("");
    show_message("Changing a reviewed visit: every changed answer is recorded in the audit log "
                 "with your reason when you save.",
                 false);
    refresh_bars();
}

bool VisitPage::save_change() {
    auto reason = prompt("Reason for the change",
                         "Why are you changing this visit? The reason is kept in the audit log "
                         "with every changed field.");
    if (!reason)
        return false;
    try {
        std::size_t n =
            services::edit_visit(*m_store, m_visit_id, m_model->to_visit(), m_who, *reason);
        open(m_visit_id);
        show_message(wxString::Format("%zu change(s) saved and recorded in the audit log.", n),
                     false);
    } catch (const std::exception&) {
        show_message(wxs(describe(std::current_exception())), true);
        return false;
    }
    if (on_changed)
        on_changed(m_visit_id);
    return true;
}

int VisitPage::row_of(wxWindow* window) const {
    auto it = m_row_of.find(window);
    return it == m_row_of.end() ? -1 : it->second;
}

bool VisitPage::handle_key(int key, wxWindow* focus) {
    if (!m_model || !m_editable)
        return false;
    const int qi = row_of(focus);
    if (qi < 0)
        return false;
    int k = key >= 'a' && key <= 'z' ? key - 'a' + 'A' : key;
    if (k >= WXK_NUMPAD0 && k <= WXK_NUMPAD9)
        k = '0' + (k - WXK_NUMPAD0);
    AnswerInput& input = *m_rows.at(static_cast<std::size_t>(qi)).input;
    if (const std::optional<bool> used = input.own_key(k, focus)) // a checklist's boxes
        return *used;
    if (!dynamic_cast<wxToggleButton*>(focus))
        return false; // text boxes and buttons keep their keys
    std::optional<Answer> a = input.answer_for_key(k);
    if (!a)
        return false;
    answer_from_ui(qi, *a);
    // Move on to the next visible question.
    for (int next = qi + 1; next < static_cast<int>(m_rows.size()); ++next)
        if (m_model->visible(next)) {
            focus_question(next);
            break;
        }
    return true;
}

std::string keyboard_help(bool answer, bool review) {
    std::string form;
    if (answer || review)
        form = "In the scorecard form\n"
               "  Tab / Shift+Tab\tnext / previous control, question by question\n"
               "  Y or 1 · N or 2 · A or 3\tyes · no · not applicable (on a yes/no question)\n"
               "  0 – 9\ta scale value, or the NPS score (T for 10)\n"
               "  1 – 9\tthe n-th option of a choice; A: not applicable\n"
               "  Space or 1 – 9\ttick the focused / n-th item of a checklist;\n"
               "  \t0: none of these, A: not applicable\n"
               "  Space\tpress the focused answer button\n"
               "  (after an answer by key the next question gets the focus)\n";
    if (answer)
        form += "  Ctrl+Enter\tsubmit the visit\n";
    if (!form.empty())
        form += "\n";
    return form + "Everywhere\n"
                  "  Ctrl+N\tnew visit\n"
                  "  Ctrl+O\topen a database\n"
                  "  Ctrl+I\timport visits\n"
                  "  F1\tthis list\n"
                  "  Ctrl+Q\tquit";
}

// --- Visit details ----------------------------------------------------------------------------

void VisitPage::edit_header() {
    if (!m_model || !m_store || !m_editable)
        return;
    NewVisitDialog dlg(this, *m_store, &m_model->header());
    if (dlg.ShowModal() == wxID_OK)
        apply_header(dlg.header());
}

bool VisitPage::apply_header(const forms::Visit& header) {
    if (!m_model || !m_editable)
        return false;
    // A visit made for an assignment keeps the assignment's client, branch, scorecard and
    // shopper whatever the header brings.
    forms::Visit fixed = header;
    keep_assignment_fields(m_model->header(), fixed);
    if (m_model->set_header(fixed)) {
        update_title();
        changed(false);
    }
    return true;
}

// --- Attachments ------------------------------------------------------------------------------

void VisitPage::attach(const std::string& question) {
    if (!m_editable)
        return;
    wxFileDialog dlg(
        this, "Attach a photo or receipt", "", "",
        "Images and PDF (*.jpg;*.jpeg;*.png;*.gif;*.bmp;*.pdf)|*.jpg;*.jpeg;*.png;*.gif;"
        "*.bmp;*.pdf;*.JPG;*.JPEG;*.PNG|All files (*)|*",
        wxFD_OPEN | wxFD_FILE_MUST_EXIST | wxFD_MULTIPLE);
    if (dlg.ShowModal() != wxID_OK)
        return;
    wxArrayString paths;
    dlg.GetPaths(paths);
    attach_files(question, paths);
}

int VisitPage::attach_files(const std::string& question, const wxArrayString& paths) {
    if (!m_editable || !m_store)
        return 0;
    int added = 0;
    for (const auto& path : paths) {
        std::ifstream in(path.fn_str(), std::ios::binary);
        std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) {
            show_message("Could not read " + path + ". Check that the file still exists.", true);
            continue;
        }
        wxString ext = path.AfterLast('.').Lower();
        std::string mime = ext == "pdf"                    ? "application/pdf"
                           : ext == "png"                  ? "image/png"
                           : ext == "jpg" || ext == "jpeg" ? "image/jpeg"
                                                           : "application/octet-stream";
        // Evidence: the photo's own capture time (EXIF), and its SHA-256 (storage computes it).
        m_store->add_attachment(m_visit_id, question, u8(path.AfterLast('/')), mime, data,
                                make_thumbnail(data),
                                mime == "image/jpeg" ? services::photo_captured_at(data) : "");
        ++added;
    }
    refresh_all_thumbs();
    layout_form();
    return added;
}

int VisitPage::shown_attachments(const std::string& question) const {
    wxPanel* strip = m_visit_thumbs;
    if (!question.empty()) {
        const int qi = m_model ? m_model->tpl().find_question(question) : -1;
        if (qi < 0)
            return 0;
        strip = m_rows.at(static_cast<std::size_t>(qi)).thumbs;
    }
    int n = 0;
    for (wxWindow* w : strip->GetChildren())
        n += dynamic_cast<wxStaticBitmap*>(w) || dynamic_cast<wxButton*>(w);
    return n;
}

wxString VisitPage::score_title() const {
    return m_score_head->GetLabel();
}

wxString VisitPage::photos_text() const {
    if (!m_visit_photos->IsShown())
        return "";
    for (wxWindow* w : m_visit_thumbs->GetChildren())
        if (auto* t = dynamic_cast<wxStaticText*>(w))
            return t->GetLabel();
    return "";
}

void VisitPage::refresh_all_thumbs() {
    refresh_thumbs("", m_visit_thumbs);
    for (auto& row : m_rows)
        refresh_thumbs(m_model->tpl().questions[static_cast<std::size_t>(row.qi)].id, row.thumbs);
}

void VisitPage::refresh_thumbs(const std::string& question, wxPanel* strip) {
    if (!strip || !m_store)
        return;
    strip->DestroyChildren();
    wxSizer* s = strip->GetSizer();
    int n = 0;
    for (const auto& a : m_store->attachments(m_visit_id)) {
        if (a.question != question)
            continue;
        wxBitmap bmp;
        if (!a.thumbnail.empty()) {
            wxMemoryInputStream in(a.thumbnail.data(), a.thumbnail.size());
            wxImage img(in, wxBITMAP_TYPE_PNG);
            if (img.IsOk())
                bmp = wxBitmap(img);
        }
        wxWindow* w;
        if (bmp.IsOk()) {
            w = new wxStaticBitmap(strip, wxID_ANY, bmp);
        } else {
            w = new wxButton(strip, wxID_ANY, wxs(a.name), wxDefaultPosition, wxDefaultSize,
                             wxBU_EXACTFIT);
        }
        w->SetToolTip(wxs(a.name) + wxString::Format(" (%lld KB) — click to open",
                                                     static_cast<long long>(a.size / 1024)));
        const std::int64_t id = a.id;
        const std::string name = a.name;
        auto open_it = [this, id, name](wxEvent&) { open_attachment(id, name); };
        w->Bind(wxEVT_LEFT_UP, open_it);
        w->Bind(wxEVT_BUTTON, open_it);
        s->Add(w, 0, wxRIGHT, 6);
        ++n;
    }
    if (n == 0 && strip == m_visit_thumbs)
        s->Add(new wxStaticText(strip, wxID_ANY, "none yet (Attach photo…)"), 0,
               wxALIGN_CENTER_VERTICAL);
    strip->Show(n > 0 || strip == m_visit_thumbs);
    if (strip == m_visit_thumbs && m_visit_photos->IsShown() != (n > 0 || m_editable)) {
        m_visit_photos->Show(n > 0 || m_editable); // a reviewed visit without photos: no row
        layout_form();
    }
    strip->Layout();
    strip->GetParent()->Layout();
}

void VisitPage::open_attachment(std::int64_t id, const std::string& name) {
    std::vector<unsigned char> data = m_store->attachment_data(id);
    wxLogNull quiet;
    wxMemoryInputStream in(data.data(), data.size());
    wxImage img;
    if (img.LoadFile(in)) {
        wxDialog dlg(this, wxID_ANY, wxs(name), wxDefaultPosition, wxDefaultSize,
                     wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
        wxSize max = wxGetDisplaySize() * 9 / 10;
        double scale =
            std::min({1.0, double(max.x) / img.GetWidth(), double(max.y - 60) / img.GetHeight()});
        if (scale < 1.0)
            img.Rescale(int(img.GetWidth() * scale), int(img.GetHeight() * scale),
                        wxIMAGE_QUALITY_HIGH);
        auto* s = new wxBoxSizer(wxVERTICAL);
        s->Add(new wxStaticBitmap(&dlg, wxID_ANY, wxBitmap(img)), 1, wxALL, 6);
        s->Add(dlg.CreateButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 6);
        dlg.SetSizerAndFit(s);
        dlg.SetEscapeId(wxID_CLOSE);
        dlg.ShowModal();
        return;
    }
    // Not an image: hand it to the desktop's viewer through a private temporary file.
    wxString path = wxFileName::CreateTempFileName("visitscore-") + "-" + wxs(name);
    {
        std::ofstream out(path.fn_str(), std::ios::binary);
        out.write(reinterpret_cast<const char*>(data.data()),
                  static_cast<std::streamsize>(data.size()));
    }
    if (!wxLaunchDefaultApplication(path))
        show_message("No program is set up to open " + wxs(name) + "; it was saved as " + path,
                     true);
}

wxString VisitPage::score_text() const {
    return m_score->GetLabel();
}
wxString VisitPage::critical_text() const {
    return m_critical->GetToolTipText();
}

wxStaticText* VisitPage::critical_label() const {
    return m_critical;
}

void VisitPage::wrap_critical() {
    // SetLabel drops the line breaks a previous Wrap added; wrap inside the 10 px margins.
    m_critical_wrap = m_score_panel->GetClientSize().x;
    m_critical->SetLabel(m_critical->GetToolTipText());
    m_critical->Wrap(std::max(80, m_critical_wrap - 20));
    m_critical->InvalidateBestSize();
}
wxString VisitPage::saved_text() const {
    return m_saved->GetLabel();
}

} // namespace vs::app
