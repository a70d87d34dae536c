#pragma once
// A scorecard template as a spreadsheet (CSV) and back: see README.md, "Scorecard templates as
// CSV", for the layout.

#include "forms/template.h"

#include <string>
#include <string_view>

namespace vs::forms {

/// The template as RFC 4180 CSV (UTF-8, no BOM, CRLF line ends): a `template` row, then per
/// section a `section` row followed by one `question` row per question.
std::string template_to_csv(const Template&);

/// Reads a template written by template_to_csv (or edited in a spreadsheet) and validates it
/// with parse_template's rules; throws vs::InputError naming `file_name`, the row and the column.
Template template_from_csv(std::string_view text, const std::string& file_name);

} // namespace vs::forms
