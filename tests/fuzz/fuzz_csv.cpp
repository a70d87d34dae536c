// libFuzzer harness: CSV visit packages (forms::parse_visit_csv) with a lookup of the bundled
// templates, each visit then checked and scored. InputError is the expected outcome of bad
// input; anything else is a finding.

#include "forms/error.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"
#include "templates/bundled.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

const std::vector<vs::forms::Template>& scorecards() {
    static const std::vector<vs::forms::Template> all = [] {
        std::vector<vs::forms::Template> out;
        for (const auto& [name, text] : vs::templates::bundled())
            out.push_back(vs::forms::parse_template(text, std::string(name)));
        return out;
    }();
    return all;
}

const vs::forms::Template* lookup(const std::string& id, int version) {
    for (const auto& t : scorecards())
        if (t.id == id && t.version == version)
            return &t;
    return nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto visits = vs::forms::parse_visit_csv(text, "fuzz.csv", lookup);
        for (const auto& v : visits) {
            const vs::forms::Template* tpl = lookup(v.template_id, v.template_version);
            if (!tpl)
                __builtin_trap(); // parse_visit_csv only returns visits of known templates
            try {
                auto answers = vs::forms::check_visit(*tpl, v, "fuzz.csv", "line");
                (void)vs::scoring::score_visit(*tpl, answers);
            } catch (const vs::InputError&) {
            }
        }
    } catch (const vs::InputError&) {
    }
    return 0;
}
