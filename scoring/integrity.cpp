#include "scoring/integrity.h"

#include "forms/dates.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>

namespace vs::scoring {

namespace {

std::string format(const char* fmt, ...) {
    char buf[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    return buf;
}

// Weights: evidence that cannot be innocent (a photo of another visit) weighs most; statistical
// signals, which an honest visit can show by chance, weigh least.
struct Weight {
    const char* name;
    int weight;
};
constexpr Weight kWeights[] = {
    {"photo_reused", 40},    {"short_form_time", 30},     {"copied_comments", 25},
    {"photo_time", 25},      {"outside_window", 20},      {"branch_outlier", 15},
    {"lenient_shopper", 15}, {"overturned_disputes", 15},
};

IntegritySignal make(const char* name, std::string explanation) {
    return {name, signal_weight(name), std::move(explanation)};
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) {
            word += static_cast<char>(std::tolower(c));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

std::string date_part(const std::string& text) {
    return text.substr(0, std::min<std::size_t>(10, text.size()));
}

} // namespace

const std::vector<ThresholdSetting>& threshold_settings() {
    using T = IntegrityThresholds;
    static const std::vector<ThresholdSetting> settings{
        {"integrity.min_seconds_per_question", &T::min_seconds_per_question, nullptr,
         "Least plausible form time", "seconds per applicable question", 0, 600},
        {"integrity.photo_tolerance_hours", &T::photo_tolerance_hours, nullptr,
         "Photo capture time allowed from the visit time", "hours", 0, 24 * 60},
        {"integrity.comment_similarity", &T::comment_similarity, nullptr,
         "Comment similarity counted as copied", "word-shingle Jaccard, 0-1", 0, 1, true},
        {"integrity.comment_min_chars", nullptr, &T::comment_min_chars, "Shortest comment compared",
         "characters", 1, 10000},
        {"integrity.branch_z", &T::branch_z, nullptr,
         "Score distance from the branch's usual level", "|z|", 0, 100, true},
        {"integrity.branch_min_visits", nullptr, &T::branch_min_visits,
         "Branch's approved visits needed for that comparison", "visits", 2, 1000000},
        {"integrity.lenient_t", &T::lenient_t, nullptr,
         "Shopper leniency: t of the mean difference from other shoppers", "t", 0, 100, true},
        {"integrity.lenient_min_points", &T::lenient_min_points, nullptr,
         "Shopper leniency: least mean difference", "points", 0, 100},
        {"integrity.lenient_min_visits", nullptr, &T::lenient_min_visits,
         "Shopper leniency: visits needed", "visits", 2, 1000000},
        {"integrity.dispute_overturned", &T::dispute_overturned, nullptr,
         "Disputes: share of a shopper's decided points overturned", "share, 0-1", 0, 1, true},
        {"integrity.dispute_min_points", nullptr, &T::dispute_min_points,
         "Disputes: a shopper's decided points needed", "points", 1, 1000000},
    };
    return settings;
}

const ThresholdSetting* threshold_setting(const std::string& key) {
    for (const auto& s : threshold_settings())
        if (key == s.key)
            return &s;
    return nullptr;
}

std::string threshold_default(const ThresholdSetting& s) {
    const IntegrityThresholds t;
    return s.real ? format("%g", t.*s.real) : std::to_string(t.*s.whole);
}

std::optional<double> parse_threshold(const ThresholdSetting& s, const std::string& text,
                                      std::string* problem) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    const bool number = !text.empty() && end != text.c_str() && *end == '\0' && std::isfinite(v);
    const bool whole = !s.whole || (number && v == std::floor(v));
    const bool in_range = number && (s.above_least ? v > s.least : v >= s.least) && v <= s.most;
    if (number && whole && in_range)
        return v;
    if (problem)
        *problem = format(s.above_least ? "\"%s\" is not %s above %g, at most %g"
                                        : "\"%s\" is not %s from %g to %g",
                          text.c_str(), s.whole ? "a whole number" : "a number", s.least, s.most);
    return std::nullopt;
}

IntegrityThresholds thresholds_from(const std::map<std::string, std::string>& values) {
    IntegrityThresholds t;
    for (const auto& s : threshold_settings()) {
        const auto it = values.find(s.key);
        if (it == values.end() || it->second.empty())
            continue;
        const auto v = parse_threshold(s, it->second);
        if (!v)
            continue;
        if (s.real)
            t.*s.real = *v;
        else
            t.*s.whole = static_cast<int>(*v);
    }
    return t;
}

int signal_weight(const std::string& name) {
    for (const auto& w : kWeights)
        if (name == w.name)
            return w.weight;
    return 0;
}

int risk_score(const std::vector<IntegritySignal>& signals) {
    int sum = 0;
    for (const auto& s : signals)
        sum += s.weight;
    return std::min(sum, 100);
}

std::optional<double> parse_timestamp(const std::string& text) {
    if (text.size() < 16 || text[10] != 'T')
        return std::nullopt;
    const auto day = forms::parse_day(std::string_view(text).substr(0, 10));
    if (!day)
        return std::nullopt;
    int h = 0, m = 0;
    double s = 0;
    if (std::sscanf(text.c_str() + 11, "%2d:%2d", &h, &m) != 2)
        return std::nullopt;
    if (text.size() >= 19 && text[16] == ':')
        s = std::strtod(text.c_str() + 17, nullptr);
    return *day * 86400.0 + h * 3600.0 + m * 60.0 + s;
}

std::optional<IntegritySignal> short_form_time(const std::string& opened_at,
                                               const std::string& submitted_at, int applicable,
                                               const IntegrityThresholds& t) {
    const auto from = parse_timestamp(opened_at);
    const auto to = parse_timestamp(submitted_at);
    if (!from || !to || applicable <= 0 || t.min_seconds_per_question <= 0)
        return std::nullopt;
    const double seconds = *to - *from;
    const double least = t.min_seconds_per_question * applicable;
    if (seconds >= least)
        return std::nullopt;
    return make("short_form_time",
                format("The form was submitted %.0f s after it was opened, under the %.0f s "
                       "plausible for its %d applicable questions (%g s each).",
                       seconds, least, applicable, t.min_seconds_per_question));
}

std::optional<IntegritySignal>
photo_reused(const std::vector<std::pair<std::string, std::vector<std::string>>>& others) {
    std::set<std::string> visits;
    int photos = 0;
    for (const auto& [sha, uuids] : others) {
        if (uuids.empty())
            continue;
        ++photos;
        visits.insert(uuids.begin(), uuids.end());
    }
    if (photos == 0)
        return std::nullopt;
    std::string names;
    int shown = 0;
    for (const auto& u : visits) {
        if (shown++ == 3) {
            names += ", …";
            break;
        }
        names += (names.empty() ? "" : ", ") + u;
    }
    return make("photo_reused",
                format("%d photo%s identical (SHA-256) to one stored with %zu other visit%s (%s).",
                       photos, photos == 1 ? " is" : "s are", visits.size(),
                       visits.size() == 1 ? "" : "s", names.c_str()));
}

std::optional<IntegritySignal> photo_time(const std::vector<std::string>& captured_at,
                                          const std::string& visited_at,
                                          const std::string& window_from,
                                          const std::string& window_to,
                                          const IntegrityThresholds& t) {
    const auto visit =
        parse_timestamp(visited_at.size() == 10 ? visited_at + "T12:00" : visited_at);
    // A visit recorded with a date only is compared from the middle of its day, with half a
    // day more tolerance.
    const double tolerance =
        t.photo_tolerance_hours * 3600.0 + (visited_at.size() == 10 ? 12 * 3600.0 : 0);
    int off = 0, known = 0;
    double worst = 0;
    std::string worst_at;
    for (const auto& c : captured_at) {
        const auto at = parse_timestamp(c);
        if (!at)
            continue;
        ++known;
        bool outside = false;
        double hours = 0;
        if (visit && std::abs(*at - *visit) > tolerance) {
            outside = true;
            hours = std::abs(*at - *visit) / 3600.0;
        }
        const std::string day = date_part(c);
        if (!window_from.empty() && !window_to.empty() && (day < window_from || day > window_to))
            outside = true;
        if (outside) {
            ++off;
            if (hours >= worst) {
                worst = hours;
                worst_at = c;
            }
        }
    }
    if (off == 0)
        return std::nullopt;
    std::string window;
    if (!window_from.empty())
        window = format(" or outside the assignment's window %s to %s", window_from.c_str(),
                        window_to.c_str());
    return make("photo_time",
                format("%d of %d photos were taken more than %g h from the visit (%s)%s; "
                       "the furthest at %s, %.0f h away.",
                       off, known, t.photo_tolerance_hours, visited_at.c_str(), window.c_str(),
                       worst_at.c_str(), worst));
}

CommentPrint comment_print(const std::string& text) {
    CommentPrint p;
    p.chars = text.size();
    const auto w = words(text);
    const std::hash<std::string> hash;
    if (w.size() < 3) {
        if (!w.empty()) {
            std::string s;
            for (const auto& x : w)
                s += x + ' ';
            p.shingles.push_back(hash(s));
        }
        return p;
    }
    p.shingles.reserve(w.size() - 2);
    for (std::size_t i = 0; i + 3 <= w.size(); ++i)
        p.shingles.push_back(hash(w[i] + ' ' + w[i + 1] + ' ' + w[i + 2]));
    std::sort(p.shingles.begin(), p.shingles.end());
    p.shingles.erase(std::unique(p.shingles.begin(), p.shingles.end()), p.shingles.end());
    return p;
}

double comment_similarity(const CommentPrint& a, const CommentPrint& b) {
    if (a.shingles.empty() || b.shingles.empty())
        return 0;
    std::size_t common = 0;
    for (auto i = a.shingles.begin(), j = b.shingles.begin();
         i != a.shingles.end() && j != b.shingles.end();) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++common;
            ++i;
            ++j;
        }
    }
    return static_cast<double>(common) /
           static_cast<double>(a.shingles.size() + b.shingles.size() - common);
}

