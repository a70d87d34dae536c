#pragma once
// Shared data of the exports tests: an in-memory database with the bundled scorecards, demo
// visits and a few hand-made visits whose shopper has a distinctive name and whose comments try
// formula injection; the facts and visit records the writers take; and reading a workbook back.

#include "exports/client_report.h"
#include "scoring/facts.h"
#include "storage/store.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace vs::test {

inline const std::string kInjection = "=HYPERLINK(\"http://evil.example\",\"Click me\")";
inline const std::string kInjection2 = "+cmd|' /C calc'!A0";
inline const std::string kShopperName = "Zebedee Quillfeather";
inline const std::string kShopperCode = "SHOPX9";

struct Data {
    std::unique_ptr<storage::Store> store;
    scoring::FactTable facts;                  ///< approved, with questions
    std::vector<exports::VisitRecord> records; ///< the same visits, with details
    std::vector<exports::ReportTraining> trainings;
    std::set<std::string> shopper_codes, shopper_names;
    std::set<std::string> employee_codes, employee_names;
    std::vector<std::shared_ptr<const forms::Template>> templates;
};

/// Built once for the whole test run.
const Data& data();

/// A source over stored records.
exports::VisitSource source(const std::vector<exports::VisitRecord>& records);

/// A fresh temporary directory, removed at exit.
std::filesystem::path temp_dir();

/// Reads a workbook back through dump_xlsx.py.
nlohmann::json dump_xlsx(const std::string& path, bool parts);

/// "A1" of a zero-based cell.
std::string cell_name(int row, int col);

} // namespace vs::test
