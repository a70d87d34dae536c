#pragma once
// Shared data of the exports tests: an in-memory database with the bundled scorecards, demo
// visits and a few hand-made visits whose shopper has a distinctive name and whose comments try
// formula injection; the facts and visit records the writers take; and reading a workbook back.

#include "exports/client_report.h"
#include "scoring/facts.h"
#include "storage/store.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
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

/// Reads a workbook back through dump_xlsx.py, after checking that every XML part of the zip
/// parses with a real XML parser (lxml): a workbook with a part that does not parse fails the
/// test (runtime_error naming the part). Every test that writes a workbook reads it through here.
/// `only` ("Summary,Method"): just those sheets' cells, fast on very large workbooks.
nlohmann::json dump_xlsx(const std::string& path, bool parts, const std::string& only = {});

/// A small database of its own: `visits` demo visits over `templates` (the bundled scorecards
/// when empty), all approved, each changed by `edit` before they are stored.
struct SmallData {
    std::unique_ptr<storage::Store> store;
    scoring::FactTable facts;
    std::vector<exports::VisitRecord> records;
    std::vector<std::shared_ptr<const forms::Template>> templates;
    /// The report's input over these visits.
    exports::ReportInput input() const;
};
SmallData small_data(std::size_t visits,
                     const std::function<void(std::vector<forms::Visit>&)>& edit = {},
                     const std::vector<forms::Template>& templates = {});

/// The workbook at `path` written from `input` with `options`, read back with its parts.
nlohmann::json write_and_read(const std::string& path, const exports::ReportInput& input,
                              const exports::ReportOptions& options);

/// "A1" of a zero-based cell.
std::string cell_name(int row, int col);

} // namespace vs::test
