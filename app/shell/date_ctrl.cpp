#include "app/shell/date_ctrl.h"

#include "app/shell/ui_util.h"
#include "forms/dates.h"

#include <algorithm>
#include <wx/button.h>
#include <wx/calctrl.h>
#include <wx/dialog.h>
#include <wx/display.h>
#include <wx/generic/calctrlg.h>
#include <wx/popupwin.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {
namespace {

/// The widest date the field must show in full.
constexpr const char* kWidestDate = "2026-12-31";

wxDateTime wx_of(int day) {
    wxDateTime d;
    d.ParseISODate(wxs(forms::day_to_string(day)));
    return d;
}

std::optional<int> day_of(const wxDateTime& d) {
    if (!d.IsValid())
        return std::nullopt;
    return forms::parse_day(u8(d.FormatISODate()));
}

int today() {
    return *day_of(wxDateTime::Today());
}

/// Why `text` (not a date) is refused: a month or day that does not exist, or the form.
wxString why_not_a_date(const wxString& text) {
    unsigned long y = 0, m = 0, d = 0;
    const bool form = text.length() == 10 && text[4] == '-' && text[7] == '-' &&
                      text.Mid(0, 4).ToULong(&y) && text.Mid(5, 2).ToULong(&m) &&
                      text.Mid(8, 2).ToULong(&d);
    if (form && (m < 1 || m > 12))
        return "\"" + text + "\" is not a date: there is no month " + text.Mid(5, 2) + ".";
    if (form) {
        const auto days =
            wxDateTime::GetNumberOfDays(static_cast<wxDateTime::Month>(m - 1), static_cast<int>(y));
        return wxString::Format(
            "\"%s\" is not a date: %s %lu has %d days.", text,
            wxDateTime::GetEnglishMonthName(static_cast<wxDateTime::Month>(m - 1)), y,
            static_cast<int>(days));
    }
    return "\"" + text + "\" is not a date: write it as YYYY-MM-DD, e.g. " +
           wxs(forms::day_to_string(today())) + ".";
}

/// The calendar opened from the field: a day is taken by OK, Enter or a double click; Escape
/// or Cancel leave the field as it was.
class CalendarDialog : public wxDialog {
  public:
    CalendarDialog(wxWindow* parent, std::optional<int> day, bool allow_none)
        : wxDialog(parent, wxID_ANY, "Choose a date") {
        SetName("date_calendar");
        // wx's own calendar: GTK's starts the week as the locale does, this one on Monday
        // as ISO weeks do.
        m_calendar = new wxGenericCalendarCtrl(
            this, wxID_ANY, wx_of(day.value_or(today())), wxDefaultPosition, wxDefaultSize,
            wxCAL_MONDAY_FIRST | wxCAL_SHOW_SURROUNDING_WEEKS | wxCAL_SEQUENTIAL_MONTH_SELECTION);
        auto* top = new wxBoxSizer(wxVERTICAL);
        top->Add(m_calendar, 0, wxALL, 8);
        auto* buttons = new wxBoxSizer(wxHORIZONTAL);
        auto* now = new wxButton(this, wxID_ANY, "Today");
        buttons->Add(now, 0, wxRIGHT, 6);
        if (allow_none) {
            auto* none = new wxButton(this, wxID_ANY, "No date");
            buttons->Add(none, 0, wxRIGHT, 6);
            none->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
                m_none = true;
                EndModal(wxID_OK);
            });
        }
        buttons->AddStretchSpacer();
        buttons->Add(new wxButton(this, wxID_CANCEL), 0, wxRIGHT, 6);
        auto* ok = new wxButton(this, wxID_OK);
        ok->SetDefault();
        buttons->Add(ok);
        top->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
        SetSizerAndFit(top);

        now->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
            m_calendar->SetDate(wxDateTime::Today());
            EndModal(wxID_OK);
        });
        m_calendar->Bind(wxEVT_CALENDAR_DOUBLECLICKED,
                         [this](wxCalendarEvent&) { EndModal(wxID_OK); });
        Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
            if (e.GetKeyCode() == WXK_RETURN || e.GetKeyCode() == WXK_NUMPAD_ENTER)
                EndModal(wxID_OK);
            else
                e.Skip();
        });
        m_calendar->SetFocus();
    }

    /// The chosen day; std::nullopt for "No date".
    std::optional<int> chosen() const {
        return m_none ? std::nullopt : day_of(m_calendar->GetDate());
    }

  private:
    wxGenericCalendarCtrl* m_calendar;
    bool m_none = false;
};

} // namespace

