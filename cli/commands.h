#pragma once
// The commands of visitscore-cli; main.cpp parses the arguments and calls these.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::cli {

struct ReportOptions {
    std::vector<std::string> by;
    std::string period;
    std::optional<std::string> client;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::string status = "approved";
    bool raw = false;
    std::size_t min_n = 3;
    bool json = false;
};

int cmd_init(const std::string& db);
int cmd_template_check(const std::string& file);
int cmd_template_import(const std::string& db, const std::vector<std::string>& files);
int cmd_template_list(const std::string& db, bool json);
int cmd_visits_import(const std::string& db, const std::string& file);
int cmd_visits_score(const std::string& db, const std::optional<std::string>& uuid, bool json);
int cmd_report(const std::string& db, const ReportOptions& options);
int cmd_demo(const std::string& db, std::size_t visits, std::uint64_t seed);

} // namespace vs::cli
