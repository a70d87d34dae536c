// The client report: builds the computed context once, then writes the sheets in tab order
// Summary, Branches, Employees, Behaviours, Trend, Training (when trainings exist), Disputes,
// Recognition and Customer voice (when there are any), Visits…, Method. Each sheet's writer is in
// exports/client_report/ (sheets.h lists them).

#include "exports/client_report.h"

#include "exports/client_report/context.h"
#include "exports/client_report/sheets.h"
#include "exports/client_report/styles.h"
#include "exports/output_file.h"
#include "exports/xlsx.h"

#include <optional>

namespace vs::exports {

namespace {

void write_workbook(const std::string& path, const report::ReportContext& ctx, Progress* progress) {
    using namespace report;
    Workbook wb(path, true);
    Styles st(wb);
    ReportBook book(ctx, wb, st, progress);
    start_anonymisation(book);

    // Sheets in reading order; Visits sheets are added as they fill, Method last.
    Sheet summary = wb.add_sheet("Summary");
    Sheet branches = wb.add_sheet("Branches");
    Sheet employees = wb.add_sheet("Employees");
    Sheet behaviours = wb.add_sheet("Behaviours");
    Sheet trend = wb.add_sheet("Trend");
    std::optional<Sheet> training;
    if (!ctx.trainings.empty())
        training.emplace(wb.add_sheet("Training"));
    std::optional<Sheet> disputes;
    if (!ctx.in.disputes.empty())
        disputes.emplace(wb.add_sheet("Disputes"));
    std::optional<Sheet> recognition;
    if (!ctx.in.recognitions.empty())
        recognition.emplace(wb.add_sheet("Recognition"));
    std::optional<Sheet> voice;
    if (!ctx.in.voices.empty())
        voice.emplace(wb.add_sheet("Customer voice"));

    // Written in the order their references need (sheets.h).
    write_visits(book); // first, streaming: it also learns the names of branches and staff
    Sheet method = wb.add_sheet("Method");
    write_branches(book, branches);
    write_employees(book, employees);
    write_behaviours(book, behaviours);
    write_trend(book, trend);
    if (training)
        write_training(book, *training);
    if (disputes)
        write_disputes(book, *disputes);
    if (recognition)
        write_recognition(book, *recognition);
    if (voice)
        write_voice(book, *voice);
    write_summary(book, summary);
    write_method(book, method);
    worksheet_activate(summary.raw());

    wb.set_properties("Mystery shopping report — " + ctx.client_title(), "Mystery shopping results",
                      "VisitScore", "Made with VisitScore; see the Method sheet.");
    if (progress)
        progress->start("Saving the workbook", 0);
    wb.close();
    if (progress)
        progress->finish();
}

} // namespace

void write_client_report(const std::string& path, const ReportInput& input,
                         const ReportOptions& options, Progress* progress) {
    if (!input.facts)
        throw ExportError("write_client_report: no figures given");
    if (options.max_rows_per_sheet < 2 || options.max_rows_per_sheet > 1048576)
        throw ExportError("write_client_report: rows per sheet must be 2 to 1,048,576");
    if (!options.logo.empty())
        report::read_logo(options.logo); // before any file is made
    OutputFile file(path);
    const report::ReportContext context(input, options);
    write_workbook(file.temp_path(), context, progress);
    file.commit();
}

} // namespace vs::exports
