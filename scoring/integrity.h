#pragma once
// Integrity signals of a visit (docs/integrity.md): named reasons to look twice at a visit
// before approving it, each with a sentence that gives its numbers, and a risk score that sorts
// the review queue. Pure: the callers (services/integrity.h) read the visits, photos,
// assignments and scores these functions compare.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vs::scoring {

/// The thresholds of the signals; stored as settings `integrity.<name>` (docs/integrity.md).
struct IntegrityThresholds {
    double min_seconds_per_question = 8; ///< form time under this × applicable questions
    double photo_tolerance_hours = 12;   ///< photo capture time this far from visited_at
    double comment_similarity = 0.8;     ///< word-shingle Jaccard of two comments
    int comment_min_chars = 40;          ///< only comments at least this long are compared
    double branch_z = 3.0;               ///< |z| of the score against the branch's visits
    int branch_min_visits = 8;           ///< the branch's approved visits needed for a z
    double lenient_t = 3.0;              ///< t of the shopper's mean difference
    double lenient_min_points = 5.0;     ///< and that difference at least this many points
    int lenient_min_visits = 8;          ///< the shopper's compared visits needed
    double dispute_overturned = 0.5;     ///< share of a shopper's decided dispute points overturned
    int dispute_min_points = 4;          ///< the shopper's decided dispute points needed
};

/// The settings keys and defaults, in the order docs/integrity.md lists them.
struct ThresholdSetting {
    const char* key; ///< e.g. "integrity.min_seconds_per_question"
    double IntegrityThresholds::*real = nullptr;
    int IntegrityThresholds::*whole = nullptr;
    const char* label; ///< what it is, for the Settings dialog
    const char* unit;  ///< e.g. "seconds per question"; "" when it has none
    double least = 0;  ///< the values accepted: least..most (a whole number for `whole`)
    double most = 0;
    bool above_least = false; ///< `least` itself is not accepted
};
const std::vector<ThresholdSetting>& threshold_settings();
/// The setting of `key`, or nullptr when it is no threshold.
const ThresholdSetting* threshold_setting(const std::string& key);
/// The default of a threshold, as text ("8", "0.8").
std::string threshold_default(const ThresholdSetting& s);
/// The value of a threshold written as `text`; std::nullopt with `problem` set (e.g. "\"abc\" is
/// not a number from 0 to 1") when it is not a number, not whole for a whole threshold, or out
/// of range.
std::optional<double> parse_threshold(const ThresholdSetting& s, const std::string& text,
                                      std::string* problem = nullptr);
/// Reads the thresholds from settings text (missing or unreadable values keep the default).
IntegrityThresholds thresholds_from(const std::map<std::string, std::string>& values);

/// One reason to look twice at a visit.
struct IntegritySignal {
    std::string name;        ///< short_form_time, photo_reused, photo_time, copied_comments,
                             ///< outside_window, branch_outlier, lenient_shopper,
                             ///< overturned_disputes
    int weight = 0;          ///< what it adds to the risk score
    std::string explanation; ///< one sentence with its numbers
};

/// The weight a signal adds to a visit's risk (0..100 in all, capped).
int signal_weight(const std::string& name);
/// The risk score of a visit's signals: the sum of their weights, at most 100.
int risk_score(const std::vector<IntegritySignal>& signals);

/// Seconds since 1970-01-01 of "YYYY-MM-DDTHH:MM[:SS[.fff]][Z]" (no zone: read as is);
/// std::nullopt when unreadable.
std::optional<double> parse_timestamp(const std::string& text);

/// The form was submitted less than `min_seconds_per_question` × `applicable` seconds after it
/// was first opened.
std::optional<IntegritySignal> short_form_time(const std::string& opened_at,
                                               const std::string& submitted_at, int applicable,
                                               const IntegrityThresholds& t);

/// A photo of this visit (its sha256) is also stored with other visits (`others`: their uuids).
std::optional<IntegritySignal>
photo_reused(const std::vector<std::pair<std::string, std::vector<std::string>>>& others);

/// A photo's capture time (local) is more than the tolerance from the visit's time, or outside
/// the assignment's window (YYYY-MM-DD inclusive, empty: no assignment).
std::optional<IntegritySignal> photo_time(const std::vector<std::string>& captured_at,
                                          const std::string& visited_at,
                                          const std::string& window_from,
                                          const std::string& window_to,
                                          const IntegrityThresholds& t);

