#include "exports/statement.h"

#include "exports/output_file.h"
#include "exports/xlsx.h"
#include "forms/csv.h"
#include "forms/error.h"

#include <cstdio>
#include <fstream>
#include <ostream>

namespace vs::exports {

namespace {

double units(std::int64_t cents) {
    return static_cast<double>(cents) / 100.0;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void write_xlsx(const std::string& path, const FeeStatements& st) {
    Workbook wb(path, false);
    wb.set_properties("Shopper statements " + st.month, "Shopper fees", "VisitScore", "");
    Sheet sheet = wb.add_sheet("Statements");
    lxw_format* bold = wb.add_format();
    format_set_bold(bold);
    lxw_format* title = wb.add_format();
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* money = wb.add_format();
    format_set_num_format(money, currency_number_format(st.currency).c_str());
    lxw_format* money_total = wb.add_format();
    format_set_num_format(money_total, currency_number_format(st.currency).c_str());
    format_set_bold(money_total);
    format_set_top(money_total, LXW_BORDER_THIN);

    std::uint32_t row = 0;
    sheet.text(row++, 0, "Shopper statements " + st.month + " (" + st.currency + ")", title);
    ++row;
    static const char* kHeader[] = {"Visit date", "Client",      "Branch",     "Scorecard",
                                    "Visit",      "Approved at", "Assignment", "Fee"};
    std::vector<std::string> totals; // each shopper's total cell, for the grand total
    std::vector<double> total_values;
    for (const auto& s : st.shoppers) {
        sheet.text(row++, 0,
                   "Shopper " + s.shopper_code +
                       (s.shopper_name.empty() ? "" : " " + s.shopper_name) + " (" + s.client + ")",
                   bold);
        for (int c = 0; c < 8; ++c)
            sheet.text(row, c, kHeader[c], bold);
        ++row;
        const std::uint32_t first = row;
        for (const auto& l : s.lines) {
            sheet.text(row, 0, l.visit_date);
            sheet.text(row, 1, l.client);
            sheet.text(row, 2, l.branch);
            sheet.text(row, 3, l.scorecard);
            sheet.text(row, 4, l.visit_uuid);
            sheet.text(row, 5, l.approved_at);
            sheet.text(row, 6, l.assignment);
            sheet.number(row, 7, units(l.fee_cents), money, 10);
            ++row;
        }
        sheet.text(row, 6, "Total", bold);
        const std::string range = s.lines.empty()
                                      ? std::string("0")
                                      : "SUM(" + column_letters(7) + std::to_string(first + 1) +
                                            ":" + column_letters(7) + std::to_string(row) + ")";
        sheet.formula(row, 7, range, units(s.total_cents), money_total, 10);
        totals.push_back(column_letters(7) + std::to_string(row + 1));
        total_values.push_back(units(s.total_cents));
        row += 2;
    }
    sheet.text(row, 6, "All shoppers", bold);
    std::string sum = "0";
    if (!totals.empty()) {
        sum.clear();
        for (const auto& t : totals)
            sum += (sum.empty() ? "" : "+") + t;
    }
    sheet.formula(row, 7, sum, units(st.total_cents), money_total, 10);
    sheet.fit_columns();
    wb.close();
}

} // namespace

std::string format_cents(std::int64_t cents) {
    const long long a = cents < 0 ? -static_cast<long long>(cents) : cents;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "", a / 100, a % 100);
    return buf;
}

std::string currency_number_format(const std::string& currency) {
    if (currency == "GBP")
        return "\"£\"#,##0.00";
    if (currency == "EUR")
        return "\"€\"#,##0.00";
    if (currency == "USD")
        return "\"$\"#,##0.00";
    std::string code;
    for (char c : currency)
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            code += c; // nothing that could break the format string
    return code.empty() ? "#,##0.00" : "#,##0.00 \"" + code + "\"";
}

void write_statements_csv(std::ostream& out, const FeeStatements& st) {
    out << "kind,month,client,shopper,shopper_name,visit_date,branch,scorecard,visit_uuid,"
           "approved_at,assignment,fee,currency\r\n";
    for (const auto& s : st.shoppers) {
        auto start = [&](const char* kind) {
            std::string line = kind;
            for (const std::string* f : {&st.month, &s.client, &s.shopper_code, &s.shopper_name}) {
                line += ',';
                forms::append_csv_field(line, *f);
            }
            return line;
        };
        for (const auto& l : s.lines) {
            std::string line = start("visit");
            for (const std::string* f : {&l.visit_date, &l.branch, &l.scorecard, &l.visit_uuid,
                                         &l.approved_at, &l.assignment}) {
                line += ',';
                forms::append_csv_field(line, *f);
            }
            line += ',' + format_cents(l.fee_cents) + ',';
            forms::append_csv_field(line, st.currency);
            out << line << "\r\n";
        }
        std::string line = start("total");
        line += ",,,,,,," + format_cents(s.total_cents) + ',';
        forms::append_csv_field(line, st.currency);
        out << line << "\r\n";
    }
}

void write_statements_file(const std::string& path, const FeeStatements& statements) {
    const bool csv = ends_with(path, ".csv");
    if (!csv && !ends_with(path, ".xlsx"))
        throw InputError(path, "", "a statement file ends in .csv or .xlsx");
    OutputFile file(path);
    if (csv) {
        std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
        if (!out)
            throw ExportError(file.temp_path() + ": cannot write");
        write_statements_csv(out, statements);
        out.flush();
        if (!out)
            throw ExportError(path + ": cannot write (disk full?)");
    } else {
        write_xlsx(file.temp_path(), statements);
    }
    file.commit();
}

} // namespace vs::exports