std::string date_field_keys() {
    return "In a date field (YYYY-MM-DD)\n"
           "  Up / Down\ta day later / earlier\n"
           "  Page Up / Page Down\ta month later / earlier\n"
           "  Alt+Down or F4\tthe calendar (Enter takes a day, Escape leaves it)";
}

DateCtrl::DateCtrl(wxWindow* parent, wxWindowID id, const wxDateTime& value, const wxPoint& pos,
                   const wxSize& size, long style)
    : wxPanel(parent, id, pos, size, wxTAB_TRAVERSAL | wxBORDER_NONE, "date"),
      m_allow_none((style & wxDP_ALLOWNONE) != 0) {
    m_text =
        new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    m_text->SetHint("YYYY-MM-DD");
    m_text->SetMaxLength(10);
    // Room for the widest date (and the hint, which is as long) with the box's own margins.
    const int text_width =
        std::max(m_text->GetTextExtent(kWidestDate).x, m_text->GetTextExtent("YYYY-MM-DD").x);
    m_text->SetInitialSize(m_text->GetSizeFromTextSize(text_width + m_text->GetCharWidth()));
    m_button = new wxButton(this, wxID_ANY, wxString::FromUTF8("▾"), wxDefaultPosition,
                            wxDefaultSize, wxBU_EXACTFIT);
    m_button->SetToolTip("Choose the date on a calendar (Alt+Down)");
    // The keyboard reaches the calendar by Alt+Down or F4: one Tab stop per date.
    m_button->DisableFocusFromKeyboard();

    auto* s = new wxBoxSizer(wxHORIZONTAL);
    s->Add(m_text, 1, wxALIGN_CENTER_VERTICAL);
    s->Add(m_button, 0, wxEXPAND | wxLEFT, 2);
    SetSizer(s);
    SetValue(value);
    SetInitialSize(size);

    m_text->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { take_text(false); });
    m_text->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent& e) {
        take_text(true);
        // A date taken is shown as the app writes it, and Enter goes on to the dialog's
        // default button; text that is not a date keeps Enter, so that no dialog takes the
        // old date unseen.
        if (IsValid()) {
            show_text();
            e.Skip();
        }
    });
    m_text->Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
        e.Skip();
        take_text(true);
        // The red field and its tip still say it; the note is for the person typing.
        if (m_note)
            m_note->Hide();
    });
    m_text->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        const int key = e.GetKeyCode();
        const bool alt = e.GetModifiers() == wxMOD_ALT;
        if ((key == WXK_DOWN && alt) || (key == WXK_F4 && e.GetModifiers() == 0)) {
            open_calendar();
            return;
        }
        if (e.GetModifiers() != 0) {
            e.Skip();
            return;
        }
        switch (key) {
        case WXK_UP:
        case WXK_NUMPAD_UP:
            step(1, 0);
            break;
        case WXK_DOWN:
        case WXK_NUMPAD_DOWN:
            step(-1, 0);
            break;
        case WXK_PAGEUP:
        case WXK_NUMPAD_PAGEUP:
            step(0, 1);
            break;
        case WXK_PAGEDOWN:
        case WXK_NUMPAD_PAGEDOWN:
            step(0, -1);
            break;
        default:
            e.Skip();
        }
    });
    m_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_calendar(); });
}

wxDateTime DateCtrl::GetValue() const {
    return m_day ? wx_of(*m_day) : wxDateTime();
}

void DateCtrl::SetValue(const wxDateTime& value) {
    std::optional<int> day = day_of(value);
    if (!day && !m_allow_none)
        day = today();
    set_day(day);
}

void DateCtrl::set_day(std::optional<int> day) {
    if (!day && !m_allow_none)
        return;
    m_day = day;
    show_text();
}

void DateCtrl::show_text() {
    m_text->ChangeValue(m_day ? wxs(forms::day_to_string(*m_day)) : wxString());
    mark("", false);
}

void DateCtrl::take_text(bool finished) {
    wxString text = m_text->GetValue();
    text.Trim().Trim(false);
    if (text.empty()) {
        if (m_allow_none) {
            mark("", false);
            change_by_user(std::nullopt);
        } else {
            mark("A date is needed, written as YYYY-MM-DD.", finished);
        }
        return;
    }
    const std::string s = u8(text);
    const std::optional<int> day = s.size() == 10 ? forms::parse_day(s) : std::nullopt;
    // A whole date that does not exist is told at once; a date half typed when the person
    // leaves it or presses Enter.
    const bool tell = finished || s.size() >= 10;
    if (!day) {
        mark(why_not_a_date(text), tell);
        return;
    }
    if (!forms::plausible_day(*day)) {
        mark(wxs(forms::implausible_date_message(s)) + ".", tell);
        return;
    }
    mark("", false);
    change_by_user(day);
}

