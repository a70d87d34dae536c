// libFuzzer harness: visit package parsing (forms::parse_visit_package), then every visit
// checked against a fixed scorecard (the bundled branch visit, whatever template it names) and
// scored. InputError is the expected outcome of bad input; anything else is a finding.

#include "forms/error.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/visit_score.h"
#include "templates/bundled.h"
#include "tests/fuzz/clean_text.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using vs::fuzz::clean_text;

const vs::forms::Template& scorecard() {
    static const vs::forms::Template t = [] {
        for (const auto& [name, text] : vs::templates::bundled())
            if (name.find("branch-visit") != std::string_view::npos)
                return vs::forms::parse_template(text, std::string(name));
        return vs::forms::parse_template(vs::templates::bundled().front().second, "bundled");
    }();
    return t;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const vs::forms::Template& tpl = scorecard();
    try {
        auto visits = vs::forms::parse_visit_package(text, "fuzz.visits.json");
        for (std::size_t i = 0; i < visits.size(); ++i) {
            const auto& v = visits[i];
            nlohmann::json header = v.to_json();
            header.erase("answers"); // answers are checked below; hidden ones are dropped there
            if (!clean_text(header))
                __builtin_trap();
            (void)v.to_json().dump();
            try {
                auto answers = vs::forms::check_visit(tpl, v, "fuzz.visits.json",
                                                      "visits[" + std::to_string(i) + "]");
                auto result = vs::scoring::score_visit(tpl, answers);
                if (result.score &&
                    (!std::isfinite(*result.score) || *result.score < 0 || *result.score > 100))
                    __builtin_trap();
                for (const auto& section : result.sections)
                    if (section.raw && !(*section.raw >= 0 && *section.raw <= 100))
                        __builtin_trap();
                const nlohmann::json kept = vs::forms::answers_to_json(tpl, answers);
                if (!clean_text(kept))
                    __builtin_trap();
                (void)kept.dump();
            } catch (const vs::InputError&) {
            }
        }
    } catch (const vs::InputError&) {
    }
    return 0;
}
