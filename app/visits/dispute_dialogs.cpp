#include "app/visits/dispute_dialogs.h"

#include "app/shell/ui_util.h"
#include "app/visits/answer_input.h"
#include "forms/describe.h"
#include "forms/error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/filepicker.h>
#include <wx/panel.h>
#include <wx/radiobox.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace vs::app {
namespace {

constexpr int kWrap = 520;

/// A question's text, shortened for a choice list.
std::string short_text(const std::string& text, std::size_t most = 80) {
    if (text.size() <= most)
        return text;
    std::size_t cut = most;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // never inside a UTF-8 character
    return text.substr(0, cut) + "\u2026";
}

forms::Answer answer_of(const forms::Question& q, const std::string& json) {
    if (json.empty())
        return {};
    try {
        return forms::answer_from_json(q, nlohmann::json::parse(json), "", q.id);
    } catch (const std::exception&) {
        return {};
    }
}

wxStaticText* wrapped(wxWindow* parent, const std::string& text) {
    auto* t = new wxStaticText(parent, wxID_ANY, wxs(text));
    t->Wrap(kWrap);
    return t;
}

} // namespace

AnswerBox::AnswerBox(wxWindow* parent) {
    m_panel = new wxPanel(parent, wxID_ANY);
    m_panel->SetSizer(new wxBoxSizer(wxHORIZONTAL));
}

AnswerBox::~AnswerBox() = default;

void AnswerBox::set_question(const forms::Question& q, const forms::Answer& answer) {
    m_input.reset();
    m_panel->GetSizer()->Clear(true);
    m_answer = answer;
    AnswerEvents events;
    events.answer = [this](forms::Answer a) {
        m_answer = std::move(a);
        // Buttons act as one choice: the pressed one stays, the others are released.
        m_syncing = true;
        m_input->show(m_answer);
        m_syncing = false;
    };
    events.syncing = [this] { return m_syncing; };
    events.control = [](wxWindow*) {};
    m_input = make_answer_input(q, std::move(events));
    m_input->build(m_panel, m_panel->GetSizer());
    m_syncing = true;
    m_input->show(m_answer);
    m_input->set_editable(m_panel->IsEnabled(), m_answer);
    m_syncing = false;
    m_input->fit(kWrap);
    m_panel->Layout();
    m_panel->GetSizer()->SetSizeHints(m_panel);
}

void AnswerBox::type(const forms::Answer& answer) {
    if (m_input)
        m_input->type(answer);
}

void AnswerBox::enable(bool on) {
    m_panel->Enable(on);
    if (m_input) {
        m_syncing = true;
        m_input->set_editable(on, m_answer);
        m_syncing = false;
    }
}

// ---------------------------------------------------------------------------------------------

void DisputeDialogBase::add_error_and_buttons(wxSizer* top, const wxString& ok_label,
                                              int error_sides, int button_sides) {
    m_error = new wxStaticText(this, wxID_ANY, "");
    m_error->SetForegroundColour(colour_below());
    top->Add(m_error, 0, wxEXPAND | error_sides, 12);
    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    if (auto* ok = dynamic_cast<wxButton*>(FindWindow(wxID_OK)))
        ok->SetLabel(ok_label);
    top->Add(buttons, 0, wxEXPAND | button_sides, 12);
    m_reason->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
        if (m_error_field == "Reason")
            show_error("", "");
    });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
        if (e.GetId() != wxID_OK) {
            e.Skip();
            return;
        }
        if (save())
            EndModal(wxID_OK);
    });
}

std::string DisputeDialogBase::error() const {
    return u8(m_error->GetLabel());
}

void DisputeDialogBase::show_error(const std::string& field, const std::string& message) {
    m_error_field = field;
    m_error->SetLabel(wxs(field.empty() ? message : field + ": " + message));
    m_error->Wrap(std::max(300, GetClientSize().x - 24));
    focus_field(field);
    Layout();
    Fit();
}

void DisputeDialogBase::focus_field(const std::string& field) {
    if (field == "Reason")
        m_reason->SetFocus();
}

// ---------------------------------------------------------------------------------------------

