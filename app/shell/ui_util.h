#pragma once
// Small helpers shared by the app's windows.

#include <functional>
#include <optional>
#include <string>
#include <wx/colour.h>
#include <wx/string.h>

namespace vs::app {

/// UTF-8 std::string -> wxString.
inline wxString wxs(const std::string& s) {
    return wxString::FromUTF8(s.data(), s.size());
}
/// wxString -> UTF-8 std::string.
inline std::string u8(const wxString& s) {
    const wxScopedCharBuffer b = s.utf8_str();
    return std::string(b.data(), b.length());
}

/// Colours of scores against their target.
inline wxColour colour_above() {
    return wxColour(0x1B, 0x7A, 0x2E);
}
inline wxColour colour_near() {
    return wxColour(0xB2, 0x6A, 0x00);
}
inline wxColour colour_below() {
    return wxColour(0xC6, 0x28, 0x28);
}

/// Asks a person for a line of text (a reason, a note); nullopt when cancelled. The app uses
/// a dialog; tests replace it.
using TextPrompt =
    std::function<std::optional<std::string>(const wxString& title, const wxString& message)>;

/// The dialog-based prompt.
std::optional<std::string> dialog_prompt(const wxString& title, const wxString& message);

} // namespace vs::app
