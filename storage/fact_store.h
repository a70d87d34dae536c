#pragma once
// Storage role: what reports, views and exports read — stored scores as facts, per-visit
// details, trainings and calibration visits — and the version that says when to read again.

#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/calibration.h"
#include "scoring/facts.h"
#include "scoring/visit_score.h"
#include "storage/types.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vs::storage {

/// Which visits a query covers. Dates are local day numbers (forms::parse_day), inclusive.
struct VisitFilter {
    std::optional<std::string> client;
    std::optional<int> from_day;
    std::optional<int> to_day;
    std::vector<forms::Status> statuses{forms::Status::Approved}; ///< empty means every status
    bool calibration = false; ///< true: only calibration visits; false: none of them
    std::optional<std::string> uuid;
    /// Mystery visits, customer survey responses (a scorecard whose channel is `survey`,
    /// SCORING.md §10) or both. Reports and views count mystery visits only unless asked.
    enum class Kind { Mystery, Survey, Any };
    Kind kind = Kind::Mystery;
};

/// A stored visit's scores, as `visits score --json` prints them.
struct VisitScoreRow {
    std::string uuid;
    std::string template_id;
    int template_version = 0;
    forms::Status status = forms::Status::Submitted;
    std::optional<double> raw;
    std::optional<double> score;
    std::vector<std::string> critical_failures;
    std::vector<std::pair<std::string, scoring::SectionResult>> sections;
};

/// A training record (SCORING.md §7, FORMATS.md "Training records").
struct Training {
    std::string id;
    std::string title;
    std::string trainer;
    std::string date; ///< YYYY-MM-DD
    std::string client;
    std::vector<std::string> employees; ///< codes
    std::vector<std::string> sections;  ///< section ids; empty means the visit score
};

/// One stored visit with everything an export writes, for FactStore::visit_details: header
/// codes and names, scorecard, status, scores, each section's score, answers and comments. The
/// visit record of forms/visit.h, which the exports write as it comes (exports::VisitRecord).
/// Shopper fields are here for the CSV interchange export; client reports never write them.
using VisitDetail = forms::VisitRecord;

/// What FactStore::data_version returns: equal values mean nothing was stored in between.
struct DataVersion {
    std::int64_t others = 0; ///< commits by other connections to the same database
    std::int64_t own = 0;    ///< rows this store has written
    bool operator==(const DataVersion&) const = default;
};

/// How many visits of one client a filter covers, and their first and last day.
struct ClientActivity {
    std::string client;
    std::int64_t visits = 0;
    int first_day = 0;
    int last_day = 0;
};

/// A shopper's comment on one question of a stored visit.
struct QuestionComment {
    std::int64_t visit_id = 0;
    int day = 0;
    std::string question;
    std::string text;
};

/// One shopper's approved visits at one branch of a client, their scores as sums (visits without
/// a score and calibration visits left out): what the integrity signals compare a branch's usual
/// level and a shopper's leniency with (services/integrity.h), read without the visits themselves.
struct ScoreSums {
    std::string branch;  ///< code
    std::string shopper; ///< code
    double n = 0;
    double sum = 0;
    double sum2 = 0; ///< of the squares
};

/// Which of a client's most recent approved visits (calibration visits left out; newest first: by
/// day, then by visit id) FactStore::recent_approved_visits reads: up to `per_key` of each shopper
/// and of each branch named (codes), and up to `overall` of the whole client.
struct RecentVisitsQuery {
    std::string client;
    std::vector<std::string> shoppers;
    std::vector<std::string> branches;
    std::size_t per_key = 0;
    std::size_t overall = 0;
};
struct RecentVisit {
    std::int64_t id = 0;
    int day = 0;
    std::string branch;  ///< code
    std::string shopper; ///< code
};
struct RecentVisits {
    std::map<std::string, std::vector<RecentVisit>> by_shopper; ///< shopper code -> newest first
    std::map<std::string, std::vector<RecentVisit>> by_branch;  ///< branch code -> newest first
    std::vector<RecentVisit> overall;                           ///< newest first
};