DisputeDialog::DisputeDialog(wxWindow* parent, storage::Store& store, DisputableVisit visit,
                             const std::string& who)
    : DisputeDialogBase(parent, wxID_ANY, "Dispute a released visit", wxDefaultPosition,
                        wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store(store), m_visit(std::move(visit)), m_who(who) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* title = new wxStaticText(this, wxID_ANY, wxs(m_visit.label));
    title->SetFont(title->GetFont().Bold());
    top->Add(title, 0, wxALL, 12);
    auto* note = wrapped(
        this, "Dispute the answer to one question: propose the answer you believe is right and "
              "say why. An arbiter who did not review the visit decides. Points on this visit: " +
                  std::to_string(m_visit.points) + " of at most " +
                  std::to_string(m_visit.max_points) + ".");
    note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    top->Add(note, 0, wxLEFT | wxRIGHT | wxBOTTOM, 12);

    auto* grid = new wxFlexGridSizer(2, 8, 10);
    grid->AddGrowableCol(1, 1);
    const auto label = [&](const char* text) {
        grid->Add(new wxStaticText(this, wxID_ANY, wxString::FromUTF8(text)), 0,
                  wxALIGN_CENTER_VERTICAL);
    };
    label("&Question");
    m_question = new wxChoice(this, wxID_ANY);
    for (const DisputableQuestion& q : m_visit.questions)
        m_question->Append(
            wxs(short_text(q.question->text.empty() ? q.question->id : q.question->text) +
                (q.open_point ? "  (disputed, open)" : "")));
    grid->Add(m_question, 1, wxEXPAND);
    label("Answer now");
    m_current = new wxStaticText(this, wxID_ANY, "");
    grid->Add(m_current, 1, wxEXPAND | wxALIGN_CENTER_VERTICAL);
    label("&Proposed answer");
    m_answer = std::make_unique<AnswerBox>(this);
    grid->Add(m_answer->panel(), 1, wxEXPAND);
    label("&Reason");
    m_reason =
        new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 70), wxTE_MULTILINE);
    m_reason->SetHint("What the shopper's answer misses");
    grid->Add(m_reason, 1, wxEXPAND);
    label("&Evidence (optional)");
    m_evidence = new wxFilePickerCtrl(this, wxID_ANY, "", "Evidence for the dispute", "All files|*",
                                      wxDefaultPosition, wxDefaultSize,
                                      wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
    grid->Add(m_evidence, 1, wxEXPAND);
    top->Add(grid, 1, wxEXPAND | wxLEFT | wxRIGHT, 12);

    add_error_and_buttons(top, "Open dispute", wxALL, wxLEFT | wxRIGHT | wxBOTTOM);
    SetSizer(top);

    m_question->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { question_changed(); });
    // The first question without an open point.
    int first = 0;
    for (std::size_t i = 0; i < m_visit.questions.size(); ++i)
        if (!m_visit.questions[i].open_point) {
            first = static_cast<int>(i);
            break;
        }
    if (!m_visit.questions.empty()) {
        m_question->SetSelection(first);
        question_changed();
    }
    SetMinSize(wxSize(640, -1));
    Fit();
    CentreOnParent();
    m_question->SetFocus();
}

DisputeDialog::~DisputeDialog() = default;

void DisputeDialog::question_changed() {
    const int at = m_question->GetSelection();
    if (at < 0 || static_cast<std::size_t>(at) >= m_visit.questions.size())
        return;
    const DisputableQuestion& q = m_visit.questions[static_cast<std::size_t>(at)];
    m_current->SetLabel(wxs(q.answer));
    // The proposal starts from the answer given, as a person changes it.
    m_answer->set_question(*q.question, answer_of(*q.question, q.answer_json));
    m_error->SetLabel("");
    m_error_field.clear();
    Layout();
    Fit();
}

bool DisputeDialog::choose_question(const std::string& id) {
    for (std::size_t i = 0; i < m_visit.questions.size(); ++i)
        if (m_visit.questions[i].question->id == id) {
            m_question->SetSelection(static_cast<int>(i));
            question_changed();
            return true;
        }
    return false;
}

void DisputeDialog::propose(const forms::Answer& answer) {
    m_answer->type(answer);
}

void DisputeDialog::focus_field(const std::string& field) {
    if (field == "Question")
        m_question->SetFocus();
    else
        DisputeDialogBase::focus_field(field);
}

