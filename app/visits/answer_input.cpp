#include "app/visits/answer_input.h"

#include "app/shell/ui_util.h"
#include "app/visits/answer_inputs/checklist_input.h"
#include "app/visits/answer_inputs/choice_input.h"
#include "app/visits/answer_inputs/nps_input.h"
#include "app/visits/answer_inputs/number_input.h"
#include "app/visits/answer_inputs/scale_input.h"
#include "app/visits/answer_inputs/text_input.h"
#include "app/visits/answer_inputs/yes_no_input.h"

#include <algorithm>
#include <cstdio>
#include <wx/sizer.h>
#include <wx/window.h>

namespace vs::app {

std::unique_ptr<AnswerInput> make_answer_input(const forms::Question& q, AnswerEvents events) {
    using forms::QuestionType;
    switch (q.type) {
    case QuestionType::YesNo:
        return std::make_unique<YesNoInput>(q, std::move(events));
    case QuestionType::Scale:
        return std::make_unique<ScaleInput>(q, std::move(events));
    case QuestionType::Nps:
        return std::make_unique<NpsInput>(q, std::move(events));
    case QuestionType::Choice:
        return std::make_unique<ChoiceInput>(q, std::move(events));
    case QuestionType::Checklist:
        return std::make_unique<ChecklistInput>(q, std::move(events));
    case QuestionType::Number:
        return std::make_unique<NumberInput>(q, std::move(events));
    case QuestionType::Text:
        return std::make_unique<TextInput>(q, std::move(events));
    }
    return std::make_unique<TextInput>(q, std::move(events));
}

int AnswerInput::min_width() const {
    return m_controls->CalcMin().x;
}

std::string number_text(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

wxSize text_size(wxWindow* window, const wxString& text) {
    wxSize size;
    const int line_h = window->GetTextExtent("Ag").y;
    for (const wxString& line : wxSplit(text, '\n', '\0')) {
        size.x = std::max(size.x, line.empty() ? 0 : window->GetTextExtent(line).x);
        size.y += line_h;
    }
    return size;
}

namespace {

/// `text` with line breaks between words so that no line is wider than `width` in `window`'s
/// font (a word wider than that stays whole on its line).
wxString broken_lines(wxWindow* window, const wxString& text, int width) {
    wxString out, line;
    for (const wxString& word : wxSplit(text, ' ', '\0')) {
        const wxString longer = line.empty() ? word : line + " " + word;
        if (!line.empty() && window->GetTextExtent(longer).x > width) {
            out += (out.empty() ? "" : "\n") + line;
            line = word;
        } else {
            line = longer;
        }
    }
    return out + (out.empty() ? "" : "\n") + line;
}

} // namespace

void fit_label(wxWindow* control, const wxString& text, int width) {
    const wxString label =
        control->GetTextExtent(text).x <= width ? text : broken_lines(control, text, width);
    if (control->GetLabel() != label) {
        control->SetLabel(label);
        control->InvalidateBestSize();
        control->SetMinSize(wxDefaultSize);
        control->SetMinSize(control->GetBestSize());
    }
}

wxString option_label(const forms::Option& o) {
    return wxs(o.label.empty() ? o.id : o.label);
}

} // namespace vs::app
