#include "app/visits/new_visit_dialog.h"

#include "app/field/todo_model.h"
#include "app/shell/ui_util.h"
#include "forms/error.h"
#include "forms/survey.h"

#include <algorithm>
#include <map>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textcompleter.h>
#include <wx/timectrl.h>

#ifdef __WXGTK__
#include <dlfcn.h>
#endif

namespace vs::app {
namespace {

const wxString kUnidentified = "(could not identify)";

wxString entry_label(const storage::OrgEntity& e) {
    return wxs(e.code + (e.name.empty() ? "" : " — " + e.name));
}

wxString lower(const wxString& s) {
    return s.Lower();
}

/// The entities that `text` names: the one whose label or code it is, else every one whose code
/// or name contains it (ignoring case).
std::vector<const storage::OrgEntity*> find_entries(const std::vector<storage::OrgEntity>& list,
                                                    const wxString& text) {
    const wxString t = text.Strip(wxString::both);
    std::vector<const storage::OrgEntity*> found;
    if (t.empty())
        return found;
    for (const auto& e : list)
        if (entry_label(e) == t || wxs(e.code) == t)
            return {&e};
    for (const auto& e : list)
        if (lower(entry_label(e)) == lower(t) || lower(wxs(e.code)) == lower(t))
            return {&e};
    for (const auto& e : list)
        if (lower(wxs(e.code)).Contains(lower(t)) || lower(wxs(e.name)).Contains(lower(t)))
            found.push_back(&e);
    return found;
}

/// The entity that `text` names, or nullptr when none or several.
const storage::OrgEntity* find_entry(const std::vector<storage::OrgEntity>& list,
                                     const wxString& text) {
    auto found = find_entries(list, text);
    return found.size() == 1 ? found.front() : nullptr;
}

/// Says why `text` names no single entry of the `field` list.
std::string no_entry(const std::string& field, const std::vector<storage::OrgEntity>& list,
                     const wxString& text) {
    if (text.Strip(wxString::both).empty())
        return field +
               " is missing: type its code or part of its name and choose it from the list.";
    const std::size_t n = find_entries(list, text).size();
    if (n > 1)
        return field + ": \"" + u8(text) + "\" fits " + std::to_string(n) +
               " entries; type more of the code or name.";
    return field + ": nothing in the list has \"" + u8(text) + "\" in its code or name.";
}

/// Suggests the entries whose code or name contains what was typed, anywhere (GTK's own
/// completion matches only the start of "code — name").
class ContainsCompleter : public wxTextCompleterSimple {
  public:
    explicit ContainsCompleter(wxArrayString items) : m_items(std::move(items)) {}
    void GetCompletions(const wxString& prefix, wxArrayString& res) override {
        const wxString p = lower(prefix.Strip(wxString::both));
        for (const wxString& item : m_items)
            if (lower(item).Contains(p))
                res.Add(item);
    }

