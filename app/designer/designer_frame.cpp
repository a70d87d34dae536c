#include "app/designer/designer_frame.h"

#include "app/designer/template_preview.h"
#include "app/shell/app_icon.h"
#include "app/shell/menu_keys.h"
#include "app/shell/ui_util.h"
#include "app/shell/unsaved_prompt.h"
#include "app/visits/visit_page.h"
#include "forms/describe.h"
#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template_csv.h"
#include "templates/bundled.h"

#include <algorithm>
#include <fstream>
#include <wx/button.h>
#include <wx/choicdlg.h>
#include <wx/filedlg.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/propgrid/advprops.h>
#include <wx/propgrid/manager.h>
#include <wx/propgrid/propgrid.h>
#include <wx/propgrid/props.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/treectrl.h>

namespace vs::app {

using forms::QuestionType;
using nlohmann::json;

namespace {

const char* const kTypes[] = {"yes_no", "scale", "choice", "checklist", "number", "nps", "text"};
const char* const kTypeLabels[] = {"yes_no — Yes / No",           "scale — points min…max",
                                   "choice — one option",         "checklist — several options",
                                   "number — value in bands",     "nps — 0…10, not scored",
                                   "text — free text, not scored"};
const char* const kCriticals[] = {"", "section", "visit"};
const char* const kAlways = "(always shown)";

/// Fields holding numbers: typed as text, read with value_from_text so that the forms library
/// names anything that is not a number.
bool numeric(const wxString& name) {
    static const wxString names[] = {
        "target", "min_applicable", "weight", "points", "pass_at", "min", "max"};
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

/// Optional text fields: empty means absent (the default applies).
bool optional_text(const wxString& name) {
    return name == "channel" || name == "description" || name == "text" || name == "guidance" ||
           name == "unit" || name == "title";
}

wxString plain(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return {};
    return it->is_string() ? wxs(it->get<std::string>()) : wxs(it->dump());
}

wxArrayString lines(const std::vector<std::string>& v) {
    wxArrayString out;
    for (const auto& s : v)
        out.Add(wxs(s));
    return out;
}

std::vector<std::string> lines(const wxArrayString& a) {
    std::vector<std::string> out;
    for (const auto& s : a)
        out.push_back(u8(s));
    return out;
}

int index_of(const char* const* names, std::size_t n, const std::string& value) {
    for (std::size_t i = 0; i < n; ++i)
        if (value == names[i])
            return static_cast<int>(i);
    return 0;
}

class NodeData : public wxTreeItemData {
  public:
    explicit NodeData(DesignerNode n) : node(n) {}
    DesignerNode node;
};

/// A sensible first `in` for a condition on `q`: its first possible answer.
json first_answer(const json& q) {
    const std::string type = q.value("type", "");
    if (type == "choice" || type == "checklist")
        if (q.contains("options") && q["options"].is_array() && !q["options"].empty())
            return json::array({q["options"][0].value("id", "")});
    if (type == "scale" && q.contains("max"))
        return json::array({q["max"]});
    if (type == "nps")
        return json::array({10});
    return json::array({"yes"});
}

} // namespace

DesignerFrame::DesignerFrame(wxWindow* parent, storage::Store* store)
    : wxFrame(parent, wxID_ANY, "Scorecard designer", wxDefaultPosition, wxSize(1280, 800)),
      m_store(store) {
    SetMinSize(wxSize(900, 560));
    SetIcons(app_icons());
    confirm_close = [this](const wxString& question) {
        return ask_save_discard_cancel(this, question);
    };
    confirm_discard = [this](const wxString& question) {
        return wxMessageBox(question, "Scorecard designer",
                            wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION, this) == wxYES;
    };
    build_menu();
    CreateStatusBar(1);
    m_book = new wxNotebook(this, wxID_ANY);
    m_book->AddPage(build_design_page(m_book), "Design");
    m_preview = new TemplatePreview(m_book);
    m_book->AddPage(m_preview, "Preview");
    m_book->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
        e.Skip();
        if (e.GetSelection() == 1)
            m_preview->set_template(m_model.valid() ? m_model.tpl() : nullptr);
    });
    refresh();
    CallAfter([this] { refit_labels(this); });
}