void DateCtrl::mark(const wxString& error, bool tell) {
    m_error = error;
    // Red only for text that is wrong as it stands: a date being typed is not yet wrong.
    const bool red = !error.empty() && tell;
    if (red != m_red) {
        m_red = red;
        m_text->SetBackgroundColour(red ? wxColour(0xFF, 0xE0, 0xE0) : wxNullColour);
        m_text->SetForegroundColour(red ? colour_below() : wxNullColour);
        m_text->Refresh();
    }
    m_text->SetToolTip(error.empty() ? wxString("A date as YYYY-MM-DD; Up/Down: a day, Page "
                                                "Up/Down: a month; Alt+Down: a calendar")
                                     : error);
    show_note(red);
}

void DateCtrl::show_note(bool show) {
    if (!show || wxWindow::FindFocus() != m_text || !m_text->IsShownOnScreen()) {
        if (m_note && m_note->IsShown())
            m_note->Hide();
        return;
    }
    // A window of its own below the field, so that the pages around need no room for it; it
    // takes neither the focus nor the keys, and typing goes on.
    if (!m_note) {
        m_note = new wxPopupWindow(this, wxBORDER_SIMPLE);
        m_note->SetBackgroundColour(wxColour(0xFF, 0xF4, 0xE5));
        m_note_text = new wxStaticText(m_note, wxID_ANY, "");
        m_note_text->SetForegroundColour(colour_below());
        auto* s = new wxBoxSizer(wxVERTICAL);
        s->Add(m_note_text, 0, wxALL, 6);
        m_note->SetSizer(s);
    }
    m_note_text->SetLabelText(m_error);
    m_note_text->Wrap(FromDIP(360));
    m_note->Fit();
    m_note->Position(ClientToScreen(wxPoint(0, 0)), wxSize(0, GetSize().y));
    m_note->Show();
}

bool DateCtrl::note_shown() const {
    return m_note && m_note->IsShown();
}

wxString DateCtrl::note_text() const {
    if (!m_note_text)
        return {};
    wxString text = m_note_text->GetLabelText();
    text.Replace("\n", " "); // the lines as wrapped
    return text;
}

void DateCtrl::change_by_user(std::optional<int> day) {
    if (day == m_day)
        return;
    m_day = day;
    send_event();
}

void DateCtrl::send_event() {
    wxDateEvent e(this, GetValue(), wxEVT_DATE_CHANGED);
    ProcessWindowEvent(e);
}

void DateCtrl::step(int days, int months) {
    // From the date shown (or today when there is none yet, or the text is wrong).
    wxDateTime d = wx_of(IsValid() && m_day ? *m_day : today());
    if (months != 0)
        d += wxDateSpan::Months(months);
    d += wxDateSpan::Days(days);
    const std::optional<int> day = day_of(d);
    if (!day || !forms::plausible_day(*day))
        return;
    mark("", false);
    m_text->ChangeValue(wxs(forms::day_to_string(*day)));
    m_text->SetInsertionPointEnd();
    change_by_user(day);
}

void DateCtrl::open_calendar() {
    CalendarDialog dlg(this, IsValid() ? m_day : std::nullopt, m_allow_none);
    // Below the field, within the screen.
    wxPoint at = ClientToScreen(wxPoint(0, GetSize().y));
    const int n = wxDisplay::GetFromWindow(this);
    const wxRect screen =
        wxDisplay(n == wxNOT_FOUND ? 0u : static_cast<unsigned>(n)).GetClientArea();
    const wxSize size = dlg.GetSize();
    at.x = std::max(screen.x, std::min(at.x, screen.GetRight() - size.x));
    at.y = std::max(screen.y, std::min(at.y, screen.GetBottom() - size.y));
    dlg.Move(at);
    if (dlg.ShowModal() != wxID_OK)
        return;
    const std::optional<int> before = m_day;
    if (const std::optional<int> day = dlg.chosen(); day || m_allow_none)
        m_day = day;
    // The chosen day replaces the text, also text that was not a date.
    show_text();
    m_text->SetFocus();
    if (m_day != before)
        send_event();
}

} // namespace vs::app