double comment_similarity(const std::string& a, const std::string& b) {
    return comment_similarity(comment_print(a), comment_print(b));
}

std::optional<IntegritySignal>
copied_comments(const std::vector<const CommentPrint*>& comments,
                const std::vector<std::pair<std::string, const CommentPrint*>>& others,
                const IntegrityThresholds& t,
                const std::function<std::vector<const CommentPrint*>()>& stock) {
    const auto min_chars = static_cast<std::size_t>(std::max(0, t.comment_min_chars));
    // Which long comments nearly repeat the shopper's other visits; the stock phrasing is read
    // only when one does (most visits repeat nothing, and the stock is the larger comparison).
    struct Hit {
        bool copied = false;
        double best = 0;
        std::string best_visit;
        std::set<std::string> visits;
    };
    std::vector<Hit> hits(comments.size());
    bool any = false;
    for (std::size_t k = 0; k < comments.size(); ++k) {
        if (comments[k]->chars < min_chars)
            continue;
        for (const auto& [uuid, other] : others) {
            if (other->chars < min_chars)
                continue;
            const double j = comment_similarity(*comments[k], *other);
            if (j >= t.comment_similarity) {
                hits[k].copied = any = true;
                hits[k].visits.insert(uuid);
                if (j > hits[k].best) {
                    hits[k].best = j;
                    hits[k].best_visit = uuid;
                }
            }
        }
    }
    if (!any)
        return std::nullopt;
    const std::vector<const CommentPrint*> common =
        stock ? stock() : std::vector<const CommentPrint*>{};
    int copied = 0, compared = 0;
    double best = 0;
    std::string best_visit;
    std::set<std::string> visits;
    for (std::size_t k = 0; k < comments.size(); ++k) {
        if (comments[k]->chars < min_chars)
            continue;
        if (std::any_of(common.begin(), common.end(), [&](const CommentPrint* x) {
                return x->chars >= min_chars &&
                       comment_similarity(*comments[k], *x) >= t.comment_similarity;
            }))
            continue;
        ++compared;
        if (!hits[k].copied)
            continue;
        ++copied;
        visits.insert(hits[k].visits.begin(), hits[k].visits.end());
        if (hits[k].best > best) {
            best = hits[k].best;
            best_visit = hits[k].best_visit;
        }
    }
    if (copied == 0)
        return std::nullopt;
    return make("copied_comments",
                format("%d of %d long comments (%d+ characters) nearly repeat the same "
                       "shopper's comments in %zu other visit%s (similarity up to %.2f, with %s).",
                       copied, compared, t.comment_min_chars, visits.size(),
                       visits.size() == 1 ? "" : "s", best, best_visit.c_str()));
}