void DesignerFrame::build_menu() {
    auto* file = new wxMenu;
    file->Append(ID_NewBlank, "&New blank scorecard",
                 "Start from scratch: one section, one question");
    auto* bundled = new wxMenu;
    const auto& list = templates::bundled();
    for (std::size_t i = 0; i < list.size(); ++i)
        bundled->Append(ID_Bundled + static_cast<int>(i), wxs(std::string(list[i].first)));
    file->AppendSubMenu(bundled, "New from &bundled scorecard",
                        "Start from a scorecard that ships "
                        "with VisitScore");
    file->Append(ID_OpenStored, "&Open stored version…\tCtrl+O",
                 "Open a scorecard version stored "
                 "in the database");
    file->AppendSeparator();
    file->Append(wxID_SAVE, "&Save to database\tCtrl+S",
                 "Store the scorecard; an edit of a stored version becomes the next version");
    file->AppendSeparator();
    file->Append(ID_ImportJson, "&Import JSON…", "Read a scorecard file (.json)");
    file->Append(ID_ExportJson, "&Export JSON…", "Write the scorecard as a .json file");
    file->Append(ID_ImportCsv, "Import &CSV…", "Read a scorecard drafted in a spreadsheet (.csv)");
    file->Append(ID_ExportCsv, "Export CS&V…",
                 "Write the scorecard as a spreadsheet, one row per question");
    file->AppendSeparator();
    file->Append(wxID_CLOSE, "&Close\tCtrl+W");
    auto* edit = new wxMenu;
    edit->Append(wxID_UNDO, "&Undo\tCtrl+Z");
    edit->Append(wxID_REDO, "&Redo\tCtrl+Y");
    edit->AppendSeparator();
    edit->Append(ID_AddSection, "Add &section\tCtrl+Shift+N",
                 "Add a section after the selected one");
    edit->Append(ID_AddQuestion, "Add &question\tCtrl+N", "Add a question after the selected one");
    edit->Append(ID_Duplicate, "&Duplicate\tCtrl+D", "Copy the selected section or question");
    edit->Append(ID_Delete, "De&lete\tCtrl+Del", "Delete the selected section or question");
    edit->AppendSeparator();
    edit->Append(ID_MoveUp, "Move &up\tAlt+Up");
    edit->Append(ID_MoveDown, "Move do&wn\tAlt+Down");
    edit->AppendSeparator();
    edit->Append(ID_EditCopy, "Edit a &copy of this version",
                 "Make an old, read-only version "
                 "editable; saving creates the next version");
    auto* view = new wxMenu;
    view->Append(ID_Preview, "&Preview\tF5",
                 "Show the form as a shopper sees it, with test answers");
    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    bar->Append(edit, "&Edit");
    bar->Append(view, "&View");
    SetMenuBar(bar);

    Bind(wxEVT_MENU, [this](wxCommandEvent& e) { command(e.GetId()); });
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent& e) {
            new_from_bundled(static_cast<std::size_t>(e.GetId() - ID_Bundled));
        },
        ID_Bundled, ID_Bundled + static_cast<int>(list.size()) - 1);
    // The tree view would take Ctrl+N and others as its own keys; text boxes keep theirs.
    route_menu_accelerators(this, false);
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (e.CanVeto() && has_unsaved_changes() && !m_discarded) {
            switch (confirm_close("The scorecard has changes that are not saved to the database. "
                                  "Save them before the designer closes?")) {
            case wxID_SAVE:
                if (!save()) { // the problem stays on screen; the designer stays open
                    e.Veto();
                    return;
                }
                break;
            case wxID_NO:
                break;
            default:
                e.Veto();
                return;
            }
        }
        e.Skip();
    });
}