/// What the integrity signals read of one visit: its evidence times, answers, comments, its
/// assignment's window and its photos' hashes and capture times.
struct EvidenceVisit {
    std::int64_t id = 0;
    std::string uuid;
    bool calibration = false;
    std::string visited_at;
    std::string opened_at; ///< evidence times as stored ("" when unknown)
    std::string submitted_at;
    nlohmann::json answers;
    std::map<std::string, std::string> comments;
    std::string summary;
    std::string window_from; ///< its assignment's window; "" without a stored assignment
    std::string window_to;
    struct Photo {
        std::string sha256; ///< "" for attachments stored before hashes were kept
        std::string captured_at;
    };
    std::vector<Photo> photos; ///< every attachment, in the order stored
};

/// Reads stored visits for reports, views and exports (filtered by VisitFilter), and keeps the
/// training records the training-effect report compares against.
class FactStore {
  public:
    virtual ~FactStore() = default;

    /// Calls `row` for every visit the filter covers, in visit date order.
    virtual void visit_scores(const VisitFilter& filter,
                              const std::function<void(const VisitScoreRow&)>& row) = 0;
    /// The stored scores of the visits the filter covers, for aggregation; with
    /// `with_questions` the per-question values too. Without `with_attributions` every section
    /// counts for the visit's primary employee: for figures that no employee key groups (the
    /// attributions are the slowest part to read).
    virtual scoring::FactTable load_facts(const VisitFilter& filter, bool with_questions,
                                          bool with_attributions = true) = 0;
    /// Changes whenever stored data may have changed, through this store or any other
    /// connection: views keep facts they loaded until it differs from what they saw then.
    virtual DataVersion data_version() = 0;
    /// Calls `row` for every visit the filter covers, in visit date order, with everything an
    /// export writes (VisitDetail). Streams: one visit in memory at a time.
    virtual void visit_details(const VisitFilter& filter,
                               const std::function<void(const VisitDetail&)>& row) = 0;

    /// Adds or replaces training records (by client and id) in one transaction. The date, the
    /// client and the employees must exist (InputError naming `file` and the record otherwise).
    virtual void add_trainings(const std::vector<Training>& trainings, const std::string& file) = 0;
    /// The stored trainings, optionally of one client.
    virtual std::vector<Training> trainings(const std::optional<std::string>& client) = 0;
    /// The calibration visits the filter covers (its `calibration` flag is ignored), with
    /// their scorecard, typed answers and stored score (SCORING.md §8).
    virtual std::vector<scoring::CalibrationVisit>
    calibration_visits(const VisitFilter& filter) = 0;

    /// Per client with visits the filter covers (its client too): how many, first and last day;
    /// ordered by client name.
    virtual std::vector<ClientActivity> client_activity(const VisitFilter& filter) = 0;
    /// The comments of the visits the filter covers in which `employee` (a code of the filter's
    /// client) is the primary employee or has a section attributed, in visit date order.
    virtual std::vector<QuestionComment> employee_comments(const VisitFilter& filter,
                                                           const std::string& employee) = 0;

    /// The scores of `client`'s approved visits summed per branch and shopper (ScoreSums), in no
    /// particular order; none for an unknown client.
    virtual std::vector<ScoreSums> approved_score_sums(const std::string& client) = 0;
    /// The client's most recent approved visits that `query` names (RecentVisitsQuery); unknown
    /// codes get no list.
    virtual RecentVisits recent_approved_visits(const RecentVisitsQuery& query) = 0;
    /// The visits among `ids` as the integrity signals read them, in a few statements whatever
    /// their number (unknown ids skipped; in no particular order).
    virtual std::vector<EvidenceVisit> evidence_visits(const std::vector<std::int64_t>& ids) = 0;
};

} // namespace vs::storage
