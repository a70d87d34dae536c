#pragma once
// Creates the assignments a visit plan needs (services::propose_from_plan) for one client: the
// plan of the Planning page (its client, precision and planning date, per branch), a scorecard,
// a period the visits are made in, a scenario and a fee. Preview shows how many would be made,
// the shoppers proposed and the ones no shopper fits with why; Create stores them all or
// nothing. The same plan made again adds nothing (the service's uuids are derived from it).

#include "app/field/assignments_model.h"

#include <string>
#include <vector>
#include <wx/dialog.h>

class wxButton;
class wxChoice;
class wxTextCtrl;

namespace vs::app {

class DateCtrl;

class CreateAssignmentsDialog : public wxDialog {
  public:
    CreateAssignmentsDialog(wxWindow* parent, storage::Store& store, const std::string& client,
                            double half_width, int as_of_day, bool show_fees,
                            const std::string& who);

    /// Proposes the assignments for the fields as they are and shows the preview; false with
    /// the error shown in its place.
    bool preview();
    /// Stores the previewed assignments (previewing first when the fields changed); how many,
    /// or 0 with the error shown.
    std::size_t create();

    const PlanPreview& previewed() const { return m_preview; }
    /// The text shown in the preview.
    std::string preview_text() const;
    wxChoice* scorecard() const { return m_scorecard; }
    DateCtrl* period_from() const { return m_from; }
    DateCtrl* period_to() const { return m_to; }
    wxTextCtrl* scenario() const { return m_scenario; }
    wxTextCtrl* fee() const { return m_fee; }
    wxButton* create_button() const { return m_create; }
    std::size_t created() const { return m_created; }

  private:
    void stale();

    storage::Store& m_store;
    std::string m_client;
    double m_half_width;
    int m_as_of;
    std::string m_who;
    bool m_fresh = false; ///< the preview is of the fields as they are
    PlanPreview m_preview;
    std::size_t m_created = 0;
    std::vector<std::pair<std::string, int>> m_versions;
    wxChoice* m_scorecard = nullptr;
    DateCtrl* m_from = nullptr;
    DateCtrl* m_to = nullptr;
    wxTextCtrl* m_scenario = nullptr;
    wxTextCtrl* m_fee = nullptr;
    wxTextCtrl* m_text = nullptr;
    wxButton* m_create = nullptr;
};

} // namespace vs::app