  private:
    wxArrayString m_items;
};

void fill_combo(wxComboBox* box, const std::vector<storage::OrgEntity>& list, bool unidentified) {
    wxArrayString items;
    if (unidentified)
        items.Add(kUnidentified);
    for (const auto& e : list)
        items.Add(entry_label(e));
    box->Set(items);
    box->AutoComplete(new ContainsCompleter(items));
}

/// One Tab stop per combo box: GTK's combo box with an entry stops on the entry and again on
/// its arrow button; the arrow still opens the list with the mouse, and Alt+Down opens it from
/// the entry. wx has no call for it and the app does not build against GTK's headers, so the
/// few GTK functions are looked up in the GTK that wx has loaded.
void one_tab_stop(wxWindow* combo) {
#ifdef __WXGTK__
    using Widget = void;
    using Callback = void (*)(Widget*, void*);
    static const auto forall = reinterpret_cast<void (*)(Widget*, Callback, void*)>(
        dlsym(RTLD_DEFAULT, "gtk_container_forall"));
    static const auto set_can_focus =
        reinterpret_cast<void (*)(Widget*, int)>(dlsym(RTLD_DEFAULT, "gtk_widget_set_can_focus"));
    static const auto is_a = reinterpret_cast<int (*)(Widget*, unsigned long)>(
        dlsym(RTLD_DEFAULT, "g_type_check_instance_is_a"));
    static const auto button_type =
        reinterpret_cast<unsigned long (*)()>(dlsym(RTLD_DEFAULT, "gtk_button_get_type"));
    static const auto container_type =
        reinterpret_cast<unsigned long (*)()>(dlsym(RTLD_DEFAULT, "gtk_container_get_type"));
    if (!forall || !set_can_focus || !is_a || !button_type || !container_type)
        return;
    struct Walk {
        static void visit(Widget* w, void*) {
            if (is_a(w, button_type()))
                set_can_focus(w, 0);
            else if (is_a(w, container_type()))
                forall(w, &Walk::visit, nullptr);
        }
    };
    forall(combo->GetHandle(), &Walk::visit, nullptr);
#else
    (void)combo;
#endif
}

} // namespace

NewVisitDialog::NewVisitDialog(wxWindow* parent, storage::Store& store,
                               const forms::Visit* existing)
    : wxDialog(parent, wxID_ANY, existing ? "Visit details" : "New visit", wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store(store) {
    if (existing)
        m_existing = *existing;
    std::map<std::string, std::pair<int, std::string>> latest;
    if (!existing) // (listing the scorecards counts their visits: not needed to edit one)
        for (const auto& t : store.templates())
            if (t.channel != forms::kSurveyChannel) // a customer survey has no shopper's visits
                latest[t.id] = {t.version, t.name};
    m_template = new wxChoice(this, wxID_ANY);
    for (const auto& [id, vn] : latest) {
        m_templates.emplace_back(id, vn.first);
        m_template->Append(wxs(vn.second + " (v" + std::to_string(vn.first) + ")"));
    }
    if (!m_templates.empty())
        m_template->SetSelection(0);
    m_clients = store.org_list(storage::OrgKind::Client, std::nullopt, existing != nullptr, false);
    m_client = new wxChoice(this, wxID_ANY);
    for (const auto& c : m_clients)
        m_client->Append(wxs(c.name));
    if (!m_clients.empty())
        m_client->SetSelection(0);
    m_branch = new wxComboBox(this, wxID_ANY, "", wxDefaultPosition, wxSize(340, -1));
    m_branch->SetHint("type a branch code or name");
    m_employee = new wxComboBox(this, wxID_ANY, "", wxDefaultPosition, wxSize(340, -1));
    m_employee->SetHint("type a code or name");
    m_shopper = new wxComboBox(this, wxID_ANY, "", wxDefaultPosition, wxSize(340, -1));
    m_shopper->SetHint("type a code or name");
    for (wxComboBox* box : {m_branch, m_employee, m_shopper}) {
        one_tab_stop(box);
        // Leaving a box with a part that fits one entry shows that entry whole.
        box->Bind(wxEVT_KILL_FOCUS, [this, box](wxFocusEvent& e) {
            e.Skip();
            const auto& list = box == m_branch     ? m_branches
                               : box == m_employee ? m_employees
                                                   : m_shoppers;
            if (const storage::OrgEntity* found = find_entry(list, box->GetValue()))
                if (box->GetValue() != entry_label(*found))
                    box->ChangeValue(entry_label(*found));
        });
    }
    m_date = new DateCtrl(this, wxID_ANY, wxDateTime::Today(), wxDefaultPosition, wxDefaultSize,
                          wxDP_DROPDOWN | wxDP_SHOWCENTURY);
    m_time = new wxTimePickerCtrl(this, wxID_ANY, wxDateTime::Now());
    m_error = new wxStaticText(this, wxID_ANY, "");
    m_error->SetForegroundColour(wxColour(0xC6, 0x28, 0x28));

    auto* grid = new wxFlexGridSizer(2, 8, 12);
    grid->AddGrowableCol(1, 1);
    auto row = [&](const wxString& label, wxWindow* w) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(w, 1, wxEXPAND);
    };
    row("Scorecard", m_template);
    row("Client", m_client);
    row("Branch", m_branch);
    row("Employee served by", m_employee);
    row("Shopper", m_shopper);
    auto* when = new wxBoxSizer(wxHORIZONTAL);
    when->Add(m_date, 0, wxRIGHT, 8);
    when->Add(m_time);
    grid->Add(new wxStaticText(this, wxID_ANY, "Date and time"), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(when);
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(grid, 1, wxEXPAND | wxALL, 16);
    s->Add(m_error, 0, wxEXPAND | wxLEFT | wxRIGHT, 16);
    s->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 12);
    SetSizerAndFit(s);
    SetMinSize(GetSize());

    m_client->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { fill_client(); });
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& e) {
            try {
                header();
                e.Skip();
            } catch (const InputError& x) {
                show_message(wxs(x.message()));
                if (wxWindow* field = x.where() == "branch"     ? static_cast<wxWindow*>(m_branch)
                                      : x.where() == "employee" ? m_employee
                                      : x.where() == "shopper"  ? m_shopper
                                                                : nullptr)
                    field->SetFocus();
            }
        },
        wxID_OK);
    fill_client();
    if (m_existing)
        preset(*m_existing);
    // The first field that can be changed has the focus when the dialog opens.
    wxWindow* first = !m_existing                          ? static_cast<wxWindow*>(m_template)
                      : assignment_of(*m_existing).empty() ? m_branch
                                                           : m_employee;
    first->SetFocus();
    Bind(wxEVT_SHOW, [this, first](wxShowEvent& e) {
        e.Skip();
        if (e.IsShown())
            CallAfter([first] { first->SetFocus(); });
    });
}

