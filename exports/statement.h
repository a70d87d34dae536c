#pragma once
// Shopper fee statements as files: a CSV (one row per approved visit and one total row per
// shopper) and a workbook (one sheet, a block per shopper with its total as a SUM formula). Money
// is written as numbers (the CSV in units with two decimals, the workbook with a currency
// number format), never as text. Over plain data: services/fees.h computes the statements.
// These files go to shoppers and to the consultancy's accounts, never to a client.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace vs::exports {

/// One approved visit on a statement.
struct FeeLine {
    std::string visit_date; ///< YYYY-MM-DD
    std::string client;
    std::string branch;    ///< "CODE Name"
    std::string scorecard; ///< "Name v2"
    std::string visit_uuid;
    std::string approved_at; ///< UTC, ISO 8601, of the last approval; empty when not recorded
    std::string assignment;  ///< the assignment's uuid; empty: none (the default fee)
    std::int64_t fee_cents = 0;
};

/// One shopper's statement for a month (a shopper is a code within a client).
struct ShopperStatement {
    std::string client;
    std::string shopper_code;
    std::string shopper_name;
    std::vector<FeeLine> lines; ///< by visit date, then uuid
    std::int64_t total_cents = 0;
};

/// Every statement of a month.
struct FeeStatements {
    std::string month;                      ///< YYYY-MM
    std::string currency;                   ///< ISO 4217, e.g. "GBP"
    std::vector<ShopperStatement> shoppers; ///< by client, then shopper code
    std::int64_t total_cents = 0;
};

/// "12.50" of 1250 cents.
std::string format_cents(std::int64_t cents);

/// The workbook number format of amounts in `currency`: "£"#,##0.00 for GBP, € and $ for EUR
/// and USD, otherwise the code after the number (#,##0.00 "CHF").
std::string currency_number_format(const std::string& currency);

/// The CSV: header kind,month,client,shopper,shopper_name,visit_date,branch,scorecard,
/// visit_uuid,approved_at,assignment,fee,currency; kind "visit" for a line and "total" for each
/// shopper's total (after their lines). RFC 4180, CRLF, fields guarded against formulas.
void write_statements_csv(std::ostream& out, const FeeStatements& statements);

/// Writes the statements to `path`, as a CSV or a workbook by its extension (.csv or .xlsx;
/// InputError otherwise), through a temporary file renamed on success.
void write_statements_file(const std::string& path, const FeeStatements& statements);

} // namespace vs::exports
