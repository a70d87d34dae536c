#pragma once
// The visit list's control: a virtual report list that asks VisitListSource for one page of
// rows at a time.

#include "app/visits/visit_list_model.h"

#include <functional>
#include <wx/listctrl.h>

namespace vs::app {

/// The list itself: a virtual wxListCtrl, which wxWidgets draws itself on GTK, so that a
/// million rows cost nothing until they are shown (GTK's own tree view, behind wxDataViewCtrl,
/// builds a node per row: half a second at a million). No data of its own.
class VisitListCtrl : public wxListCtrl {
  public:
    /// Risk shows for those who review only (show_risk); it is the last column.
    enum Column {
        Date,
        Client,
        Branch,
        Employee,
        Shopper,
        Scorecard,
        Status,
        Score,
        Risk,
        Columns
    };

    VisitListCtrl(wxWindow* parent, VisitListSource& source);
    /// Tells the control that the rows changed (the selection is cleared).
    void reset();
    /// The text of a cell, as shown.
    wxString cell_text(long row, long col) const;
    /// Shares the visible width among the columns: date, status and score whole, the names
    /// in proportion, every heading whole (done whenever the list's size changes).
    void fit_columns();
    /// Shows or hides the Risk column (the source's risk is switched by its owner).
    void show_risk(bool on);
    /// The order shown in the headers (an arrow on Date or Risk), from the source.
    void show_sort();
    /// The text of the row's tooltip: its risk and each signal with its sentence; empty when
    /// the visit was not assessed.
    wxString risk_tip(long row) const;

    /// Called after a click on a header changed the order.
    std::function<void()> on_sorted;

    /// Called once, when the control first asks for a cell to draw (the list is on screen).
    std::function<void()> on_first_value;

  protected:
    wxString OnGetItemText(long row, long col) const override;
    /// The score's standing as a coloured dot (wx's own list takes attributes per row only).
    int OnGetItemColumnImage(long row, long col) const override;
    /// Drafts and returned visits in italics, excluded ones grey.
    wxItemAttr* OnGetItemAttr(long row) const override;

  private:
    void sort_by(long col);
    void track_tip(wxMouseEvent& e);

    VisitListSource& m_source;
    mutable bool m_asked = false;
    long m_tip_row = -1;
    wxItemAttr m_italic, m_grey;
};

} // namespace vs::app