/// A text's word shingles (3 words, case and punctuation ignored), hashed, sorted and unique:
/// computed once per comment, compared with many.
struct CommentPrint {
    std::size_t chars = 0;               ///< the text's length in bytes
    std::vector<std::uint64_t> shingles; ///< sorted, unique
};
CommentPrint comment_print(const std::string& text);

/// Word-shingle (3 words) Jaccard similarity of two texts, case and punctuation ignored.
double comment_similarity(const CommentPrint& a, const CommentPrint& b);
double comment_similarity(const std::string& a, const std::string& b);

/// A comment of the visit long enough to compare nearly repeats one of the same shopper's other
/// visits (`others`: (visit uuid, comment)). A comment that also nearly repeats one of other
/// shoppers' (`stock`: their comments at the same branch) is stock phrasing, not a copy, and is
/// not counted.
std::optional<IntegritySignal>
copied_comments(const std::vector<std::string>& comments,
                const std::vector<std::pair<std::string, std::string>>& others,
                const IntegrityThresholds& t, const std::vector<std::string>& stock = {});
/// The same on prints; `stock` is called only when some comment nearly repeats another visit's.
std::optional<IntegritySignal>
copied_comments(const std::vector<const CommentPrint*>& comments,
                const std::vector<std::pair<std::string, const CommentPrint*>>& others,
                const IntegrityThresholds& t,
                const std::function<std::vector<const CommentPrint*>()>& stock);

/// The visit's day (visited_at's date) is outside its assignment's window.
std::optional<IntegritySignal> outside_window(const std::string& visited_at,
                                              const std::string& window_from,
                                              const std::string& window_to);

/// Sum, sum of squares and count of scores: a branch's usual level.
struct Moments {
    double n = 0, sum = 0, sum2 = 0;
    void add(double x) {
        n += 1;
        sum += x;
        sum2 += x * x;
    }
    void remove(double x) {
        n -= 1;
        sum -= x;
        sum2 -= x * x;
    }
    double mean() const { return n > 0 ? sum / n : 0; }
    double sd() const; ///< sample standard deviation; 0 under two values
};

/// The visit's score is |z| ≥ branch_z from the branch's other approved visits (`branch`: their
/// moments, at least branch_min_visits of them).
std::optional<IntegritySignal> branch_outlier(double score, const Moments& branch,
                                              const std::string& branch_code,
                                              const IntegrityThresholds& t);

/// One scored visit, as the leniency comparison reads it.
struct ScoredVisit {
    std::int32_t branch = 0;
    std::int32_t shopper = 0;
    double score = 0;
};
/// How much more a shopper scores than other shoppers at the same branches: per visit of the
/// shopper the difference from the mean of the other shoppers' visits at that branch.
struct Leniency {
    int n = 0;            ///< the shopper's visits at branches others visited too
    double mean_diff = 0; ///< points
    double t = 0;         ///< mean_diff / (sd / sqrt(n)); 0 when undefined
};
/// Leniency of every shopper (by shopper id) over `visits`.
std::map<std::int32_t, Leniency> leniency(const std::vector<ScoredVisit>& visits);
/// One shopper's scored visits at one branch, as sums.
struct ShopperAtBranch {
    std::int32_t branch = 0;
    std::int32_t shopper = 0;
    Moments scores;
};
/// The same leniency from each shopper's sums per branch (one entry per branch and shopper),
/// without the visits: per branch the other shoppers' mean is one number, so the differences'
/// sum and sum of squares follow from the shopper's own sum and sum of squares there.
std::map<std::int32_t, Leniency> leniency(const std::vector<ShopperAtBranch>& sums);
/// The shopper scores consistently higher than others at the same branches.
std::optional<IntegritySignal> lenient_shopper(const Leniency& l, const std::string& shopper_code,
                                               const IntegrityThresholds& t);

/// A shopper's record in disputes (docs/disputes.md): the decided points on their visits and, of
/// them, those overturned (accepted or partly accepted).
struct DisputeRecord {
    int decided = 0;
    int overturned = 0;
};
/// More than `dispute_overturned` of the shopper's decided dispute points were overturned, over
/// at least `dispute_min_points` decided points.
std::optional<IntegritySignal> overturned_disputes(const DisputeRecord& r,
                                                   const std::string& shopper_code,
                                                   const IntegrityThresholds& t);

} // namespace vs::scoring
