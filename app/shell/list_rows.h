#pragma once
// A report list of a page and the rows behind it (one list item per row, in order): which row is
// selected, and selecting one as a person would see it.

#include <cstddef>
#include <vector>
#include <wx/listctrl.h>

namespace vs::app {

/// The row behind the selected item of `list`, or nullptr when none is selected.
template <typename Row>
const Row* selected_row(const wxListCtrl* list, const std::vector<Row>& rows) {
    const long at = list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (at < 0 || static_cast<std::size_t>(at) >= rows.size())
        return nullptr;
    return &rows[static_cast<std::size_t>(at)];
}

/// Selects, focuses and scrolls to the item of the first row that `matches`; false when no row
/// does (the selection then stays as it was).
template <typename Row, typename Match>
bool select_row(wxListCtrl* list, const std::vector<Row>& rows, Match matches) {
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (matches(rows[i])) {
            list->SetItemState(static_cast<long>(i), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
            list->EnsureVisible(static_cast<long>(i));
            return true;
        }
    return false;
}

} // namespace vs::app