std::optional<IntegritySignal>
copied_comments(const std::vector<std::string>& comments,
                const std::vector<std::pair<std::string, std::string>>& others,
                const IntegrityThresholds& t, const std::vector<std::string>& stock) {
    std::vector<CommentPrint> own, other, common;
    for (const auto& c : comments)
        own.push_back(comment_print(c));
    for (const auto& [uuid, c] : others)
        other.push_back(comment_print(c));
    for (const auto& c : stock)
        common.push_back(comment_print(c));
    std::vector<const CommentPrint*> own_p;
    for (const auto& c : own)
        own_p.push_back(&c);
    std::vector<std::pair<std::string, const CommentPrint*>> other_p;
    for (std::size_t i = 0; i < others.size(); ++i)
        other_p.emplace_back(others[i].first, &other[i]);
    return copied_comments(own_p, other_p, t, [&] {
        std::vector<const CommentPrint*> out;
        for (const auto& c : common)
            out.push_back(&c);
        return out;
    });
}

std::optional<IntegritySignal> outside_window(const std::string& visited_at,
                                              const std::string& window_from,
                                              const std::string& window_to) {
    if (window_from.empty() || window_to.empty() || visited_at.size() < 10)
        return std::nullopt;
    const std::string day = date_part(visited_at);
    if (day >= window_from && day <= window_to)
        return std::nullopt;
    const auto d = forms::parse_day(day);
    const auto edge = forms::parse_day(day < window_from ? window_from : window_to);
    const int by = d && edge ? std::abs(*d - *edge) : 0;
    return make("outside_window",
                format("The visit on %s is %d day%s %s its assignment's window %s to %s.",
                       day.c_str(), by, by == 1 ? "" : "s", day < window_from ? "before" : "after",
                       window_from.c_str(), window_to.c_str()));
}

