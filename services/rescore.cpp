#include "services/rescore.h"

#include "forms/error.h"
#include "scoring/visit_score.h"
#include "storage/prepare.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace vs::services {
namespace {

constexpr std::size_t kLargestShown = 10;

/// How far a score moved: 0 within kScoreTolerance, 100 when it became or stopped being NA.
double moved(const std::optional<double>& a, const std::optional<double>& b) {
    if (a.has_value() != b.has_value())
        return 100;
    if (!a)
        return 0;
    const double d = std::abs(*a - *b);
    return d > kScoreTolerance ? d : 0;
}

/// True when the recomputed scores differ from the stored ones beyond rounding.
bool scores_differ(const storage::StoredScores& old, const scoring::VisitResult& now) {
    if (moved(old.raw, now.raw) > 0 || moved(old.score, now.score) > 0 ||
        moved(old.applicable, now.applicable) > 0 ||
        old.critical_failures != now.critical_failures ||
        old.sections.size() != now.sections.size())
        return true;
    for (std::size_t i = 0; i < now.sections.size(); ++i)
        if (moved(old.sections[i].raw, now.sections[i].raw) > 0 ||
            moved(old.sections[i].score, now.sections[i].score) > 0 ||
            old.sections[i].critical_failure != now.sections[i].critical_failure)
            return true;
    return false;
}

} // namespace

std::string audit_score_text(const std::optional<double>& v) {
    if (!v)
        return "NA";
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(*v);
}

std::size_t visits_to_rescore(storage::Store& store) {
    return store.visits_scored_before(scoring::kRulesVersion).size();
}

RescoreSummary rescore(storage::Store& store, const RescoreOptions& options, Progress* progress) {
    RescoreSummary summary;
    summary.rules = scoring::kRulesVersion;
    summary.dry_run = options.dry_run;
    // A dry run only reads; a rescore holds the write lock from the first read to the commit, so
    // that no visit changes between being recomputed and being written.
    std::unique_ptr<storage::ScoreBatch> batch;
    if (!options.dry_run)
        batch = store.rescore_batch();
    const std::vector<std::int64_t> ids = store.visits_scored_before(
        options.all ? std::numeric_limits<int>::max() : scoring::kRulesVersion);
    if (progress)
        progress->start("Rescoring visits", ids.size());

    std::map<std::pair<std::string, int>, TemplateRescore> per_template;
    std::vector<ScoreMove> moves;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::int64_t id = ids[i];
        const storage::StoredScores old = store.stored_scores(id);
        storage::StoredVisit stored;
        try {
            stored = store.load_visit(id);
        } catch (const storage::StorageError& e) {
            throw storage::StorageError("visit " + old.uuid + " cannot be rescored: " + e.what() +
                                        "; nothing was rescored");
        }
        const forms::Template& tpl = *stored.tpl;
        storage::PreparedVisit p;
        try {
            p = storage::prepare_visit(tpl, stored.visit, "", "visit " + old.uuid);
        } catch (const InputError& e) {
            throw InputError(e.file(), e.where(),
                             e.message() + "; it cannot be rescored with scoring rules " +
                                 std::to_string(scoring::kRulesVersion) +
                                 " and nothing was rescored");
        }
        TemplateRescore& t = per_template[{tpl.id, tpl.version}];
        t.template_id = tpl.id;
        t.template_version = tpl.version;
        ++t.checked;
        ++summary.checked;
        if (scores_differ(old, p.result)) {
            ScoreMove m;
            m.uuid = old.uuid;
            m.template_id = tpl.id;
            m.template_version = tpl.version;
            m.old_rules = old.rules;
            m.old_score = old.score;
            m.new_score = p.result.score;
            m.old_raw = old.raw;
            m.new_raw = p.result.raw;
            m.move = moved(old.score, p.result.score);
            if (m.move == 0)
                m.move = moved(old.raw, p.result.raw);
            ++t.changed;
            ++summary.changed;
            t.largest_move = std::max(t.largest_move, m.move);
            if (batch) {
                std::string reason = "recomputed with scoring rules " +
                                     std::to_string(scoring::kRulesVersion) + " (stored by rules " +
                                     std::to_string(old.rules) + ")";
                if (moved(old.raw, p.result.raw) > 0)
                    reason += "; raw " + audit_score_text(old.raw) + " -> " +
                              audit_score_text(p.result.raw);
                if (old.critical_failures != p.result.critical_failures)
                    reason += "; critical failures changed";
                batch->audit(id, options.who, "rescore", "score", audit_score_text(old.score),
                             audit_score_text(p.result.score), reason);
            }
            moves.push_back(std::move(m));
        }
        if (batch)
            batch->replace_scores(id, p, scoring::kRulesVersion);
        if (progress && !progress->update(i + 1))
            throw Cancelled{};
    }
    if (batch)
        batch->commit();
    if (progress)
        progress->finish();

    const std::size_t shown = std::min(moves.size(), kLargestShown);
    std::partial_sort(moves.begin(), moves.begin() + static_cast<std::ptrdiff_t>(shown),
                      moves.end(), [](const ScoreMove& a, const ScoreMove& b) {
                          return a.move != b.move ? a.move > b.move : a.uuid < b.uuid;
                      });
    moves.resize(shown);
    summary.largest = std::move(moves);
    for (auto& [key, t] : per_template)
        summary.templates.push_back(std::move(t));
    return summary;
}

} // namespace vs::services
