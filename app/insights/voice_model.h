#pragma once
// Customer voice in the app without windows (SCORING.md §10, through services/voice.h): for the
// dashboard's client and period, what the client's customers say (NPS with its breakdown, the
// mean survey score) beside the mystery-shop score; a branch's figures per month; and the
// drivers — per behaviour the association across branches between the mystery-shop score and
// what customers say, with why a correlation is missing and the points of its scatter chart.

#include "app/insights/view_filter.h"
#include "services/voice.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vs::app {

/// The voice query of a view filter (its client and period).
services::VoiceQuery voice_query(const ViewFilter& filter);

/// The customer voice's facts for a view filter. The client's survey responses of every day are
/// read once and kept until the client changes or the store's data_version says something was
/// stored since; its mystery visits are those a view holds already (the dashboard's of every
/// day, shared, not copied) or, when the caller gives none, read here once likewise (every
/// day). A change of period reads nothing: the figures take the period's visits from the facts
/// in memory.
class VoiceFactsCache {
  public:
    /// The facts of `filter` (its client and period), with `mystery` as the client's mystery
    /// visits when given: its approved mystery visits (no calibration visits) of at least the
    /// filter's days, current. Throws what services::read_voice_facts throws.
    services::VoiceFacts get(storage::Store& store, const ViewFilter& filter,
                             std::shared_ptr<const scoring::FactTable> mystery = nullptr);
    /// Whether the last get() read from the store.
    bool last_read() const { return m_read; }

  private:
    std::optional<services::VoiceFacts> m_client; ///< every day of the client
    storage::DataVersion m_version;
    bool m_read = false;
};

/// The client's survey figures over the whole period beside its mystery-shop mean (one
/// VoicePeriodRow for every branch together); responses 0 when there are none.
scoring::VoicePeriodRow voice_summary(const services::VoiceFacts& facts);

/// A branch's row for the whole period (period "") first, then its rows per month, newest first;
/// empty when the branch has neither a survey response nor a mystery visit in the period.
std::vector<scoring::VoicePeriodRow> branch_voice_months(const services::VoiceFacts& facts,
                                                         const std::string& branch);

/// One line of the drivers list.
struct DriverRow {
    scoring::VoiceDriver driver;
    std::string title; ///< the section's title, or "Visit score (all behaviours)"
    /// Why r is missing, in words ("fewer than 4 branches (k = 2)", "no variance in …"); empty
    /// when r exists.
    std::string why_none;
    /// The least-squares line (intercept, slope) of voice on x over the branches taking part;
    /// nullopt when r is null.
    std::optional<std::pair<double, double>> line;
};

/// The drivers view's figures.
struct Drivers {
    scoring::VoiceOptions options;
    std::vector<scoring::VoiceBranch> branches;      ///< by branch code
    std::vector<DriverRow> rows;                     ///< by descending r, those without r last
    std::map<std::string, std::string> branch_names; ///< code -> name
    std::size_t responses = 0; ///< survey responses in the period (every branch)
};

/// The drivers of the facts with these options (services::customer_voice), with titles, the
/// reasons for missing correlations and the fitted lines.
Drivers build_drivers(const services::VoiceFacts& facts, const scoring::VoiceOptions& options);

/// Why a driver has no r under `options` (k below 4, or no variance on one side); empty when it
/// has one.
std::string why_no_r(const scoring::VoiceDriver& driver, const scoring::VoiceOptions& options);

/// "NPS" or "survey score".
std::string measure_name(scoring::VoiceMeasure measure);

/// "+23" for an NPS (a whole number with its sign), or "—".
std::string fmt_nps(const std::optional<double>& nps);
/// r or an end of its interval with two decimals ("0.62", "-0.05"), or "—".
std::string fmt_r(const std::optional<double>& r);
/// A p value: "0.003", "< 0.001", or "—".
std::string fmt_p(const std::optional<double>& p);

} // namespace vs::app
