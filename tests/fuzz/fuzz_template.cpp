// libFuzzer harness: template parsing and validation (forms::parse_template), and the
// template's JSON form back through the parser; what is accepted holds only text files can
// carry. InputError is the expected outcome of bad input; any other exception, a crash or a
// sanitizer report is a finding.

#include "forms/error.h"
#include "forms/template.h"
#include "tests/fuzz/clean_text.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using vs::fuzz::clean_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        vs::forms::Template t = vs::forms::parse_template(text, "fuzz.template.json");
        // What the parser accepts, its own JSON form must give back unchanged.
        vs::forms::Template again = vs::forms::template_from_json(vs::forms::template_to_json(t),
                                                                  "fuzz.template.json (again)");
        if (vs::forms::template_to_json(again) != vs::forms::template_to_json(t))
            __builtin_trap();
        // Nothing accepted holds a character that a file (a workbook's XML) cannot carry.
        if (!clean_text(vs::forms::template_to_json(t)))
            __builtin_trap();
    } catch (const vs::InputError&) {
    }
    return 0;
}
