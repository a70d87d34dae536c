#pragma once
// Records a training of the training view: date, title, trainer, employees and behaviours.

#include "app/insights/training_model.h"
#include "app/shell/date_ctrl.h"

#include <string>
#include <vector>
#include <wx/dialog.h>

class wxCheckListBox;
class wxTextCtrl;

namespace vs::app {

/// Records a training: date, title, trainer, employees and behaviours addressed.
class TrainingDialog : public wxDialog {
  public:
    TrainingDialog(wxWindow* parent, storage::Store& store, const std::string& client);
    /// What the person entered.
    NewTraining value() const;
    /// Fills the fields as a person would (tests): employees and sections by code/id.
    void fill(const std::string& date, const std::string& title, const std::string& trainer,
              const std::vector<std::string>& employees, const std::vector<std::string>& sections);

  private:
    std::string m_client;
    std::vector<std::string> m_employee_codes;
    std::vector<Behaviour> m_behaviours;
    DateCtrl* m_date;
    wxTextCtrl* m_title;
    wxTextCtrl* m_trainer;
    wxCheckListBox* m_employees;
    wxCheckListBox* m_sections;
};

} // namespace vs::app
