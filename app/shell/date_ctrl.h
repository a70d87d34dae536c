#pragma once
// A date field that shows and takes dates as YYYY-MM-DD, like every other date in the app.
// wxDatePickerCtrl on GTK is wx's generic picker, which writes dates in the C locale's
// month/day/year order; this control has the same interface (GetValue/SetValue with
// wxDateTime, wxDP_ALLOWNONE, wxEVT_DATE_CHANGED with a wxDateEvent), so its users keep their
// handlers.
//
// A person types the date, or presses Up/Down (a day) and Page Up/Page Down (a month), or opens
// a calendar with the button, Alt+Down or F4. Text that is not a date (2026-02-30, 2026-13-40,
// a year before 1990) is never taken: the field turns red, says why (in its tooltip, and in a
// note below it while the person types, once the whole date is typed or Enter pressed), and
// the value stays what it was. With wxDP_ALLOWNONE an
// empty field means "no date".

#include <optional>
#include <string>
#include <wx/datectrl.h>
#include <wx/dateevt.h>
#include <wx/panel.h>

class wxButton;
class wxPopupWindow;
class wxStaticText;
class wxTextCtrl;

namespace vs::app {

/// The keys of a date field, for Help ▸ Keyboard shortcuts: a title line, then lines
/// "  key<TAB>what it does" (the form of keyboard_help()).
std::string date_field_keys();

class DateCtrl : public wxPanel {
  public:
    /// `style`: wxDP_ALLOWNONE lets the field be empty (no date); other wxDP_ flags are
    /// accepted and mean nothing here. An invalid `value` is today, or no date with
    /// wxDP_ALLOWNONE.
    DateCtrl(wxWindow* parent, wxWindowID id, const wxDateTime& value = wxDefaultDateTime,
             const wxPoint& pos = wxDefaultPosition, const wxSize& size = wxDefaultSize,
             long style = wxDP_DEFAULT | wxDP_SHOWCENTURY);

    /// The date (at midnight); an invalid wxDateTime for "no date".
    wxDateTime GetValue() const;
    /// Shows `value` (no date when invalid and allowed, else today); sends no event.
    void SetValue(const wxDateTime& value);
    /// True when the text shown is a date, or empty where no date is allowed (false also while
    /// a date is half typed: the value is then the one before).
    bool IsValid() const { return m_error.empty(); }

    /// The date as a day number (forms::parse_day); std::nullopt for no date.
    std::optional<int> day() const { return m_day; }
    void set_day(std::optional<int> day);
    bool allows_none() const { return m_allow_none; }

    /// Why the text shown is not taken; empty when it is.
    const wxString& error() const { return m_error; }
    /// The note below the field that says what is wrong, while the person types.
    bool note_shown() const;
    wxString note_text() const;
    wxTextCtrl* text() const { return m_text; }
    wxButton* button() const { return m_button; }

    /// Opens the calendar below the field; a chosen date is taken as if typed.
    void open_calendar();

  private:
    /// Reads the text: takes a date (sending wxEVT_DATE_CHANGED when it differs), or marks the
    /// field as wrong. `finished` when the person is done with the field (Enter, focus lost).
    void take_text(bool finished);
    /// Sets the value as a person's change, sending the event when it changed.
    void change_by_user(std::optional<int> day);
    void show_text();
    /// Marks the field as right (empty `error`) or not a date (`error` in its tooltip); with
    /// `tell` (the text is wrong as it stands, not half typed) red, with the note below it.
    void mark(const wxString& error, bool tell);
    void show_note(bool show);
    void step(int days, int months);
    void send_event();

    wxTextCtrl* m_text = nullptr;
    wxButton* m_button = nullptr;
    std::optional<int> m_day;
    bool m_allow_none = false;
    wxString m_error;
    bool m_red = false; ///< the field is marked as wrong
    wxPopupWindow* m_note = nullptr;
    wxStaticText* m_note_text = nullptr;
};

} // namespace vs::app
