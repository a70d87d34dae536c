#pragma once
// The visit model and the visit-package formats (FORMATS.md "Visit package", JSON and CSV).

#include "forms/answer.h"

#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace vs::forms {

enum class Status { Draft, Submitted, Approved, Returned, Excluded };

/// "draft", "submitted", …
std::string_view to_string(Status status);
/// Parses a status name; std::nullopt when unknown.
std::optional<Status> status_from_string(std::string_view name);

/// When the shopper's form of a visit was first opened, first answered and submitted (UTC,
/// ISO 8601 with Z), as the app records them; empty when not recorded.
struct Evidence {
    std::string opened_at;
    std::string first_answer_at;
    std::string submitted_at;

    bool empty() const {
        return opened_at.empty() && first_answer_at.empty() && submitted_at.empty();
    }
    bool operator==(const Evidence&) const = default;
};

/// Who and what a visit is about, where and when: the header every form of a visit shares (a
/// package's Visit, a stored VisitRecord), defined here only.
struct VisitHeader {
    std::string uuid;
    std::string template_id;
    int template_version = 0;
    std::string client;
    std::string region; ///< empty when none
    std::string branch;
    std::string branch_name;
    std::string employee; ///< primary staff member's code; empty when not identified
    std::string employee_name;
    std::string shopper;      ///< never written to a client report
    std::string shopper_name; ///< never written anywhere; exports use it to scrub free text
    std::string visited_at;   ///< local time, YYYY-MM-DDTHH:MM[:SS]
    Status status = Status::Submitted;
    std::string assignment; ///< uuid of the assignment the visit was made for; empty: none
    Evidence evidence;

    bool operator==(const VisitHeader&) const = default;
};

/// One visit as a package holds it. Answers stay JSON until checked against the template.
struct Visit : VisitHeader {
    std::map<std::string, std::string> section_employees; ///< section id -> employee code
    nlohmann::json answers = nlohmann::json::object();
    std::map<std::string, std::string> comments; ///< question id -> comment
    std::string summary;
    std::string calibration; ///< calibration exercise id, or empty
    bool reference = false;  ///< the expert's answers of a calibration exercise
    /// false when the package or CSV row left `status` out (a customer survey response is then
    /// imported as approved, SCORING.md §10; any other visit as submitted).
    bool status_given = true;

    /// The visit as package JSON (a canonical form: the same visit gives the same text).
    nlohmann::json to_json() const;
};

/// A stored visit as it is read back with its scores: the one record storage streams
/// (storage::VisitDetail) and the exports write (exports::VisitRecord); both name this type, so
/// nothing copies a visit from one to the other.
struct VisitRecord : VisitHeader {
    int day = 0;                                ///< local date of visited_at, days since 1970-01-01
    std::optional<double> raw;                  ///< without critical failures applied
    std::optional<double> score;                ///< the reported score
    std::vector<std::string> critical_failures; ///< question ids
    std::vector<std::optional<double>> section_scores; ///< score per template section, in order
    nlohmann::json answers = nlohmann::json::object(); ///< package form; hidden ones left out
    std::map<std::string, std::string> comments;       ///< question id -> comment
    std::string summary;
};

/// Reads one visit object; `where` is its path (`visits[3]`). Checks the header fields only.
Visit visit_from_json(const nlohmann::json& obj, const std::string& file, const std::string& where);
/// As above, moving the answers out of `obj`.
Visit visit_from_json(nlohmann::json&& obj, const std::string& file, const std::string& where);

/// Receives visits in file order; `done` is how far the reader has got (in its own unit: bytes
/// of a package, or visits).
using VisitSink = std::function<void(Visit&& visit, std::size_t done)>;
/// Produces visits: calls the sink once per visit, in order; throws InputError on bad input.
using VisitSource = std::function<void(const VisitSink& sink)>;

/// Parses a `visitscore.visits/1` package; throws InputError naming the file, visit and field.
std::vector<Visit> parse_visit_package(std::string_view json_text, const std::string& file);

/// Parses a package visit by visit (flat memory): each visit goes to `sink` as soon as it is
/// read, with `done` the bytes read so far. Throws the same InputError as the overload above,
/// after the whole text is read: a bad visit stops the visits going to `sink`, but a syntax error
/// later in the file, or a bad `format`, is the error reported. An exception from `sink`
/// stops the parse and propagates unchanged.
void parse_visit_package(std::string_view json_text, const std::string& file,
                         const VisitSink& sink);

/// Finds a template by id and version; nullptr when unknown.
using TemplateLookup = std::function<const Template*(const std::string& id, int version)>;

/// Parses the CSV form of a package (header row, one row per visit, RFC 4180 quoting).
/// Answer cells are typed with the visit's template, found through `lookup`.
std::vector<Visit> parse_visit_csv(std::string_view csv_text, const std::string& file,
                                   const TemplateLookup& lookup);

/// Checks a visit against its template: section_employees keys, comment keys and answers, and
/// (for visits built in code) a plausible visited_at and text files can carry (check_text).
/// Returns the typed answers. `where` names the visit (`visits[3]` or `line 5`).
Answers check_visit(const Template& tpl, const Visit& visit, const std::string& file,
                    const std::string& where);

} // namespace vs::forms
