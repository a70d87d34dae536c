#pragma once
// Shopper fees and their monthly statements. A visit earns its shopper a fee once approved: the
// fee of the assignment it was made for (assignment_fees, through the visit's assignment uuid),
// else the database's default fee (setting fees.default_cents, 0 unless set); all amounts are
// in the database's one currency (setting fees.currency, "GBP" unless set). A month's statement
// holds the approved visits whose visit date lies in that month, one statement per shopper.
//
// Who may read fees (ROLES.md): an admin all of them, a shopper their own; a reviewer or a
// client never. On a server the database itself refuses them (assignment_fees' grants and row
// security); statements() refuses them first with a message naming the account's role. A fee
// never reaches a client's file: the client report, the visits CSV and the client views read
// no fee (tests/services/test_fees.cpp checks it).

#include "exports/statement.h"
#include "storage/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vs::services {

/// Settings that hold the default fee (whole cents, >= 0) and the currency (ISO 4217 code).
inline constexpr const char* kDefaultFeeSetting = "fees.default_cents";
inline constexpr const char* kCurrencySetting = "fees.currency";

// The statements' plain data (exports/statement.h writes them as CSV and workbook files).
using exports::FeeLine;
using exports::FeeStatements;
using exports::ShopperStatement;

/// When `key` is a fee setting: `value` as stored (a whole number of cents >= 0; a three-letter
/// currency code, upper-cased), InputError when it is not one; nullopt for any other key.
std::optional<std::string> checked_fee_setting(const std::string& key, const std::string& value);

/// Whether `month` is "YYYY-MM" with a plausible year and a month 01..12.
bool valid_month(const std::string& month);

/// The statements of `month` (YYYY-MM; InputError otherwise), of every shopper or of the
/// shoppers whose code is `shopper`. InputError when the account may not read fees (a reviewer
/// or client on a server); the store's errors otherwise.
FeeStatements fee_statements(storage::Store& store, const std::string& month,
                             const std::string& shopper = {});

/// Writes statements to `path` (.csv or .xlsx): exports::write_statements_file.
void write_statements_file(const std::string& path, const FeeStatements& statements);

} // namespace vs::services