void NewVisitDialog::preset(const forms::Visit& v) {
    // The scorecard and the client stay: the answers belong to them.
    m_template->Clear();
    m_template->Append(wxs(v.template_id + " (v" + std::to_string(v.template_version) + ")"));
    m_template->SetSelection(0);
    m_template->Disable();
    for (std::size_t i = 0; i < m_clients.size(); ++i)
        if (m_clients[i].name == v.client) {
            m_client->SetSelection(static_cast<int>(i));
            fill_client();
        }
    m_client->Disable();
    auto label_of = [](const std::vector<storage::OrgEntity>& list, const std::string& code) {
        for (const auto& e : list)
            if (e.code == code)
                return entry_label(e);
        return wxs(code);
    };
    m_branch->SetValue(label_of(m_branches, v.branch));
    m_employee->SetValue(v.employee.empty() ? kUnidentified : label_of(m_employees, v.employee));
    m_shopper->SetValue(label_of(m_shoppers, v.shopper));
    if (!assignment_of(v).empty()) {
        // The assignment fixed the branch and the shopper (the consultancy planned them).
        for (wxWindow* fixed :
             {static_cast<wxWindow*>(m_branch), static_cast<wxWindow*>(m_shopper)}) {
            fixed->Disable();
            fixed->SetToolTip("Set by the assignment this visit is made for");
        }
    }
    wxDateTime when;
    wxString::const_iterator end;
    if (when.ParseISOCombined(wxs(v.visited_at.substr(0, 16) + ":00"), 'T') ||
        when.ParseFormat(wxs(v.visited_at.substr(0, 16)), "%Y-%m-%dT%H:%M", &end))
        set_when(when);
}

wxString NewVisitDialog::message() const {
    return m_message;
}

void NewVisitDialog::show_message(const wxString& text) {
    // Wrapped to the dialog's width, which grows in height for it rather than cutting it.
    m_message = text;
    m_error->SetLabel(text);
    m_error->Wrap(std::max(200, GetClientSize().x - 32));
    m_error->InvalidateBestSize();
    m_error->SetMinSize(m_error->GetBestSize());
    const wxSize need = GetSizer()->CalcMin(), have = GetClientSize();
    if (need.y > have.y || need.x > have.x)
        SetClientSize(std::max(need.x, have.x), std::max(need.y, have.y));
    Layout();
}

void NewVisitDialog::set_when(const wxDateTime& when) {
    m_date->SetValue(when);
    m_time->SetValue(when);
}