bool DisputeDialog::save() {
    const int at = m_question->GetSelection();
    if (at < 0 || static_cast<std::size_t>(at) >= m_visit.questions.size()) {
        show_error("Question", "choose the question you dispute");
        return false;
    }
    const DisputableQuestion& q = m_visit.questions[static_cast<std::size_t>(at)];
    services::DisputeRequest r;
    r.visit_uuid = m_visit.uuid;
    r.question = q.question->id;
    const nlohmann::json proposed = m_answer->answer().to_json();
    if (proposed.is_null()) {
        show_error("Proposed answer", "give the answer you propose");
        return false;
    }
    r.answer = proposed.dump();
    r.reason = u8(m_reason->GetValue());
    const std::string path = u8(m_evidence->GetPath());
    if (!path.empty()) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            show_error("Evidence", "cannot read " + path);
            return false;
        }
        r.evidence.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        r.evidence_name = std::filesystem::path(path).filename().string();
    }
    try {
        m_warnings.clear();
        m_saved = services::open_dispute(m_store, r, m_who, {}, &m_warnings);
    } catch (const InputError& e) {
        const std::string& w = e.where();
        const std::string field = w == "reason"     ? "Reason"
                                  : w == "answer"   ? "Proposed answer"
                                  : w == "question" ? "Question"
                                  : w == "deadline" ? "Deadline"
                                  : w == "visit"    ? "Visit"
                                                    : w;
        show_error(field, e.message());
        return false;
    } catch (const std::exception&) {
        show_error("", describe(std::current_exception()));
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------

DecideDialog::DecideDialog(wxWindow* parent, storage::Store& store, const DisputeRow& row,
                           const std::string& who)
    : DisputeDialogBase(parent, wxID_ANY, "Decide a dispute", wxDefaultPosition, wxDefaultSize,
                        wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store(store), m_row(row), m_who(who) {
    const storage::Dispute& d = m_row.dispute;
    try {
        if (const auto id = m_store.visit_id_of(d.visit_uuid))
            m_tpl = m_store.load_visit(*id).tpl;
    } catch (const std::exception&) {
        // shown without the answer controls; the service says what is wrong on save
    }
    const forms::Question* q = nullptr;
    if (m_tpl)
        if (const int qi = m_tpl->find_question(d.question); qi >= 0)
            q = &m_tpl->questions[static_cast<std::size_t>(qi)];

    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* title = wrapped(this, m_row.question_text);
    title->SetFont(title->GetFont().Bold());
    top->Add(title, 0, wxALL, 12);
    auto* grid = new wxFlexGridSizer(2, 6, 10);
    grid->AddGrowableCol(1, 1);
    const auto fact = [&](const char* name, const std::string& value) {
        auto* n = new wxStaticText(this, wxID_ANY, wxString::FromUTF8(name));
        n->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
        grid->Add(n, 0);
        grid->Add(wrapped(this, value), 1, wxEXPAND);
    };
    fact("Visit", d.visited_at.substr(0, 10) + " at " + d.branch + " (" + d.client + ")");
    fact("Answer given", m_row.disputed);
    fact("Proposed", m_row.proposed);
    fact("Reason", d.reason);
    fact("Opened", d.opened_by + " on " + d.opened_at.substr(0, 10));
    if (!d.evidence_name.empty())
        fact("Evidence", d.evidence_name + " (" + std::to_string(d.evidence_size) + " bytes)");
    top->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);

    const wxString outcomes[] = {"&Accept: the proposed answer stands",
                                 "&Partly: the answer below stands",
                                 "Re&ject: the answer given stays"};
    m_outcome = new wxRadioBox(this, wxID_ANY, "Decision", wxDefaultPosition, wxDefaultSize, 3,
                               outcomes, 1, wxRA_SPECIFY_COLS);
    top->Add(m_outcome, 0, wxEXPAND | wxALL, 12);
    auto* answer_row = new wxBoxSizer(wxHORIZONTAL);
    answer_row->Add(new wxStaticText(this, wxID_ANY, "Arbiter's answer"), 0,
                    wxALIGN_CENTER_VERTICAL | wxRIGHT, 10);
    m_answer = std::make_unique<AnswerBox>(this);
    answer_row->Add(m_answer->panel(), 1, wxEXPAND);
    top->Add(answer_row, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);
    if (q)
        m_answer->set_question(*q, answer_of(*q, d.original_answer));

    auto* reason_row = new wxBoxSizer(wxHORIZONTAL);
    reason_row->Add(new wxStaticText(this, wxID_ANY, "&Reason"), 0, wxRIGHT, 10);
    m_reason =
        new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 70), wxTE_MULTILINE);
    m_reason->SetHint("Why this decision (kept in the audit log)");
    reason_row->Add(m_reason, 1, wxEXPAND);
    top->Add(reason_row, 0, wxEXPAND | wxALL, 12);

    add_error_and_buttons(top, "Decide", wxLEFT | wxRIGHT, wxALL);
    SetSizer(top);

    m_outcome->Bind(wxEVT_RADIOBOX, [this](wxCommandEvent&) { outcome_changed(); });
    outcome_changed();
    SetMinSize(wxSize(600, -1));
    Fit();
    CentreOnParent();
    m_outcome->SetFocus();
}

DecideDialog::~DecideDialog() = default;

void DecideDialog::outcome_changed() {
    m_answer->enable(m_outcome->GetSelection() == 1);
}

void DecideDialog::choose(services::DisputeOutcome outcome) {
    m_outcome->SetSelection(outcome == services::DisputeOutcome::Accept   ? 0
                            : outcome == services::DisputeOutcome::Partly ? 1
                                                                          : 2);
    outcome_changed();
}

void DecideDialog::answer(const forms::Answer& answer) {
    m_answer->type(answer);
}

bool DecideDialog::save() {
    const int at = m_outcome->GetSelection();
    const auto outcome = at == 0   ? services::DisputeOutcome::Accept
                         : at == 1 ? services::DisputeOutcome::Partly
                                   : services::DisputeOutcome::Reject;
    std::string partly;
    if (outcome == services::DisputeOutcome::Partly) {
        const nlohmann::json a = m_answer->answer().to_json();
        if (a.is_null()) {
            show_error("Arbiter's answer", "give the answer that stands");
            return false;
        }
        partly = a.dump();
    }
    try {
        m_warnings.clear();
        services::decide_dispute(m_store, m_row.dispute.id, outcome, partly,
                                 u8(m_reason->GetValue()), m_who, &m_warnings);
    } catch (const InputError& e) {
        const std::string& w = e.where();
        show_error(w == "reason"    ? "Reason"
                   : w == "answer"  ? "Arbiter's answer"
                   : w == "arbiter" ? "Arbiter"
                                    : w,
                   e.message());
        return false;
    } catch (const std::exception&) {
        show_error("", describe(std::current_exception()));
        return false;
    }
    return true;
}

} // namespace vs::app
