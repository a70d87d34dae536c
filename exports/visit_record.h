#pragma once
// What the exports read, as plain data: the visits with their details, streamed in date order
// by whoever owns the database (the CLI and the app adapt their Store to this). exports never
// talks to storage itself.

#include "forms/visit.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vs::exports {

/// One visit as an export writes it.
struct VisitRecord {
    std::string uuid;
    std::string template_id;
    int template_version = 0;
    std::string client;
    std::string region;
    std::string branch;
    std::string branch_name;
    std::string employee; ///< empty when not identified
    std::string employee_name;
    std::string shopper;      ///< CSV interchange only; never written to a client report
    std::string shopper_name; ///< never written anywhere; used to scrub free text
    std::string visited_at;   ///< local, YYYY-MM-DDTHH:MM[:SS]
    int day = 0;              ///< local date, days since 1970-01-01
    forms::Status status = forms::Status::Approved;
    std::optional<double> raw;
    std::optional<double> score;
    std::vector<std::string> critical_failures;        ///< question ids
    std::vector<std::optional<double>> section_scores; ///< score_s per template section
    nlohmann::json answers = nlohmann::json::object(); ///< package form
    std::map<std::string, std::string> comments;       ///< question id -> comment
    std::string summary;
};

/// Receives one visit at a time.
using VisitSink = std::function<void(const VisitRecord&)>;
/// Calls the sink once per visit, in visit date order; may be called once only.
using VisitSource = std::function<void(const VisitSink&)>;

} // namespace vs::exports
