#pragma once
// The designer's preview: the scorecard exactly as a shopper sees it (the evaluator's own form
// panel, VisitPage, in its preview mode), filled with a test answer set — "All best", "One
// critical failure", "All NA" — and the live score, so that a consultant can check that a perfect
// visit scores 100, a critical failure scores 0 and N/A does what they expect. Answers can be
// changed by hand afterwards; nothing is saved.

#include "app/designer/designer_model.h"

#include <memory>
#include <wx/panel.h>
#include <wx/timer.h>

class wxStaticText;

namespace vs::app {

class VisitPage;

/// Measures every label under `root` again and lays it out. GTK 3 applies a font set on a new
/// label (bold titles) only at its next frame, so a label measured at once keeps the old font's
/// size and clips its last word; call this once the window has been drawn.
void refit_labels(wxWindow* root);

class TemplatePreview : public wxPanel {
  public:
    explicit TemplatePreview(wxWindow* parent);

    /// Shows `tpl` (nullptr: nothing valid to show yet) with the current test answer set.
    void set_template(std::shared_ptr<const forms::Template> tpl);
    /// Fills the form with a test answer set.
    void apply(TestAnswers which);
    /// Empties every answer.
    void clear();

    VisitPage* page() const { return m_page; }
    /// What the current test set means ("a perfect visit should score 100", …).
    wxString note() const;
    std::shared_ptr<const forms::Template> tpl() const { return m_tpl; }

  private:
    std::shared_ptr<const forms::Template> m_tpl;
    TestAnswers m_which = TestAnswers::AllBest;
    bool m_cleared = false;
    VisitPage* m_page = nullptr;
    wxStaticText* m_note = nullptr;
    wxStaticText* m_empty = nullptr;
    wxTimer m_refit; ///< measures the new form's labels again once GTK has styled them
};

} // namespace vs::app