wxPanel* DesignerFrame::build_design_page(wxWindow* parent) {
    auto* page = new wxPanel(parent);
    auto* s = new wxBoxSizer(wxVERTICAL);

    // Read-only bar (old versions) and problem bar: a coloured line of text with a button.
    auto banner = [&](const wxColour& colour, wxStaticText*& text, const wxString& button,
                      const wxString& tip, std::function<void()> action) {
        auto* panel = new wxPanel(page);
        panel->SetBackgroundColour(colour);
        auto* bs = new wxBoxSizer(wxHORIZONTAL);
        text = new wxStaticText(panel, wxID_ANY, "");
        bs->Add(text, 1, wxALIGN_CENTER_VERTICAL | wxALL, 8);
        auto* b = new wxButton(panel, wxID_ANY, button);
        b->SetToolTip(tip);
        b->Bind(wxEVT_BUTTON, [action](wxCommandEvent&) { action(); });
        bs->Add(b, 0, wxALIGN_CENTER_VERTICAL | wxALL, 6);
        panel->SetSizer(bs);
        s->Add(panel, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 6);
        return panel;
    };
    m_readonly = banner(wxColour(0xFF, 0xF4, 0xD6), m_readonly_text, "Edit a copy",
                        "Start the next version from this one", [this] { command(ID_EditCopy); });
    m_problem = banner(wxColour(0xFD, 0xE2, 0xE2), m_problem_text, "Show me",
                       "Select the section or question with the problem", [this] {
                           if (m_model.problem())
                               select(m_model.problem()->node);
                       });
    m_problem_text->SetForegroundColour(wxColour(0x80, 0x10, 0x10));

    auto* split = new wxSplitterWindow(page, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                       wxSP_LIVE_UPDATE | wxSP_3DSASH);
    split->SetMinimumPaneSize(220);
    // On a narrower window the tree gives up room too (down to a third of the width), so that
    // the properties keep theirs.
    split->Bind(wxEVT_SIZE, [split](wxSizeEvent& e) {
        e.Skip();
        const int width = e.GetSize().x;
        if (split->IsSplit() && width > 0)
            split->SetSashPosition(std::clamp(width / 3, 220, 400));
    });

    // Left: buttons and the tree.
    auto* left = new wxPanel(split);
    auto* ls = new wxBoxSizer(wxVERTICAL);
    auto* tools = new wxBoxSizer(wxHORIZONTAL);
    auto tool = [&](const wxString& label, const wxString& tip, int id) {
        auto* b =
            new wxButton(left, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
        b->SetToolTip(tip);
        b->Bind(wxEVT_BUTTON, [this, id](wxCommandEvent&) { command(id); });
        tools->Add(b, 0, wxRIGHT, 3);
    };
    tool("+ Section", "Add a section (Ctrl+Shift+N)", ID_AddSection);
    tool("+ Question", "Add a question (Ctrl+N)", ID_AddQuestion);
    tool("Duplicate", "Copy the selected section or question (Ctrl+D)", ID_Duplicate);
    tool("Delete", "Delete the selected section or question (Delete)", ID_Delete);
    tool("↑", "Move up (Alt+Up); drag and drop works too", ID_MoveUp);
    tool("↓", "Move down (Alt+Down)", ID_MoveDown);
    ls->Add(tools, 0, wxALL, 4);
    m_tree = new wxTreeCtrl(left, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxTR_DEFAULT_STYLE | wxTR_SINGLE);
    ls->Add(m_tree, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 4);
    left->SetSizer(ls);

    m_tree->Bind(wxEVT_TREE_SEL_CHANGED, [this](wxTreeEvent& e) {
        if (m_refreshing || !e.GetItem().IsOk())
            return;
        m_sel = node_of(e.GetItem());
        refresh_grid();
    });
    m_tree->Bind(wxEVT_TREE_KEY_DOWN, [this](wxTreeEvent& e) {
        const int key = e.GetKeyCode();
        if (key == WXK_DELETE)
            command(ID_Delete);
        else if (key == WXK_INSERT)
            command(ID_AddQuestion);
        else
            e.Skip();
    });
    m_tree->Bind(wxEVT_TREE_BEGIN_DRAG, [this](wxTreeEvent& e) {
        DesignerNode n = node_of(e.GetItem());
        if (n.is_template() || m_model.read_only())
            return;
        m_drag = n;
        e.Allow();
    });
    m_tree->Bind(wxEVT_TREE_END_DRAG, [this](wxTreeEvent& e) { on_drop(e.GetItem()); });

    // Right: properties beside the version panel.
    auto* right = new wxPanel(split);
    auto* rsz = new wxBoxSizer(wxHORIZONTAL);
    m_grid = new wxPropertyGridManager(right, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                       wxPG_DESCRIPTION | wxPG_BOLD_MODIFIED);
    m_grid->AddPage("Properties");
    m_grid->SetDescBoxHeight(90);
    m_grid->Bind(wxEVT_PG_CHANGED, [this](wxPropertyGridEvent& e) { on_grid_changed(e); });
    m_grid->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this] { fit_grid_names(); });
    });
    rsz->Add(m_grid, 1, wxEXPAND | wxALL, 4);

    auto* vp = new wxBoxSizer(wxVERTICAL);
    auto* vt = new wxStaticText(right, wxID_ANY, "Versions in this database");
    vt->SetFont(vt->GetFont().Bold());
    vp->Add(vt, 0, wxALL, 4);
    m_versions = new wxListCtrl(right, wxID_ANY, wxDefaultPosition, wxSize(250, 200),
                                wxLC_REPORT | wxLC_SINGLE_SEL);
    m_versions->AppendColumn("Version", wxLIST_FORMAT_LEFT, 64);
    m_versions->AppendColumn("Visits", wxLIST_FORMAT_RIGHT, 64);
    m_versions->AppendColumn("State", wxLIST_FORMAT_LEFT, 116);
    m_versions->SetToolTip("Double-click a version to open it; versions with visits never change");
    m_versions->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) {
        long v = 0;
        if (e.GetText().ToLong(&v))
            open_stored(u8(plain(m_model.doc(), "id")), static_cast<int>(v));
    });
    vp->Add(m_versions, 0, wxEXPAND | wxLEFT | wxRIGHT, 4);
    m_version_note = new wxStaticText(right, wxID_ANY, "", wxDefaultPosition, wxSize(250, -1));
    vp->Add(m_version_note, 0, wxALL, 4);
    auto* save = new wxButton(right, wxID_ANY, "Save to database");
    save->SetToolTip("Ctrl+S");
    save->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { command(wxID_SAVE); });
    vp->Add(save, 0, wxEXPAND | wxALL, 4);
    auto* preview = new wxButton(right, wxID_ANY, "Preview the form…");
    preview->SetToolTip("F5: the form as a shopper sees it, with test answers and the live score");
    preview->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { show_preview(true); });
    vp->Add(preview, 0, wxEXPAND | wxLEFT | wxRIGHT, 4);
    rsz->Add(vp, 0, wxEXPAND | wxTOP | wxBOTTOM | wxRIGHT, 4);
    right->SetSizer(rsz);

    split->SplitVertically(left, right, 400);
    s->Add(split, 1, wxEXPAND | wxALL, 6);
    page->SetSizer(s);
    return page;
}

wxPropertyGrid* DesignerFrame::grid() const {
    return m_grid->GetGrid();
}

void DesignerFrame::set_store(storage::Store* store) {
    m_store = store;
    refresh();
}

// --- Commands ----------------------------------------------------------------------------------

