#pragma once
// Random scorecards and visits for the property test, as the JSON that people and shoppers'
// laptops send: every question type, NA, show_if on questions and sections, criticals, weight-0
// sections, extreme but valid numbers, and free text in every Unicode plane that names the
// shopper in any case, spacing or normalisation form.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vs::property {

/// A seeded generator (splitmix64: the same seed gives the same stream on every platform).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next();
    /// An integer in [lo, hi].
    std::int64_t range(std::int64_t lo, std::int64_t hi);
    /// A double in [0, 1).
    double unit();
    /// A double in [lo, hi).
    double real(double lo, double hi) { return lo + (hi - lo) * unit(); }
    bool chance(double p) { return unit() < p; }
    template <class T> const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(range(0, static_cast<std::int64_t>(v.size()) - 1))];
    }

  private:
    std::uint64_t m_state;
};

/// How far the numbers of a case go.
enum class Tier {
    Moderate, ///< within any sane documented range: a refusal is a bug
    Extreme,  ///< very small and very large: a refusal must name the range it enforces
};

/// One letter of a name: {lower NFC, upper NFC, lower NFD, upper NFD}, and whether the stored
/// name has it in upper case.
struct Grapheme {
    std::array<std::string, 4> forms;
    bool upper = false;
};

/// A person whose name must never reach a client: how they are stored and how people type them.
struct Person {
    std::string name; ///< NFC, single spaces: as the package's name field holds it
    std::string code;
    std::vector<std::vector<Grapheme>> words; ///< per word, per letter
};

/// A generated template with what the visit generator needs to know about it.
struct GeneratedTemplate {
    nlohmann::json doc;
    Tier tier = Tier::Moderate;
    /// JSON paths of text fields given a character that XML 1.0 forbids.
    std::vector<std::string> hostile_paths;
};

/// A generated visit: package JSON for one visit.
struct GeneratedVisit {
    nlohmann::json doc;
    std::vector<std::string> hostile_fields; ///< keys of fields given a forbidden character
    const Person* shopper = nullptr;
};

/// The shoppers and staff of one case.
struct Cast {
    std::vector<Person> shoppers;
    std::vector<Person> staff;
};

class Generator {
  public:
    explicit Generator(std::uint64_t seed);

    Tier tier() const { return m_tier; }
    /// A cast of two shoppers and four staff with distinctive names.
    const Cast& cast() const { return m_cast; }
    /// A valid template (by SCORING.md and FORMATS.md), with this version number.
    GeneratedTemplate make_template(int version);
    /// A valid visit of `tpl` (answers may be NA, missing, empty; text names the shopper).
    GeneratedVisit make_visit(const nlohmann::json& tpl, int index);

    Rng& rng() { return m_rng; }

  private:
    std::string free_text(std::size_t max_words, const Person* mention, bool* hostile);
    std::string random_unicode(std::size_t max_chars);
    std::string name_variant(const Person& p);
    std::string code_variant(const Person& p);
    nlohmann::json answer_for(const nlohmann::json& q);
    nlohmann::json condition_value(const nlohmann::json& q);
    double points();
    double weight();

    Rng m_rng;
    Tier m_tier;
    Cast m_cast;
    std::uint64_t m_seed;
};

/// UTF-8 of a code point.
std::string utf8(char32_t cp);

} // namespace vs::property