void NewVisitDialog::fill_client() {
    int c = m_client->GetSelection();
    m_branches.clear();
    m_employees.clear();
    m_shoppers.clear();
    if (c >= 0) {
        std::int64_t id = m_clients[static_cast<std::size_t>(c)].id;
        // Editing a visit may keep the people it names even when they were deactivated since.
        const bool all = m_existing.has_value();
        m_branches = m_store.org_list(storage::OrgKind::Branch, id, all, false);
        m_employees = m_store.org_list(storage::OrgKind::Employee, id, all, false);
        m_shoppers = m_store.org_list(storage::OrgKind::Shopper, id, all, false);
    }
    fill_combo(m_branch, m_branches, false);
    fill_combo(m_employee, m_employees, true);
    fill_combo(m_shopper, m_shoppers, false);
    m_employee->SetValue(kUnidentified);
    // Who did the visit is chosen, not assumed: only a client with a single shopper has it set.
    if (m_shoppers.size() == 1)
        m_shopper->SetSelection(0);
    else
        m_shopper->SetValue("");
}

forms::Visit NewVisitDialog::header() const {
    forms::Visit v;
    if (m_existing) {
        v = *m_existing; // the scorecard, client, answers and status stay
    } else {
        int t = m_template->GetSelection();
        if (t < 0)
            throw InputError("", "scorecard",
                             "Import a scorecard first (File ▸ Import scorecard…).");
        v.template_id = m_templates[static_cast<std::size_t>(t)].first;
        v.template_version = m_templates[static_cast<std::size_t>(t)].second;
        int c = m_client->GetSelection();
        if (c < 0)
            throw InputError("", "client", "Add a client first (Organisation).");
        v.client = m_clients[static_cast<std::size_t>(c)].name;
        v.status = forms::Status::Draft;
    }
    const storage::OrgEntity* b = find_entry(m_branches, m_branch->GetValue());
    if (!b)
        throw InputError("", "branch", no_entry("Branch", m_branches, m_branch->GetValue()));
    v.branch = b->code;
    v.branch_name = b->name;
    if (m_employee->GetValue().Strip(wxString::both) != kUnidentified &&
        !m_employee->GetValue().Strip(wxString::both).empty()) {
        const storage::OrgEntity* e = find_entry(m_employees, m_employee->GetValue());
        if (!e)
            throw InputError("", "employee",
                             no_entry("Employee", m_employees, m_employee->GetValue()) +
                                 " Or choose \"" + u8(kUnidentified) + "\".");
        v.employee = e->code;
        v.employee_name = e->name;
    } else {
        v.employee.clear();
        v.employee_name.clear();
    }
    const storage::OrgEntity* s = find_entry(m_shoppers, m_shopper->GetValue());
    if (!s)
        throw InputError("", "shopper", no_entry("Shopper", m_shoppers, m_shopper->GetValue()));
    v.shopper = s->code;
    v.shopper_name = s->name;
    if (!m_date->IsValid()) // a date typed wrong is not replaced by the one before
        throw InputError("", "date", u8(m_date->error()));
    wxDateTime d = m_date->GetValue();
    wxDateTime tm = m_time->GetValue();
    v.visited_at = u8(d.FormatISODate()) + "T" + u8(tm.Format("%H:%M:00"));
    return v;
}

void NewVisitDialog::choose(const wxString& scorecard_id, const wxString& client,
                            const wxString& branch_code, const wxString& employee_code,
                            const wxString& shopper_code) {
    for (std::size_t i = 0; i < m_templates.size(); ++i)
        if (wxs(m_templates[i].first) == scorecard_id)
            m_template->SetSelection(static_cast<int>(i));
    for (std::size_t i = 0; i < m_clients.size(); ++i)
        if (wxs(m_clients[i].name) == client) {
            m_client->SetSelection(static_cast<int>(i));
            fill_client();
        }
    m_branch->SetValue(branch_code);
    m_employee->SetValue(employee_code.empty() ? kUnidentified : employee_code);
    m_shopper->SetValue(shopper_code);
}

} // namespace vs::app