void DesignerFrame::command(int id) {
    switch (id) {
    case wxID_UNDO:
        m_model.undo();
        return apply(m_sel);
    case wxID_REDO:
        m_model.redo();
        return apply(m_sel);
    case ID_AddSection:
        return apply(m_model.add_section(m_sel));
    case ID_AddQuestion:
        return apply(m_model.add_question(m_sel));
    case ID_Duplicate:
        return apply(m_model.duplicate(m_sel));
    case ID_Delete:
        return apply(m_model.remove(m_sel));
    case ID_MoveUp:
        return apply(m_model.move_up(m_sel));
    case ID_MoveDown:
        return apply(m_model.move_down(m_sel));
    case ID_Preview:
        return show_preview(m_book->GetSelection() != 1);
    case ID_NewBlank:
        new_blank();
        return;
    case ID_EditCopy:
        m_model.edit_copy();
        message("Editing a copy: saving stores it as the next version.");
        return apply(m_sel);
    case wxID_SAVE:
        save();
        return;
    case wxID_CLOSE:
        Close();
        return;
    case ID_OpenStored: {
        if (!m_store)
            return;
        auto list = m_store->templates();
        wxArrayString items;
        for (const auto& t : list)
            items.Add(wxString::Format("%s v%d — %s (%lld visits)", wxs(t.id), t.version,
                                       wxs(t.name), static_cast<long long>(t.visits)));
        wxSingleChoiceDialog dlg(this, "Open which scorecard version?", "Open stored version",
                                 items);
        if (!items.empty() && dlg.ShowModal() == wxID_OK)
            open_stored(list[static_cast<std::size_t>(dlg.GetSelection())].id,
                        list[static_cast<std::size_t>(dlg.GetSelection())].version);
        return;
    }
    case ID_ImportJson:
    case ID_ImportCsv: {
        const bool csv = id == ID_ImportCsv;
        wxFileDialog dlg(this, csv ? "Import scorecard CSV" : "Import scorecard JSON", "", "",
                         csv ? "Spreadsheets (*.csv)|*.csv;*.CSV|All files (*)|*"
                             : "Scorecards (*.json)|*.json;*.JSON|All files (*)|*",
                         wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (dlg.ShowModal() == wxID_OK)
            csv ? import_csv(u8(dlg.GetPath())) : import_json(u8(dlg.GetPath()));
        return;
    }
    case ID_ExportJson:
    case ID_ExportCsv: {
        const bool csv = id == ID_ExportCsv;
        wxString name = plain(m_model.doc(), "id") + (csv ? ".csv" : ".json");
        wxFileDialog dlg(this, csv ? "Export scorecard CSV" : "Export scorecard JSON", "", name,
                         csv ? "Spreadsheets (*.csv)|*.csv" : "Scorecards (*.json)|*.json",
                         wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
        if (dlg.ShowModal() == wxID_OK)
            csv ? export_csv(u8(dlg.GetPath())) : export_json(u8(dlg.GetPath()));
        return;
    }
    default:
        break;
    }
}

void DesignerFrame::apply(DesignerNode next) {
    m_sel = m_model.exists(next) ? next : DesignerNode{};
    refresh();
}

bool DesignerFrame::has_unsaved_changes() const {
    return m_model.dirty() && !m_model.read_only();
}

bool DesignerFrame::may_discard() {
    if (!has_unsaved_changes() || m_discarded)
        return true;
    return confirm_discard(
        "The scorecard has changes that are not saved to the database. Drop them?");
}

bool DesignerFrame::new_blank() {
    if (!may_discard())
        return false;
    m_model.load(DesignerModel::blank_template(), "");
    apply({});
    message("New blank scorecard: give it an id and a name, then add sections and questions.");
    return true;
}

bool DesignerFrame::new_from_bundled(std::size_t index) {
    const auto& list = templates::bundled();
    if (index >= list.size() || !may_discard())
        return false;
    m_model.load_text(list[index].second, std::string(list[index].first));
    apply({});
    message(wxs("Started from the bundled " + std::string(list[index].first) +
                ": change its id to make your own scorecard, or keep it to make a new version."));
    return true;
}

bool DesignerFrame::open_stored(const std::string& id, int version) {
    if (!m_store || !may_discard())
        return false;
    try {
        m_model.open_stored(*m_store, id, version);
    } catch (const std::exception&) {
        message(wxs(describe(std::current_exception())));
        return false;
    }
    apply({});
    message(wxString::Format("Opened %s version %d%s.", wxs(id), version,
                             m_model.read_only() ? " (read-only: a newer version exists)" : ""));
    return true;
}

bool DesignerFrame::import_json(const std::string& path) {
    return import_file(path, false);
}
bool DesignerFrame::import_csv(const std::string& path) {
    return import_file(path, true);
}
bool DesignerFrame::export_json(const std::string& path) {
    return export_file(path, false);
}
bool DesignerFrame::export_csv(const std::string& path) {
    return export_file(path, true);
}

bool DesignerFrame::import_file(const std::string& path, bool csv) {
    if (!may_discard())
        return false;
    try {
        const std::string text = forms::read_file(path);
        if (csv)
            m_model.load(forms::template_to_json(forms::template_from_csv(text, path)), path);
        else
            m_model.load_text(text, path);
    } catch (const InputError&) {
        const wxString problem = wxs(describe(std::current_exception()));
        message(problem);
        wxMessageBox(problem +
                         (csv ? "\n\nCorrect that cell in the spreadsheet and import it again."
                              : "\n\nFix the file (it is not valid JSON) and import it again."),
                     csv ? "Import CSV" : "Import JSON", wxOK | wxICON_ERROR, this);
        return false;
    }
    apply({});
    message(wxs("Imported " + path + (m_model.valid() ? "" : " — it has a problem, shown above")));
    return true;
}

bool DesignerFrame::export_file(const std::string& path, bool csv) {
    try {
        std::string text = m_model.to_json_text(); // throws the problem when invalid
        if (csv)
            text = forms::template_to_csv(*m_model.tpl());
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out)
            throw std::runtime_error("could not write " + path);
    } catch (const std::exception&) {
        message(wxs("Not exported: " + describe(std::current_exception())));
        return false;
    }
    message(wxs("Exported " + path + (csv ? " (one row per question)" : "")));
    return true;
}

bool DesignerFrame::save() {
    if (!m_store) {
        message("No database is open: export the scorecard as JSON instead.");
        return false;
    }
    if (m_model.read_only()) {
        message("This is an old version and stays as it is. Use \"Edit a copy\" to change it.");
        return false;
    }
    DesignerSave r;
    try {
        r = m_model.save(*m_store);
    } catch (const std::exception&) {
        message(wxs("Not saved: " + describe(std::current_exception())));
        if (m_model.problem())
            select(m_model.problem()->node);
        return false;
    }
    refresh();
    const wxString id = plain(m_model.doc(), "id");
    if (!r.added)
        message(wxString::Format(
            "%s version %d is already stored with this content: nothing to save.", id, r.version));
    else if (r.replaced)
        message(
            wxString::Format("Saved %s as version %d. Version %d stays as it was for the visits "
                             "that used it.",
                             id, r.version, *r.replaced));
    else
        message(wxString::Format("Saved %s version %d.", id, r.version));
    if (on_saved)
        on_saved();
    return r.added;
}

void DesignerFrame::show_preview(bool preview) {
    m_book->SetSelection(preview ? 1 : 0); // the page-changed handler refreshes the preview
    if (preview)
        m_preview->set_template(m_model.valid() ? m_model.tpl() : nullptr);
}

void DesignerFrame::message(const wxString& text) {
    m_status = text;
    SetStatusText(text);
}

wxString DesignerFrame::status() const {
    return m_status;
}

wxString DesignerFrame::problem_text() const {
    return m_problem->IsShown() ? m_problem_text->GetLabel() : wxString();
}

// --- Tree --------------------------------------------------------------------------------------

DesignerNode DesignerFrame::node_of(const wxTreeItemId& item) const {
    if (!item.IsOk())
        return {};
    auto* data = dynamic_cast<NodeData*>(m_tree->GetItemData(item));
    return data ? data->node : DesignerNode{};
}

wxTreeItemId DesignerFrame::item_of(DesignerNode node) const {
    wxTreeItemId root = m_tree->GetRootItem();
    if (!root.IsOk() || node.is_template())
        return root;
    wxTreeItemIdValue c1, c2;
    int si = 0;
    for (auto s = m_tree->GetFirstChild(root, c1); s.IsOk();
         s = m_tree->GetNextChild(root, c1), ++si) {
        if (si != node.section)
            continue;
        if (node.is_section())
            return s;
        int qi = 0;
        for (auto q = m_tree->GetFirstChild(s, c2); q.IsOk(); q = m_tree->GetNextChild(s, c2), ++qi)
            if (qi == node.question)
                return q;
    }
    return root;
}

void DesignerFrame::select(DesignerNode node) {
    m_sel = m_model.exists(node) ? node : DesignerNode{};
    m_refreshing = true;
    wxTreeItemId item = item_of(m_sel);
    if (item.IsOk()) {
        m_tree->SelectItem(item);
        m_tree->EnsureVisible(item);
    }
    m_refreshing = false;
    refresh_grid();
}

void DesignerFrame::on_drop(const wxTreeItemId& target) {
    const DesignerNode from = m_drag;
    m_drag = {};
    if (!target.IsOk() || from.is_template())
        return;
    const DesignerNode to = node_of(target);
    if (to.is_template())
        return;
    if (from.is_section())
        return apply(m_model.move_section(from.section, to.section));
    // A question dropped on a question goes before it; on a section, at its end.
    if (to.is_question())
        return apply(m_model.move_question(from, to.section, to.question));
    return apply(m_model.move_question(from, to.section, m_model.question_count(to.section)));
}

void DesignerFrame::refresh_tree() {
    m_refreshing = true;
    m_tree->Freeze();
    m_tree->DeleteAllItems();
    const auto& problem = m_model.problem();
    auto mark = [&](const wxTreeItemId& item, DesignerNode n) {
        if (problem && problem->node == n) {
            m_tree->SetItemTextColour(item, colour_below());
            m_tree->SetItemBold(item);
            m_tree->SetItemText(item, "⚠ " + m_tree->GetItemText(item));
        }
    };
    wxTreeItemId root = m_tree->AddRoot(wxs(m_model.label({})), -1, -1, new NodeData({}));
    mark(root, {});
    for (int s = 0; s < m_model.section_count(); ++s) {
        DesignerNode sn{s, -1};
        const json& sj = m_model.node(sn);
        wxString text = wxs(m_model.label(sn));
        if (sj.is_object() && sj.contains("weight") && sj["weight"].is_number())
            text += "  (weight " + plain(sj, "weight") + ")";
        wxTreeItemId si = m_tree->AppendItem(root, text, -1, -1, new NodeData(sn));
        m_tree->SetItemBold(si);
        mark(si, sn);
        for (int q = 0; q < m_model.question_count(s); ++q) {
            DesignerNode qn{s, q};
            wxTreeItemId qi =
                m_tree->AppendItem(si, wxs(m_model.label(qn)), -1, -1, new NodeData(qn));
            mark(qi, qn);
        }
    }
    m_tree->ExpandAll();
    wxTreeItemId sel = item_of(m_sel);
    if (sel.IsOk())
        m_tree->SelectItem(sel);
    m_tree->Thaw();
    m_refreshing = false;
}

// --- Properties --------------------------------------------------------------------------------

void DesignerFrame::refresh_grid() {
    wxPropertyGrid* pg = m_grid->GetGrid();
    pg->Freeze();
    pg->Clear();
    if (!m_model.exists(m_sel))
        m_sel = {};
    const json& j = m_model.node(m_sel);
    if (!j.is_object()) {
        pg->Thaw();
        return;
    }
    auto text = [&](const char* key, const wxString& label, const wxString& help,
                    bool long_text = false) {
        wxPGProperty* p =
            long_text
                ? static_cast<wxPGProperty*>(new wxLongStringProperty(label, key, plain(j, key)))
                : new wxStringProperty(label, key, plain(j, key));
        pg->Append(p);
        pg->SetPropertyHelpString(p, help);
        return p;
    };
    auto choice = [&](const char* name, const wxString& label, const wxArrayString& labels,
                      int value, const wxString& help) {
        wxPGProperty* p = pg->Append(new wxEnumProperty(label, name, labels, wxArrayInt(), value));
        pg->SetPropertyHelpString(p, help);
        return p;
    };
    auto show_if = [&](const std::vector<std::string>& earlier) {
        pg->Append(new wxPropertyCategory("Visibility"));
        wxArrayString ids;
        ids.Add(kAlways);
        for (const auto& id : earlier)
            ids.Add(wxs(id));
        const json cond = j.contains("show_if") ? j["show_if"] : json();
        std::string current = cond.is_object() ? cond.value("question", "") : "";
        int sel = 0;
        for (std::size_t i = 1; i < ids.size(); ++i)
            if (u8(ids[i]) == current)
                sel = static_cast<int>(i);
        if (!current.empty() &&
            sel == 0) { // refers to a later or unknown question: keep it visible
            ids.Add(wxs(current));
            sel = static_cast<int>(ids.size()) - 1;
        }
        choice("show_if.question", "Shown if question", ids, sel,
               "Show this only when an earlier question has one of the answers below.");
        auto* in = pg->Append(new wxStringProperty(
            "…has one of the answers", "show_if.in",
            wxs(app::values_to_text(cond.is_object() && cond.contains("in") ? cond["in"]
                                                                            : json()))));
        pg->SetPropertyHelpString(
            in, "Answers separated by commas: yes, no, an option id, a number, or na.");
        if (!cond.is_object())
            pg->EnableProperty(in, false);
    };
    // Earlier question ids, for show_if.
    std::vector<std::string> earlier;
    for (int s = 0; s < m_model.section_count(); ++s)
        for (int q = 0; q < m_model.question_count(s); ++q) {
            if ((m_sel.is_section() && s >= m_sel.section) ||
                (m_sel.is_question() &&
                 (s > m_sel.section || (s == m_sel.section && q >= m_sel.question))))
                continue;
            const json& qj = m_model.node({s, q});
            if (qj.is_object() && qj.contains("id") && qj["id"].is_string())
                earlier.push_back(qj["id"].get<std::string>());
        }

    if (m_sel.is_template()) {
        pg->Append(new wxPropertyCategory("Scorecard"));
        text("id", "Id",
             "The scorecard's id in files and reports: lower-case letters, digits, _ and -.");
        auto* v = text("version", "Version",
                       "Chosen when saving: an edit of a stored version becomes the next version.");
        pg->SetPropertyReadOnly(v);
        text("name", "Name", "The name shoppers and clients see.");
        text("channel", "Channel",
             "How the visit is made: in_person, phone, online, … (optional).");
        text("target", "Target score", "The score a visit must reach to pass (0–100, default 80).");
        text("min_applicable", "Minimum applicable share",
             "0–1: a visit where less of the scorecard applied (too many N/A or hidden questions) "
             "cannot be submitted. Default 0.");
    } else if (m_sel.is_section()) {
        pg->Append(new wxPropertyCategory("Section"));
        text("id", "Id", "Unique within the scorecard: lower-case letters, digits and _.");
        text("title", "Title", "The heading shoppers see.");
        text("description", "Description", "Shown under the heading (optional).", true);
        text("weight", "Weight",
             "The section's weight in the visit score; 0 means not scored. Default 1.");
        show_if(earlier);
    } else {
        const std::string type = j.value("type", "");
        const bool scored = type != "nps" && type != "text";
        pg->Append(new wxPropertyCategory("Question"));
        text("id", "Id", "Unique within the scorecard: lower-case letters, digits and _.");
        wxArrayString types;
        for (const char* t : kTypeLabels)
            types.Add(t);
        choice("type", "Type", types, index_of(kTypes, std::size(kTypes), type),
               "Changing the type adds what it needs (scale bounds, options, bands).");
        text("text", "Question", "The question as the shopper reads it.", true);
        text("guidance", "Guidance", "How to answer: shown beside the question.", true);
        pg->Append(new wxPropertyCategory("Scoring"));
        if (scored) {
            text("points", "Points",
                 "The question's weight within its section (more than 0; default 1).");
            text("pass_at", "Pass at",
                 "The question passes when its fraction f reaches this (0–1, default 1).");
            wxArrayString crit;
            crit.Add("not critical");
            crit.Add("section: a failure sets the section to 0");
            crit.Add("visit: a failure sets the visit to 0");
            choice("critical", "Critical", crit,
                   index_of(kCriticals, std::size(kCriticals), j.value("critical", "")),
                   "A critical question that fails zeroes its section or the whole visit.");
        }
        auto* na = pg->Append(new wxBoolProperty("N/A allowed", "na", j.value("na", false)));
        pg->SetPropertyAttribute(na, wxPG_BOOL_USE_CHECKBOX, true);
        pg->SetPropertyHelpString(
            na, "Whether the shopper may answer N/A (then the question does not count).");
        if (type == "yes_no") {
            wxArrayString ex;
            ex.Add("yes");
            ex.Add("no");
            choice(
                "expect", "Expected answer", ex, j.value("expect", "yes") == "no" ? 1 : 0,
                "The answer that earns the points (e.g. \"no\" for \"Did they disclose data?\").");
        } else if (type == "scale") {
            text("min", "Scale from", "The lowest point (an integer).");
            text("max", "Scale to", "The highest point (an integer, greater than the lowest).");
            wxArrayString ls;
            if (j.contains("labels") && j["labels"].is_array())
                for (const auto& l : j["labels"])
                    ls.Add(l.is_string() ? wxs(l.get<std::string>()) : wxs(l.dump()));
            auto* p = pg->Append(new wxArrayStringProperty("Labels", "labels", ls));
            pg->SetPropertyHelpString(p,
                                      "One label per point of the scale, lowest first (or none).");
        } else if (type == "choice" || type == "checklist") {
            auto* p = pg->Append(new wxArrayStringProperty(
                "Options", "options",
                lines(app::options_to_lines(j.contains("options") ? j["options"] : json()))));
            pg->SetPropertyHelpString(p,
                                      "One option per line: id | label | score (0–1). "
                                      "A checklist scores the chosen options' share of the total.");
        } else if (type == "number") {
            text("unit", "Unit", "Shown after the box (min, s, €…).");
            auto* p = pg->Append(new wxArrayStringProperty(
                "Bands", "bands",
                lines(app::bands_to_lines(j.contains("bands") ? j["bands"] : json()))));
            pg->SetPropertyHelpString(
                p,
                "One band per line: max | score, ascending max; the first band "
                "with value <= max applies; leave max empty on the last band to catch the rest.");
        }
        show_if(earlier);
    }
    // Mark the field at fault; the help box says what is wrong.
    m_grid->SetDescription("", "");
    if (const auto& problem = m_model.problem(); problem && problem->node == m_sel) {
        m_grid->SetDescription("Problem", wxs(problem->text));
        wxString field =
            problem->field == "show_if" ? wxString("show_if.question") : wxs(problem->field);
        if (wxPGProperty* p = pg->GetPropertyByName(field)) {
            pg->SetPropertyBackgroundColour(p, wxColour(0xFD, 0xD0, 0xD0), 0);
            pg->SetPropertyHelpString(p, wxs(problem->text));
        }
    }
    if (m_model.read_only())
        for (auto it = pg->GetIterator(); !it.AtEnd(); ++it)
            pg->SetPropertyReadOnly(*it, true, 0);
    pg->Thaw();
    fit_grid_names();
}

void DesignerFrame::fit_grid_names() {
    // The names column as wide as its longest name ("Minimum applicable share"), with room for
    // a name in bold once changed; the values get the rest.
    wxPropertyGrid* pg = m_grid->GetGrid();
    int widest = 0;
    for (auto it = pg->GetIterator(); !it.AtEnd(); ++it)
        widest = std::max(widest, pg->GetTextExtent((*it)->GetLabel()).x);
    const int names = widest * 11 / 10 + pg->GetMarginWidth() + 12;
    if (pg->GetSplitterPosition() != names)
        pg->SetSplitterPosition(names);
}

void DesignerFrame::on_grid_changed(wxPropertyGridEvent& e) {
    const wxString name = e.GetPropertyName();
    wxPGProperty* p = e.GetProperty();
    if (!p)
        return;
    const DesignerNode n = m_sel;
    const json& j = m_model.node(n);
    json value;
    if (name == "type") {
        m_model.set_field(n, "type", kTypes[std::clamp<long>(p->GetValue().GetLong(), 0, 6)]);
    } else if (name == "critical") {
        const char* c = kCriticals[std::clamp<long>(p->GetValue().GetLong(), 0, 2)];
        m_model.set_field(n, "critical", *c ? json(c) : json());
    } else if (name == "expect") {
        m_model.set_field(n, "expect", p->GetValue().GetLong() == 1 ? json("no") : json());
    } else if (name == "na") {
        m_model.set_field(n, "na", p->GetValue().GetBool() ? json(true) : json());
    } else if (name == "labels") {
        json arr = json::array();
        for (const auto& l : p->GetValue().GetArrayString())
            arr.push_back(u8(l));
        m_model.set_field(n, "labels", arr.empty() ? json() : arr);
    } else if (name == "options") {
        m_model.set_field(n, "options",
                          app::options_from_lines(lines(p->GetValue().GetArrayString())));
    } else if (name == "bands") {
        m_model.set_field(n, "bands", app::bands_from_lines(lines(p->GetValue().GetArrayString())));
    } else if (name == "show_if.question") {
        const std::string q = u8(p->GetValueAsString());
        if (q == kAlways) {
            m_model.set_field(n, "show_if", json());
        } else {
            json cond =
                j.contains("show_if") && j["show_if"].is_object() ? j["show_if"] : json::object();
            const bool same = cond.value("question", "") == q;
            cond["question"] = q;
            if (!same || !cond.contains("in")) {
                cond["in"] = json::array({"yes"});
                for (int s = 0; s < m_model.section_count(); ++s)
                    for (int k = 0; k < m_model.question_count(s); ++k)
                        if (m_model.node({s, k}).value("id", "") == q)
                            cond["in"] = first_answer(m_model.node({s, k}));
            }
            m_model.set_field(n, "show_if", cond);
        }
    } else if (name == "show_if.in") {
        if (j.contains("show_if") && j["show_if"].is_object()) {
            json cond = j["show_if"];
            cond["in"] = app::values_from_text(u8(p->GetValueAsString()));
            m_model.set_field(n, "show_if", cond);
        }
    } else if (numeric(name)) {
        m_model.set_field(n, u8(name), app::value_from_text(u8(p->GetValueAsString())));
    } else {
        const std::string v = u8(p->GetValueAsString());
        m_model.set_field(n, u8(name), v.empty() && optional_text(name) ? json() : json(v));
    }
    // Rebuild after the grid has finished with its event.
    if (!m_refresh_pending) {
        m_refresh_pending = true;
        CallAfter([this] {
            m_refresh_pending = false;
            refresh();
        });
    }
}

bool DesignerFrame::set_property(const wxString& name, const wxVariant& value) {
    wxPropertyGrid* pg = m_grid->GetGrid();
    if (!pg->GetPropertyByName(name))
        return false;
    const bool ok = pg->ChangePropertyValue(name, value);
    if (m_refresh_pending) { // run the pending rebuild now, as the event loop would
        m_refresh_pending = false;
        refresh();
    }
    return ok;
}

// --- Panels --------------------------------------------------------------------------------------

void DesignerFrame::refresh_problem() {
    const auto& problem = m_model.problem();
    m_problem->Show(problem.has_value());
    if (problem) {
        m_problem_text->SetLabel(wxs(problem->text));
        m_problem_text->Wrap(std::max(400, m_problem->GetParent()->GetClientSize().x - 140));
    }
    m_readonly->Show(m_model.read_only());
    if (m_model.read_only())
        m_readonly_text->SetLabel(wxString::Format(
            "Version %s is an old version: it stays exactly as it is for the visits that used it. "
            "Use \"Edit a copy\" to start the next version from it.",
            plain(m_model.doc(), "version")));
}

void DesignerFrame::refresh_versions() {
    m_versions->DeleteAllItems();
    if (!m_store) {
        m_version_note->SetLabel("No database open: use Export JSON.");
        return;
    }
    const auto versions = m_model.versions(*m_store);
    const json& v = m_model.doc().contains("version") ? m_model.doc()["version"] : json();
    const int open = v.is_number_integer() ? v.get<int>() : 0;
    long row = 0;
    for (const auto& dv : versions) {
        long item = m_versions->InsertItem(row++, wxString::Format("%d", dv.version));
        m_versions->SetItem(item, 1, wxString::Format("%lld", static_cast<long long>(dv.visits)));
        wxString state = dv.version == versions.back().version ? "current" : "read-only";
        if (dv.version == open)
            state += ", open";
        m_versions->SetItem(item, 2, state);
    }
    wxString note;
    if (versions.empty())
        note = "Not in this database yet: saving stores version " +
               wxString::Format("%d", m_model.version_on_save(*m_store)) + ".";
    else if (m_model.read_only())
        note = "Read-only.";
    else if (!m_model.valid())
        note = "Fix the problem above to save.";
    else if (m_model.version_on_save(*m_store) == open && !m_model.dirty())
        note = wxString::Format("Version %d is saved.", open);
    else
        note = wxString::Format("Saving stores version %d.", m_model.version_on_save(*m_store));
    m_version_note->SetLabel(note);
    m_version_note->Wrap(250);
}

void DesignerFrame::refresh_title() {
    SetTitle("Scorecard designer — " + wxs(m_model.label({})) + (m_model.dirty() ? " •" : "") +
             (m_model.read_only() ? " (read-only)" : ""));
    if (wxMenuBar* bar = GetMenuBar()) {
        bar->Enable(wxID_UNDO, m_model.can_undo() && !m_model.read_only());
        bar->Enable(wxID_REDO, m_model.can_redo() && !m_model.read_only());
        bar->Enable(wxID_SAVE, m_store && !m_model.read_only());
        bar->Enable(ID_EditCopy, m_model.read_only());
        for (int id :
             {ID_AddSection, ID_AddQuestion, ID_Duplicate, ID_Delete, ID_MoveUp, ID_MoveDown})
            bar->Enable(id, !m_model.read_only());
        bar->Enable(ID_OpenStored, m_store != nullptr);
    }
}

void DesignerFrame::refresh() {
    refresh_tree();
    refresh_grid();
    refresh_problem();
    refresh_versions();
    refresh_title();
    if (m_book->GetSelection() == 1)
        m_preview->set_template(m_model.valid() ? m_model.tpl() : nullptr);
    Layout();
    if (wxWindow* page = m_book->GetPage(0))
        page->Layout();
}

} // namespace vs::app