double Moments::sd() const {
    if (n < 2)
        return 0;
    const double var = (sum2 - sum * sum / n) / (n - 1);
    return var > 0 ? std::sqrt(var) : 0;
}

std::optional<IntegritySignal> branch_outlier(double score, const Moments& branch,
                                              const std::string& branch_code,
                                              const IntegrityThresholds& t) {
    if (std::isnan(score) || branch.n < std::max(2, t.branch_min_visits))
        return std::nullopt;
    const double sd = branch.sd();
    if (sd <= 0)
        return std::nullopt;
    const double z = (score - branch.mean()) / sd;
    if (std::abs(z) < t.branch_z)
        return std::nullopt;
    return make("branch_outlier",
                format("The score %.1f is %.1f standard deviations %s branch %s's usual "
                       "%.1f (sd %.1f over %.0f approved visits).",
                       score, std::abs(z), z > 0 ? "above" : "below", branch_code.c_str(),
                       branch.mean(), sd, branch.n));
}

namespace {

// Each shopper's leniency from the moments of their differences from the other shoppers' mean.
std::map<std::int32_t, Leniency> leniency_of(const std::map<std::int32_t, Moments>& diffs) {
    std::map<std::int32_t, Leniency> out;
    for (const auto& [shopper, m] : diffs) {
        Leniency l;
        l.n = static_cast<int>(m.n);
        l.mean_diff = m.mean();
        const double sd = m.sd();
        l.t = sd > 0 ? l.mean_diff / (sd / std::sqrt(m.n)) : 0;
        out[shopper] = l;
    }
    return out;
}

} // namespace

