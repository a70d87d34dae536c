#pragma once
// The storage interface: everything the CLI, the app and the exports need from a database.
// SQLite implements it today (sqlite_store.h); a PostgreSQL backend for consultancies with many
// reviewers can implement the same interface later.

#include "forms/progress.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "scoring/facts.h"
#include "scoring/visit_score.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vs::storage {

/// A storage failure that is not bad input (I/O, a database from a newer version, …).
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TemplateInfo {
    std::string id;
    int version = 0;
    std::string name;
    std::string channel;
    std::int64_t visits = 0;
};

struct ImportReport {
    std::size_t added = 0;
    std::size_t unchanged = 0; ///< already stored, identical: a no-op
};

/// Which visits a query covers. Dates are local day numbers (forms::parse_day), inclusive.
struct VisitFilter {
    std::optional<std::string> client;
    std::optional<int> from_day;
    std::optional<int> to_day;
    std::vector<forms::Status> statuses{forms::Status::Approved}; ///< empty means every status
    bool calibration = false; ///< true: only calibration visits; false: none of them
    std::optional<std::string> uuid;
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

class Store {
public:
    virtual ~Store() = default;

    /// Stores a template version. The same version again is a no-op (returns false); a
    /// different template under a stored id and version throws InputError.
    virtual bool add_template(const forms::Template& tpl, const std::string& file) = 0;
    /// Every stored template version, with how many visits use it.
    virtual std::vector<TemplateInfo> templates() = 0;
    /// A stored template version, or nullptr.
    virtual std::shared_ptr<const forms::Template> find_template(const std::string& id,
                                                                 int version) = 0;
    /// The newest stored version of a template, or nullptr.
    virtual std::shared_ptr<const forms::Template> latest_template(const std::string& id) = 0;

    /// Imports visits all-or-nothing: checks every visit against its template, scores it and
    /// stores it in one transaction. A known uuid with identical content is a no-op; with other
    /// content it is a conflict that rejects the whole file (InputError naming the uuid).
    virtual ImportReport import_visits(const std::vector<forms::Visit>& visits,
                                       const std::string& file, Progress* progress = nullptr) = 0;

    /// Calls `row` for every visit the filter covers, in visit date order.
    virtual void visit_scores(const VisitFilter& filter,
                              const std::function<void(const VisitScoreRow&)>& row) = 0;

    /// The stored scores of the visits the filter covers, for aggregation; with
    /// `with_questions` the per-question values too.
    virtual scoring::FactTable load_facts(const VisitFilter& filter, bool with_questions) = 0;

    /// Adds or replaces training records (by client and id) in one transaction.
    virtual void add_trainings(const std::vector<Training>& trainings, const std::string& file) = 0;
    /// The stored trainings, optionally of one client.
    virtual std::vector<Training> trainings(const std::optional<std::string>& client) = 0;
};

/// Opens (creating when missing) a SQLite database and migrates it to the current schema.
std::unique_ptr<Store> open_sqlite(const std::string& path);

/// The per-user database the GUI and the CLI open by default:
/// $VISITSCORE_DB, else $XDG_DATA_HOME/visitscore/visitscore.db, else ~/.local/share/….
std::string default_database_path();

} // namespace vs::storage
