#include "storage/raw_tables.h"

namespace vs::storage {

const std::vector<RawTable>& raw_tables() {
    using K = RawKind;
    static const std::vector<RawTable> tables = {
        {"clients", {{"id", K::Int}, {"name", K::Text}, {"active", K::Bool}}, true},
        {"regions",
         {{"id", K::Int}, {"client_id", K::Int}, {"name", K::Text}, {"active", K::Bool}},
         true},
        {"branches",
         {{"id", K::Int},
          {"client_id", K::Int},
          {"region_id", K::Int},
          {"code", K::Text},
          {"name", K::Text},
          {"active", K::Bool}},
         true},
        {"employees",
         {{"id", K::Int},
          {"client_id", K::Int},
          {"branch_id", K::Int},
          {"code", K::Text},
          {"name", K::Text},
          {"active", K::Bool}},
         true},
        {"shoppers",
         {{"id", K::Int},
          {"client_id", K::Int},
          {"code", K::Text},
          {"name", K::Text},
          {"active", K::Bool},
          {"region_id", K::Int}},
         true},
        {"shopper_exclusions",
         {{"shopper_id", K::Int}, {"branch_id", K::Int}, {"reason", K::Text}}},
        {"templates",
         {{"id", K::Int},
          {"code", K::Text},
          {"version", K::Int},
          {"name", K::Text},
          {"channel", K::Text},
          {"target", K::Real},
          {"source", K::Text},
          {"added_at", K::Text}},
         true},
        {"assignments",
         {{"id", K::Int},
          {"uuid", K::Text},
          {"client_id", K::Int},
          {"branch_id", K::Int},
          {"template_id", K::Int},
          {"scenario", K::Text},
          {"window_from", K::Text},
          {"window_to", K::Text},
          {"shopper_id", K::Int},
          {"status", K::Text},
          {"visit_uuid", K::Text},
          {"note", K::Text},
          {"created_at", K::Text},
          {"updated_at", K::Text}},
         true},
        {"assignment_fees", {{"assignment_id", K::Int}, {"fee_cents", K::Int}}},
        {"visits",
         {{"id", K::Int},
          {"uuid", K::Text},
          {"template_id", K::Int},
          {"client_id", K::Int},
          {"region_id", K::Int},
          {"branch_id", K::Int},
          {"employee_id", K::Int},
          {"shopper_id", K::Int},
          {"visited_at", K::Text},
          {"day", K::Int},
          {"status", K::Text},
          {"calibration", K::Text},
          {"reference", K::Bool},
          {"summary", K::Text},
          {"answers", K::Text},
          {"comments", K::Text},
          {"raw", K::Real},
          {"score", K::Real},
          {"applicable", K::Real},
          {"critical", K::Bool},
          {"critical_failures", K::Text},
          {"target", K::Real},
          {"nps", K::Int},
          {"source_hash", K::Int},
          {"review_note", K::Text},
          {"scoring_rules", K::Int},
          {"updated_at", K::Text},
          {"assignment_uuid", K::Text},
          {"opened_at", K::Text},
          {"first_answer_at", K::Text},
          {"submitted_at", K::Text}},
         true},
        {"visit_scores",
         {{"visit_id", K::Int}, {"section_scores", K::Blob}, {"question_scores", K::Blob}}},
        {"visit_section_employees",
         {{"visit_id", K::Int}, {"section", K::Text}, {"employee_id", K::Int}}},
        {"trainings",
         {{"id", K::Int},
          {"client_id", K::Int},
          {"code", K::Text},
          {"title", K::Text},
          {"trainer", K::Text},
          {"date", K::Text},
          {"day", K::Int},
          {"sections", K::Text}},
         true},
        {"training_employees", {{"training_id", K::Int}, {"employee_id", K::Int}}},
        {"audit_log",
         {{"id", K::Int},
          {"at", K::Text},
          {"who", K::Text},
          {"visit_id", K::Int},
          {"action", K::Text},
          {"field", K::Text},
          {"old_value", K::Text},
          {"new_value", K::Text},
          {"reason", K::Text},
          {"prev_hash", K::Text},
          {"hash", K::Text},
          {"assignment_uuid", K::Text}},
         true},
        {"attachments",
         {{"id", K::Int},
          {"visit_id", K::Int},
          {"question", K::Text},
          {"name", K::Text},
          {"mime", K::Text},
          {"size", K::Int},
          {"data", K::Blob},
          {"thumbnail", K::Blob},
          {"added_at", K::Text},
          {"sha256", K::Text},
          {"captured_at", K::Text}},
         true},
        {"settings", {{"key", K::Text}, {"value", K::Text}}, false, true},
    };
    return tables;
}

RawCopyCounts copy_rows(RawReader& from, RawWriter& to, Progress* progress) {
    RawCopyCounts counts;
    for (const RawTable& table : raw_tables()) {
        const std::size_t total = from.count(table);
        std::size_t done = 0;
        if (progress && total > 0)
            progress->start(std::string("Copying ") + table.name, total);
        to.begin_table(table);
        from.rows(table, [&](const RawRow& row) {
            to.write(row);
            ++done;
            if (progress && total > 0 && (done % 1024 == 0 || done == total) &&
                !progress->update(done))
                throw Cancelled{};
        });
        to.end_table();
        if (progress && total > 0)
            progress->finish();
        counts.emplace_back(table.name, done);
    }
    return counts;
}

} // namespace vs::storage