std::map<std::int32_t, Leniency> leniency(const std::vector<ScoredVisit>& visits) {
    std::map<std::int32_t, Moments> by_branch;
    std::map<std::pair<std::int32_t, std::int32_t>, Moments> by_branch_shopper;
    for (const auto& v : visits) {
        if (std::isnan(v.score))
            continue;
        by_branch[v.branch].add(v.score);
        by_branch_shopper[{v.branch, v.shopper}].add(v.score);
    }
    std::map<std::int32_t, Moments> diffs;
    for (const auto& v : visits) {
        if (std::isnan(v.score))
            continue;
        const auto& all = by_branch[v.branch];
        const auto& own = by_branch_shopper[{v.branch, v.shopper}];
        const double others = all.n - own.n;
        if (others < 1)
            continue;
        diffs[v.shopper].add(v.score - (all.sum - own.sum) / others);
    }
    return leniency_of(diffs);
}

std::map<std::int32_t, Leniency> leniency(const std::vector<ShopperAtBranch>& sums) {
    std::map<std::int32_t, Moments> by_branch;
    for (const auto& s : sums) {
        Moments& all = by_branch[s.branch];
        all.n += s.scores.n;
        all.sum += s.scores.sum;
        all.sum2 += s.scores.sum2;
    }
    std::map<std::int32_t, Moments> diffs;
    for (const auto& s : sums) {
        const Moments& all = by_branch[s.branch];
        const Moments& own = s.scores;
        const double others = all.n - own.n;
        if (own.n < 1 || others < 1)
            continue;
        // Each of the shopper's scores x here differs by x - o from the others' mean o.
        const double o = (all.sum - own.sum) / others;
        Moments& d = diffs[s.shopper];
        d.n += own.n;
        d.sum += own.sum - own.n * o;
        d.sum2 += own.sum2 - 2 * o * own.sum + own.n * o * o;
    }
    return leniency_of(diffs);
}

std::optional<IntegritySignal> lenient_shopper(const Leniency& l, const std::string& shopper_code,
                                               const IntegrityThresholds& t) {
    if (l.n < std::max(2, t.lenient_min_visits) || l.t < t.lenient_t ||
        l.mean_diff < t.lenient_min_points)
        return std::nullopt;
    return make("lenient_shopper",
                format("Shopper %s scores %.1f points above other shoppers at the same branches "
                       "on average over %d visits (t = %.1f).",
                       shopper_code.c_str(), l.mean_diff, l.n, l.t));
}

std::optional<IntegritySignal> overturned_disputes(const DisputeRecord& r,
                                                   const std::string& shopper_code,
                                                   const IntegrityThresholds& t) {
    if (r.decided <= 0 || r.decided < t.dispute_min_points ||
        static_cast<double>(r.overturned) <= t.dispute_overturned * r.decided)
        return std::nullopt;
    return make("overturned_disputes",
                format("Disputes overturned %d of %d decided points (%.0f%%) on shopper %s's "
                       "visits, more than the %.0f%% allowed.",
                       r.overturned, r.decided, 100.0 * r.overturned / r.decided,
                       shopper_code.c_str(), 100.0 * t.dispute_overturned));
}

} // namespace vs::scoring
