// The PostgreSQL backend's FactStore: what reports, views and exports read; trainings.
// The big reads (facts, scores, details) are binary COPYs (pg_filter.h) inside one read-only
// snapshot; text keys are ordered byte by byte (COLLATE "C"), as SQLite orders them.
#include "forms/answer.h"
#include "storage/pg_common.h"
#include "storage/pg_filter.h"
#include "storage/pg_store.h"
#include "storage/prefault.h"
#include "storage/prepare.h"
#include "storage/record_checks.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <iterator>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

namespace vs::storage {
namespace {

/// One snapshot for every statement of a read: facts and their score arrays agree.
using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

/// Stored scorecards by row id, read before a copy starts (no other statement can run on the
/// connection while it lasts).
using Templates = PgStore::Templates;

const forms::Template& template_of(const Templates& templates, std::int64_t pk,
                                   const std::string& uuid) {
    auto it = templates.find(pk);
    if (it == templates.end() || !it->second)
        throw StorageError("visit " + uuid + ": its scorecard is not stored");
    return *it->second;
}

std::optional<double> opt_real(const PgCopyReader& c, std::size_t i) {
    return c.is_null(i) ? std::optional<double>() : c.real(i);
}

std::vector<std::string> string_list(std::string_view json) {
    return nlohmann::json::parse(json).get<std::vector<std::string>>();
}

} // namespace

void PgStore::visit_scores(const VisitFilter& filter,
                           const std::function<void(const VisitScoreRow&)>& row) {
    const PgFilter f = pg_filter(filter, PgFilter::Values::Settings);
    try {
        Snapshot tx(*m_conn);
        const Templates templates = stored_templates(tx);
        f.bind(tx);
        PgCopyReader c(tx, "SELECT v.uuid, v.template_id, v.status, v.raw, v.score, "
                           "v.critical_failures, s.section_scores FROM visits v "
                           "JOIN visit_scores s ON s.visit_id = v.id" +
                               f.where +
                               " ORDER BY v.day, v.visited_at COLLATE \"C\", "
                               "v.uuid COLLATE \"C\"");
        std::vector<double> values;
        while (c.next()) {
            VisitScoreRow out;
            out.uuid = c.text(0);
            const forms::Template& tpl = template_of(templates, c.integer(1), out.uuid);
            out.template_id = tpl.id;
            out.template_version = tpl.version;
            out.status = forms::status_from_string(c.bytes(2)).value();
            out.raw = opt_real(c, 3);
            out.score = opt_real(c, 4);
            out.critical_failures = string_list(c.bytes(5));
            const std::string_view blob = c.bytes(6);
            values.resize(blob.size() / sizeof(double));
            if (!values.empty())
                std::memcpy(values.data(), blob.data(), values.size() * sizeof(double));
            auto sections = decode_sections(values.data(), values.size() / kSectionValues);
            for (std::size_t i = 0; i < sections.size() && i < tpl.sections.size(); ++i)
                out.sections.emplace_back(tpl.sections[i].id, sections[i]);
            row(out);
        }
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading visit scores", e);
    }
}

namespace {

/// One reader's share of the visits a filter covers, read whole: their facts, and where the
/// values of their sections and questions go (the visits' places count from 0 within the share
/// until place_values gives them their places in the table's values).
struct Share {
    std::vector<scoring::VisitFact> visits;
    std::size_t section_count = 0;
    std::size_t question_count = 0;
    scoring::SectionFact* section_at = nullptr; ///< the table's section values (place_values)
    double* question_at = nullptr;              ///< the table's question values
};

/// Reads one visit's score arrays into its place in `share`.
void copy_score_arrays(const scoring::FactTable& facts, Share& share, const scoring::VisitFact& v,
                       std::string_view sections, const std::string_view* questions) {
    const forms::Template& tpl = *facts.templates[static_cast<std::size_t>(v.tmpl)].tpl;
    const std::size_t section_count = tpl.sections.size();
    if (sections.size() != section_count * kSectionValues * sizeof(double))
        throw StorageError("visit " + std::to_string(v.visit_id) +
                           ": stored section scores do not match its scorecard");
    for (std::size_t s = 0; s < section_count; ++s) {
        double tmp[kSectionValues];
        std::memcpy(tmp, sections.data() + s * sizeof tmp, sizeof tmp);
        scoring::SectionFact& sf = share.section_at[v.first_section + s];
        sf.raw = tmp[0];
        sf.score = tmp[1];
        sf.earned = tmp[2];
        sf.possible = tmp[3];
        sf.critical_failure = tmp[4] != 0;
    }
    if (!questions)
        return;
    if (questions->size() != tpl.questions.size() * sizeof(double))
        throw StorageError("visit " + std::to_string(v.visit_id) +
                           ": stored question scores do not match its scorecard");
    if (!questions->empty())
        std::memcpy(share.question_at + v.first_question, questions->data(), questions->size());
}

/// Where the score arrays of a read's visits go, by visit id: the share (of at most two) and the
/// visit's index in its visits. Two readers fill it side by side, each for its own id range.
class ScorePlaces {
  public:
    explicit ScorePlaces(std::initializer_list<Share*> shares) : m_shares(shares) {
        bool any = false;
        for (const Share* share : m_shares)
            for (const scoring::VisitFact& v : share->visits) {
                m_lo = any ? std::min(m_lo, v.visit_id) : v.visit_id;
                m_hi = any ? std::max(m_hi, v.visit_id) : v.visit_id;
                any = true;
            }
        if (!any)
            return;
        m_at.assign(static_cast<std::size_t>(m_hi - m_lo + 1), kNone);
        for (std::size_t s = 0; s < m_shares.size(); ++s)
            for (std::size_t i = 0; i < m_shares[s]->visits.size(); ++i)
                m_at[static_cast<std::size_t>(m_shares[s]->visits[i].visit_id - m_lo)] =
                    static_cast<std::int32_t>(i * 2 + s);
    }
    bool empty() const { return m_at.empty(); }
    std::int64_t lo() const { return m_lo; }
    std::int64_t hi() const { return m_hi; }
    /// The share and visit of `id`; nullptr for an id of no visit of the read, or one filled.
    std::pair<Share*, scoring::VisitFact*> find(std::int64_t id) {
        if (id < m_lo || id > m_hi)
            return {nullptr, nullptr};
        const std::int32_t slot = m_at[static_cast<std::size_t>(id - m_lo)];
        if (slot < 0)
            return {nullptr, nullptr};
        Share* share = m_shares[static_cast<std::size_t>(slot & 1)];
        return {share, &share->visits[static_cast<std::size_t>(slot >> 1)]};
    }
    void filled(std::int64_t id) { m_at[static_cast<std::size_t>(id - m_lo)] = kFilled; }
    /// Whether `id` is a visit of the read still waiting for its arrays.
    bool waiting(std::int64_t id) const { return m_at[static_cast<std::size_t>(id - m_lo)] >= 0; }

  private:
    static constexpr std::int32_t kNone = -1;
    static constexpr std::int32_t kFilled = -2;
    std::vector<Share*> m_shares;
    std::int64_t m_lo = 0;
    std::int64_t m_hi = -1;
    std::vector<std::int32_t> m_at; ///< visit id - m_lo -> index * 2 + share, or kNone, kFilled
};

/// Database row ids -> dense indexes into a FactTable's dictionaries (-1: none).
struct DenseIds {
    std::vector<std::int32_t> clients, regions, branches, employees, shoppers, templates;
    /// Every id fits in 31 bits: two of them travel as one number (see read_visits).
    bool packed = true;
};

/// The database ids of the clients whose visits `shares` hold, when they are not every client
/// (`facts.clients`); empty otherwise, or when a visit's client is not in `facts.clients`
/// (row-level security can show a shopper a visit of a client it does not show them). A client
/// account's views show it one client, so its reads never name one (its view of visit_scores has no
/// client column).
std::vector<std::int64_t> clients_read(const DenseIds& index, const scoring::FactTable& facts,
                                       std::initializer_list<const Share*> shares) {
    std::vector<char> seen(facts.clients.names.size(), 0);
    for (const Share* share : shares)
        for (const scoring::VisitFact& v : share->visits)
            if (v.client >= 0)
                seen[static_cast<std::size_t>(v.client)] = 1;
            else
                return {}; // a client the account cannot read by name: every client
    std::vector<std::int64_t> ids;
    if (std::find(seen.begin(), seen.end(), 0) == seen.end())
        return ids;
    for (std::size_t id = 0; id < index.clients.size(); ++id)
        if (index.clients[id] >= 0 && seen[static_cast<std::size_t>(index.clients[id])])
            ids.push_back(static_cast<std::int64_t>(id));
    return ids;
}

/// Fills the section (and, when loaded, question) values of the visits in `places` whose ids lie
/// in [from, to] from visit_scores: one pass over that id range of the visits' `clients` (empty:
/// every client) when the visits are a good part of it, else the visits' own rows by their ids
/// (a small filtered report). visit_scores is kept in (client, visit id) order, so one client's
/// range is one stretch of the table (found through its BRIN index). With `whole_table`, a range
/// that covers most of the table reads all of the clients' rows (cheaper than testing a range on
/// every row); a reader of part of the ids passes false (another reads the rest).
void load_score_arrays(pqxx::dbtransaction& tx, const scoring::FactTable& facts,
                       ScorePlaces& places, const std::vector<std::int64_t>& clients,
                       std::int64_t from, std::int64_t to, bool whole_table) {
    if (places.empty())
        return;
    from = std::max(from, places.lo());
    to = std::min(to, places.hi());
    std::int64_t lo = 0, hi = -1;
    std::size_t count = 0;
    for (std::int64_t id = from; id <= to; ++id)
        if (places.waiting(id)) {
            lo = count == 0 ? id : lo;
            hi = id;
            ++count;
        }
    if (count == 0)
        return;
    const auto span = static_cast<std::size_t>(hi - lo + 1);
    // A range's ends are read once (sub-selects), not once per row of the table.
    PgFilter ids;
    ids.style = PgFilter::Values::Settings;
    std::string which;
    if (count * 8 >= span) {
        std::string client;
        if (clients.size() == 1) {
            client = "client_id = (SELECT " + ids.add(std::to_string(clients[0]), "bigint") + ")";
        } else if (!clients.empty()) {
            std::string list = "{";
            for (const std::int64_t id : clients)
                list += (list.size() > 1 ? "," : "") + std::to_string(id);
            // The cast makes the sub-select one array: ANY ((SELECT ...)) alone would compare
            // with each row it returns, an array each.
            client = "client_id = ANY ((SELECT " + ids.add(list + "}", "bigint[]") + ")::bigint[])";
        }
        const std::string first = "(SELECT " + ids.add(std::to_string(lo), "bigint") + ")";
        const std::string range = (client.empty() ? "" : client + " AND ") + "visit_id BETWEEN " +
                                  first + " AND (SELECT " + ids.add(std::to_string(hi), "bigint") +
                                  ")";
        if (count * 2 < span) {
            // Most rows of the range are other visits (another client's, another status): the
            // server sends only the wanted ones, found in a bitmap of the range's ids (bit
            // `id - lo`, least significant first, as get_bit counts) read once. The CASE tests
            // the range first whatever order the planner gives the conditions; the bit's number
            // is an integer, as get_bit takes it before PostgreSQL 13.
            std::vector<unsigned char> bits((span + 7) / 8, 0);
            for (std::int64_t id = lo; id <= hi; ++id)
                if (places.waiting(id)) {
                    const auto at = static_cast<std::size_t>(id - lo);
                    bits[at / 8] = static_cast<unsigned char>(bits[at / 8] | (1u << (at % 8)));
                }
            which = " WHERE " + range + " AND CASE WHEN " + range + " THEN get_bit((SELECT " +
                    ids.add(bytea_hex(bits), "bytea") + "), (visit_id - " + first +
                    ")::integer) = 1 END";
        } else {
            bool most = false;
            if (whole_table) {
                const pqxx::row table =
                    tx.exec1("SELECT min(visit_id), max(visit_id) FROM visit_scores");
                most = !table[0].is_null() &&
                       (table[1].as<std::int64_t>() - table[0].as<std::int64_t>() + 1) <=
                           static_cast<std::int64_t>(span) * 2;
            }
            if (!most)
                which = " WHERE " + range;
            else if (!client.empty())
                which = " WHERE " + client;
        }
    } else {
        std::string list = "{";
        for (std::int64_t id = lo; id <= hi; ++id)
            if (places.waiting(id)) {
                if (list.size() > 1)
                    list += ',';
                list += std::to_string(id);
            }
        list += '}';
        which = " WHERE visit_id = ANY (" + ids.add(std::move(list), "bigint[]") + ")"; // once
    }
    ids.bind(tx);
    if (count * 8 >= span && !clients.empty()) {
        // The planner's estimate for the range's ends, settings it cannot see, is a few hundred
        // rows, for which it would walk the visit id key and visit the heap a row at a time. A
        // bitmap heap scan (the clients' BRIN ranges and the key's range) reads each page of
        // the stretch once, in order: half as long for a client's 300,000 rows read from the
        // system's cache (128 MB of shared buffers). This is the transaction's last read.
        tx.exec0("SET LOCAL enable_indexscan = off");
    }
    PgCopyReader c(tx, std::string("SELECT visit_id, section_scores") +
                           (facts.has_questions ? ", question_scores" : "") + " FROM visit_scores" +
                           which);
    while (c.next()) {
        const std::int64_t id = c.integer(0);
        if (id < lo || id > hi)
            continue;
        const auto [share, visit] = places.find(id);
        if (!share)
            continue;
        const std::string_view questions = facts.has_questions ? c.bytes(2) : std::string_view();
        copy_score_arrays(facts, *share, *visit, c.bytes(1),
                          facts.has_questions ? &questions : nullptr);
        places.filled(id);
    }
    for (std::int64_t id = lo; id <= hi; ++id)
        if (places.waiting(id))
            throw StorageError("visit " + std::to_string(id) + ": its stored scores are missing");
}

/// Orders visits by day, then id: a counting sort by day (days span a few years), then each
/// day's visits by id; moves each visit once, in place.
void sort_by_day(std::vector<scoring::VisitFact>& visits) {
    auto by_day = [](const scoring::VisitFact& a, const scoring::VisitFact& b) {
        return a.day != b.day ? a.day < b.day : a.visit_id < b.visit_id;
    };
    if (std::is_sorted(visits.begin(), visits.end(), by_day))
        return;
    auto [lo, hi] = std::minmax_element(
        visits.begin(), visits.end(),
        [](const scoring::VisitFact& a, const scoring::VisitFact& b) { return a.day < b.day; });
    const auto days = static_cast<std::size_t>(hi->day - lo->day) + 1;
    if (days > visits.size() * 4 + 4096) {
        std::sort(visits.begin(), visits.end(), by_day);
        return;
    }
    const std::int32_t first = lo->day;
    std::vector<std::uint32_t> start(days + 1, 0);
    for (const scoring::VisitFact& v : visits)
        ++start[static_cast<std::size_t>(v.day - first) + 1];
    for (std::size_t d = 0; d < days; ++d)
        start[d + 1] += start[d];
    std::vector<std::uint32_t> order(visits.size());
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < visits.size(); ++i)
        order[fill[static_cast<std::size_t>(visits[i].day - first)]++] =
            static_cast<std::uint32_t>(i);
    for (std::size_t d = 0; d < days; ++d)
        std::sort(order.begin() + start[d], order.begin() + start[d + 1],
                  [&](std::uint32_t a, std::uint32_t b) {
                      return visits[a].visit_id < visits[b].visit_id;
                  });
    // Each visit moved to its place, a cycle of the order at a time: no second array of visits
    // (fresh memory is the costliest part of a large read).
    std::vector<bool> placed(visits.size(), false);
    for (std::size_t i = 0; i < visits.size(); ++i) {
        if (placed[i])
            continue;
        const scoring::VisitFact held = visits[i];
        std::size_t at = i;
        for (;;) {
            placed[at] = true;
            const std::size_t from = order[at];
            if (from == i) {
                visits[at] = held;
                break;
            }
            visits[at] = visits[from];
            at = from;
        }
    }
}

std::int32_t dense(const std::vector<std::int32_t>& index, std::int64_t id) {
    return id >= 0 && static_cast<std::size_t>(id) < index.size()
               ? index[static_cast<std::size_t>(id)]
               : std::int32_t{-1};
}

std::int32_t dense(const std::vector<std::int32_t>& index, const PgCopyReader& c, std::size_t i) {
    return c.is_null(i) ? std::int32_t{-1} : dense(index, c.integer(i));
}

/// Reads the visits `filter` covers into `out`: their narrow columns, which the index
/// visits_for_reports covers; each visit gets the place of its sections (and questions), their
/// values come from load_score_arrays.
void read_visits(pqxx::dbtransaction& tx, const PgFilter& filter, const DenseIds& index,
                 const scoring::FactTable& facts, bool with_questions, Share& out) {
    filter.bind(tx);
    // Each field costs the server more to write than the bytes it carries: while every
    // organisation and scorecard row id fits in 31 bits (short of billions of rows), two ids
    // travel as one number (first * 2^32 + second + 1; 0 for none) and the day with the
    // critical flag (day * 2 + critical). A survey response's shopper (none) travels as -1.
    PgCopyReader c(tx, std::string(index.packed
                                       ? "SELECT v.id, "
                                         "v.client_id * 4294967296 + coalesce(v.region_id + 1, 0), "
                                         "v.branch_id * 4294967296 + coalesce(v.employee_id + 1, "
                                         "0), coalesce(v.shopper_id, -1) * 4294967296 + "
                                         "v.template_id + 1, "
                                         "v.day::bigint * 2 + v.critical::integer, "
                                         "v.nps, v.raw, v.score, v.target"
                                       : "SELECT v.id, v.client_id, v.region_id, v.branch_id, "
                                         "v.employee_id, v.shopper_id, v.template_id, v.day, "
                                         "v.critical, v.nps, v.raw, v.score, v.target") +
                           " FROM visits v" + filter.where);
    const std::size_t nps = index.packed ? 5 : 9; // the fields after the ids
    while (c.next()) {
        scoring::VisitFact v;
        v.visit_id = c.integer(0);
        if (index.packed) {
            auto first = [](std::int64_t x) { return x >> 32; };
            auto second = [](std::int64_t x) { return (x & 0xffffffff) - 1; };
            const std::int64_t people = c.integer(1);
            const std::int64_t place = c.integer(2);
            const std::int64_t form = c.integer(3);
            const std::int64_t day = c.integer(4);
            v.client = dense(index.clients, first(people));
            v.region = dense(index.regions, second(people));
            v.branch = dense(index.branches, first(place));
            v.employee = dense(index.employees, second(place));
            v.shopper = dense(index.shoppers, first(form));
            v.tmpl = dense(index.templates, second(form));
            v.day = static_cast<std::int32_t>(day >> 1);
            v.critical_failure = (day & 1) != 0;
        } else {
            v.client = dense(index.clients, c, 1);
            v.region = dense(index.regions, c, 2);
            v.branch = dense(index.branches, c, 3);
            v.employee = dense(index.employees, c, 4);
            v.shopper = dense(index.shoppers, c, 5);
            v.tmpl = dense(index.templates, c, 6);
            v.day = static_cast<std::int32_t>(c.integer(7));
            v.critical_failure = c.boolean(8);
        }
        if (v.tmpl < 0)
            throw StorageError("visit " + std::to_string(v.visit_id) +
                               ": its scorecard is not stored");
        v.nps = c.is_null(nps) ? -1 : static_cast<int>(c.integer(nps));
        v.raw = c.is_null(nps + 1) ? scoring::kNa : c.real(nps + 1);
        v.score = c.is_null(nps + 2) ? scoring::kNa : c.real(nps + 2);
        v.target = c.real(nps + 3);
        const forms::Template& tpl = *facts.templates[static_cast<std::size_t>(v.tmpl)].tpl;
        v.first_section = static_cast<std::uint32_t>(out.section_count);
        out.section_count += tpl.sections.size();
        v.first_question = static_cast<std::uint32_t>(out.question_count);
        if (with_questions)
            out.question_count += tpl.questions.size();
        out.visits.push_back(v);
    }
}

/// Section attributions that differ from the primary employee, in visit order.
struct Attributions {
    struct Override {
        std::int64_t visit_id;
        std::int32_t section; ///< into `sections`
        std::int32_t employee;
    };
    std::vector<Override> overrides;
    std::vector<std::string> sections; ///< the section ids overrides name, interned
    /// Per template: interned section -> section index in the template (-1: none).
    std::vector<std::vector<int>> section_index;
};

/// Gives each section of the share's visits its employee: the visit's primary employee unless
/// attributed to another.
void attribute(const scoring::FactTable& facts, const Attributions& a, Share& share) {
    // Where each visit's overrides start, by visit id (they are in visit order; the visits are
    // not yet).
    std::vector<std::uint32_t> start;
    const std::int64_t lo = a.overrides.empty() ? 0 : a.overrides.front().visit_id;
    if (!a.overrides.empty()) {
        start.assign(static_cast<std::size_t>(a.overrides.back().visit_id - lo) + 2, 0);
        for (const Attributions::Override& o : a.overrides)
            ++start[static_cast<std::size_t>(o.visit_id - lo) + 1];
        for (std::size_t i = 1; i < start.size(); ++i)
            start[i] += start[i - 1];
    }
    for (const scoring::VisitFact& v : share.visits) {
        const std::size_t count =
            facts.templates[static_cast<std::size_t>(v.tmpl)].tpl->sections.size();
        for (std::size_t s = 0; s < count; ++s)
            share.section_at[v.first_section + s].employee = v.employee;
        if (v.visit_id < lo || static_cast<std::size_t>(v.visit_id - lo) + 1 >= start.size())
            continue;
        const auto at = static_cast<std::size_t>(v.visit_id - lo);
        for (std::uint32_t i = start[at]; i < start[at + 1]; ++i) {
            const Attributions::Override& o = a.overrides[i];
            const int si = a.section_index[static_cast<std::size_t>(v.tmpl)]
                                          [static_cast<std::size_t>(o.section)];
            if (si >= 0)
                share.section_at[v.first_section + static_cast<std::size_t>(si)].employee =
                    o.employee;
        }
    }
}

/// The section attributions: a small table read in visit order, section ids interned; rows of
/// visits outside the filter are simply never looked up.
Attributions read_attributions(pqxx::dbtransaction& tx, const DenseIds& index,
                               const scoring::FactTable& facts) {
    Attributions out;
    PgCopyReader c(tx, "SELECT visit_id, section, employee_id FROM visit_section_employees "
                       "ORDER BY visit_id, section");
    while (c.next()) {
        const std::string_view section = c.bytes(1);
        std::int32_t si = static_cast<std::int32_t>(out.sections.size()) - 1;
        while (si >= 0 && out.sections[static_cast<std::size_t>(si)] != section)
            --si;
        if (si < 0) {
            si = static_cast<std::int32_t>(out.sections.size());
            out.sections.emplace_back(section);
        }
        out.overrides.push_back({c.integer(0), si, dense(index.employees, c, 2)});
    }
    out.section_index.resize(facts.templates.size());
    for (std::size_t t = 0; t < facts.templates.size(); ++t)
        for (const std::string& id : out.sections)
            out.section_index[t].push_back(facts.templates[t].tpl->find_section(id));
    return out;
}

/// Runs `here` on this thread and `there` on another, both to their end; then rethrows the
/// first failure (this thread's first).
template <typename Here, typename There> void in_parallel(Here&& here, There&& there) {
    std::exception_ptr failed;
    std::thread other([&] {
        try {
            there();
        } catch (...) {
            failed = std::current_exception();
        }
    });
    try {
        here();
    } catch (...) {
        other.join();
        throw;
    }
    other.join();
    if (failed)
        std::rethrow_exception(failed);
}

/// Allocates the table's section and question values once, now that the counts of `first` and
/// `second` (none: a read alone) are known, the second's places moved on past the first's, so
/// that the values are written where they stay; then gives each section its employee (a share
/// on each thread).
void place_values(scoring::FactTable& facts, const Attributions& attributions, Share& first,
                  Share* second) {
    const std::size_t sections = first.section_count + (second ? second->section_count : 0);
    const std::size_t questions = first.question_count + (second ? second->question_count : 0);
    if (sections > std::numeric_limits<std::uint32_t>::max() ||
        questions > std::numeric_limits<std::uint32_t>::max())
        throw StorageError("too many visits for one read: narrow the filter");
    facts.sections.reserve(sections);
    facts.questions.reserve(questions);
    if (second) // the pages' first touch, the costly part, on both threads
        in_parallel(
            [&] {
                populate(facts.sections, 0, first.section_count);
                populate(facts.questions, 0, first.question_count);
            },
            [&] {
                populate(facts.sections, first.section_count, sections);
                populate(facts.questions, first.question_count, questions);
            });
    facts.sections.resize(sections);
    facts.questions.resize(questions);
    for (Share* share : {&first, second})
        if (share) {
            share->section_at = facts.sections.data();
            share->question_at = facts.questions.data();
        }
    if (!second) {
        attribute(facts, attributions, first);
        return;
    }
    in_parallel([&] { attribute(facts, attributions, first); },
                [&] {
                    const auto section_base = static_cast<std::uint32_t>(first.section_count);
                    const auto question_base = static_cast<std::uint32_t>(first.question_count);
                    for (scoring::VisitFact& v : second->visits) {
                        v.first_section += section_base;
                        v.first_question += question_base;
                    }
                    attribute(facts, attributions, *second);
                });
}

/// Visits (by id range) from which load_facts shares its read between two connections: below
/// it a second connection costs more than it saves.
constexpr std::int64_t kSharedReadMinimum = 16384;

/// About how many visits a shared read of several clients samples to find where to split.
constexpr double kSplitSample = 8192;

/// A second connection reading in the snapshot of another transaction, so that two server
/// processes (and two client threads) share one large read.
struct SecondReader {
    explicit SecondReader(const std::string& uri) : conn(uri) {}
    pqxx::connection conn;
    std::optional<Snapshot> tx;
};

/// A second reader in the snapshot of `tx` (pg_export_snapshot), or nullptr when the server
/// takes no second connection (none left, a password it does not find): the read then runs
/// on `tx` alone.
std::unique_ptr<SecondReader> second_reader(pqxx::dbtransaction& tx, const std::string& uri) {
    // Not in a savepoint (the server exports no snapshot from one); any server since
    // PostgreSQL 10 exports one, a standby's included.
    const std::string snapshot = tx.exec1("SELECT pg_export_snapshot()")[0].as<std::string>();
    try {
        auto reader = std::make_unique<SecondReader>(uri);
        reader->tx.emplace(reader->conn);
        reader->tx->exec0("SET TRANSACTION SNAPSHOT " + reader->tx->quote(snapshot));
        // The two connections are the read's parallel workers: the server adds none of its own
        // (more processes than cores, and rows passed between them once more). `tx` is set so
        // by load_facts.
        reader->tx->exec0("SET LOCAL max_parallel_workers_per_gather = 0");
        return reader;
    } catch (const pqxx::failure&) {
        return nullptr;
    }
}

} // namespace

scoring::FactTable PgStore::load_facts(const VisitFilter& filter, bool with_questions,
                                       bool with_attributions) {
    scoring::FactTable facts;
    facts.has_questions = with_questions;
    const PgFilter f = pg_filter(filter, PgFilter::Values::Settings);
    try {
        Snapshot tx(*m_conn);

        // Dictionaries: database id -> dense index, for each organisation table, in the order
        // SQLite reads them (through each table's unique key: client, then code or name).
        auto load_dict = [&](const char* sql, scoring::Dictionary& dict) {
            std::vector<std::int32_t> index;
            for (const pqxx::row& c : tx.exec(sql)) {
                const auto id = static_cast<std::size_t>(c[0].as<std::int64_t>());
                if (index.size() <= id)
                    index.resize(id + 1, -1);
                index[id] = static_cast<std::int32_t>(dict.names.size());
                dict.names.push_back(c[1].as<std::string>());
            }
            return index;
        };
        DenseIds index;
        index.clients =
            load_dict("SELECT id, name FROM clients ORDER BY name COLLATE \"C\"", facts.clients);
        index.regions = load_dict(
            "SELECT id, name FROM regions ORDER BY client_id, name COLLATE \"C\"", facts.regions);
        index.branches = load_dict(
            "SELECT id, code FROM branches ORDER BY client_id, code COLLATE \"C\"", facts.branches);
        index.employees =
            load_dict("SELECT id, code FROM employees ORDER BY client_id, code COLLATE \"C\"",
                      facts.employees);
        index.shoppers = load_dict(
            "SELECT id, code FROM shoppers ORDER BY client_id, code COLLATE \"C\"", facts.shoppers);
        // Templates: one TemplateRef per stored version, in (id, version) order; ids shared
        // across versions.
        const Templates stored = stored_templates(tx);
        std::map<std::pair<std::string, int>, std::int64_t> in_order;
        for (const auto& [pk, tpl] : stored)
            in_order.emplace(std::make_pair(tpl->id, tpl->version), pk);
        auto intern = [](scoring::Dictionary& dict, std::map<std::string, std::int32_t>& seen,
                         const std::string& name) {
            auto [it, fresh] = seen.emplace(name, static_cast<std::int32_t>(dict.names.size()));
            if (fresh)
                dict.names.push_back(name);
            return it->second;
        };
        std::map<std::string, std::int32_t> template_keys, section_keys, question_keys;
        for (const auto& [key, pk] : in_order) {
            scoring::TemplateRef ref;
            ref.tpl = stored.at(pk);
            ref.template_key = intern(facts.template_ids, template_keys, ref.tpl->id);
            for (const auto& s : ref.tpl->sections)
                ref.section_ids.push_back(intern(facts.section_ids, section_keys, s.id));
            for (const auto& q : ref.tpl->questions)
                ref.question_ids.push_back(intern(facts.question_ids, question_keys, q.id));
            if (index.templates.size() <= static_cast<std::size_t>(pk))
                index.templates.resize(static_cast<std::size_t>(pk) + 1, -1);
            index.templates[static_cast<std::size_t>(pk)] =
                static_cast<std::int32_t>(facts.templates.size());
            facts.templates.push_back(std::move(ref));
        }

        // The visits and their score arrays. A large read is shared by two connections in one
        // snapshot, on a thread each: two server processes and two client threads, as a
        // machine's cores are. Each reads one range of the report index, whose entries are
        // ordered by client and day within a status: half the filter's days of one client, or
        // of several clients the visits before and from a (client, day) found in a sample of
        // them (half the days of each client would walk every client's entries twice). Then
        // each reads the score arrays of half the read visits' ids (of their clients' stretches
        // of visit_scores).
        const std::size_t widest =
            std::max({index.clients.size(), index.regions.size(), index.branches.size(),
                      index.employees.size(), index.shoppers.size(), index.templates.size()});
        index.packed = widest < (std::size_t{1} << 31);
        const pqxx::row bounds = tx.exec1("SELECT min(id), max(id) FROM visits");
        const std::int64_t lo = bounds[0].is_null() ? 0 : bounds[0].as<std::int64_t>();
        const std::int64_t hi = bounds[1].is_null() ? -1 : bounds[1].as<std::int64_t>();
        std::optional<int> split_day;                         // the later share's first day
        std::optional<std::pair<std::int64_t, int>> split_at; // or its first (client id, day)
        if (!filter.uuid && hi - lo + 1 >= kSharedReadMinimum) {
            // Without parallel workers: the read's two connections are its workers.
            tx.exec0("SET LOCAL max_parallel_workers_per_gather = 0");
            f.bind(tx);
            // With the days, whether visits is the table (a client account reads a view of it,
            // which shows one client).
            const pqxx::row days =
                tx.exec1("SELECT min(v.day), max(v.day), (SELECT c.relkind = 'r' "
                         "FROM pg_class c WHERE c.oid = 'visits'::regclass) "
                         "FROM visits v" +
                         f.where);
            if (!filter.client && days[2].as<bool>() && !days[0].is_null()) {
                // Whole pages of the table at random, the same ones for the same table: about
                // kSplitSample of the ids' visits.
                const double percent =
                    std::min(100.0, 100.0 * kSplitSample / static_cast<double>(hi - lo + 1));
                std::vector<std::pair<std::int64_t, int>> sample;
                for (const pqxx::row& r :
                     tx.exec_params("SELECT v.client_id, v.day FROM visits v TABLESAMPLE "
                                    "SYSTEM ($1) REPEATABLE (0)" +
                                        f.where,
                                    percent))
                    sample.emplace_back(r[0].as<std::int64_t>(), r[1].as<int>());
                std::sort(sample.begin(), sample.end());
                if (!sample.empty() && sample.front().first != sample.back().first) {
                    // The median, or past it when more than half the sample shares the first
                    // key (the earlier share would read nothing).
                    auto at = sample.begin() + static_cast<std::ptrdiff_t>(sample.size() / 2);
                    if (*at == sample.front())
                        at = std::upper_bound(at, sample.end(), sample.front());
                    split_at = *at; // the clients differ: a later key exists
                }
            }
            if (!split_at && !days[0].is_null() && days[0].as<int>() < days[1].as<int>())
                split_day = days[0].as<int>() + (days[1].as<int>() - days[0].as<int>() + 1) / 2;
        }
        std::unique_ptr<SecondReader> second;
        if (split_day || split_at)
            second = second_reader(tx, m_uri);
        Share mine, theirs;
        if (!filter.uuid && hi >= lo) {
            // Room for every visit, or half each when shared (a share with more grows).
            const auto ids = static_cast<std::size_t>(hi - lo + 1);
            mine.visits.reserve(second ? ids / 2 + 1 : ids);
            if (second)
                theirs.visits.reserve(ids / 2 + 1);
        }
        Attributions attributions;
        if (second) {
            VisitFilter early = filter;
            VisitFilter late = filter;
            if (split_day) {
                early.to_day = *split_day - 1;
                late.from_day = *split_day;
            }
            PgFilter early_where = pg_filter(early, PgFilter::Values::Settings);
            PgFilter late_where = pg_filter(late, PgFilter::Values::Settings);
            if (split_at) {
                auto from = [&](PgFilter& where, const char* op) {
                    where.where += std::string(" AND (v.client_id, v.day) ") + op + " (" +
                                   where.add(std::to_string(split_at->first), "bigint") + ", " +
                                   where.add(std::to_string(split_at->second), "integer") + ")";
                };
                from(early_where, "<");
                from(late_where, ">=");
            }
            in_parallel(
                [&] {
                    read_visits(tx, early_where, index, facts, with_questions, mine);
                    if (with_attributions)
                        attributions = read_attributions(tx, index, facts);
                },
                [&] {
                    read_visits(*second->tx, late_where, index, facts, with_questions, theirs);
                });
            place_values(facts, attributions, mine, &theirs);
            if (std::max(mine.visits.size(), theirs.visits.size()) >= std::size_t{1} << 30)
                throw StorageError("too many visits for one read: narrow the filter");
            ScorePlaces places{&mine, &theirs};
            const std::vector<std::int64_t> clients = clients_read(index, facts, {&mine, &theirs});
            const std::int64_t middle = places.lo() + (places.hi() - places.lo()) / 2;
            in_parallel(
                [&] { load_score_arrays(tx, facts, places, clients, places.lo(), middle, false); },
                [&] {
                    load_score_arrays(*second->tx, facts, places, clients, middle + 1, places.hi(),
                                      false);
                });
            second->tx->commit();
            in_parallel([&] { sort_by_day(mine.visits); }, [&] { sort_by_day(theirs.visits); });
        } else {
            read_visits(tx, f, index, facts, with_questions, mine);
            if (with_attributions)
                attributions = read_attributions(tx, index, facts);
            place_values(facts, attributions, mine, nullptr);
            ScorePlaces places{&mine};
            load_score_arrays(tx, facts, places, clients_read(index, facts, {&mine}), places.lo(),
                              places.hi(), true);
            sort_by_day(mine.visits);
        }
        tx.commit();
        // One table of both shares: the values are in it already (place_values), the visits
        // merged in date order (sections and questions are found by index, not position).
        if (theirs.visits.empty()) {
            facts.visits = std::move(mine.visits);
        } else {
            facts.visits.reserve(mine.visits.size() + theirs.visits.size());
            std::merge(mine.visits.begin(), mine.visits.end(), theirs.visits.begin(),
                       theirs.visits.end(), std::back_inserter(facts.visits),
                       [](const scoring::VisitFact& a, const scoring::VisitFact& b) {
                           return a.day != b.day ? a.day < b.day : a.visit_id < b.visit_id;
                       });
        }
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the stored scores", e);
    }
    return facts;
}

DataVersion PgStore::data_version() {
    // Every writing transaction of any connection counts itself in visitscore_data_version
    // (pg_schema.cpp), in the same commit as its data: so `others` covers this store's own
    // writes too, and `own` stays 0. Each also notifies at commit, this store's own included:
    // without a notice since the last read, nothing was stored and the server is not asked. A
    // commit between the notice and the read is in the count; its own notice reads it again.
    // A notice is delivered a moment after the commit: the count is read again at least every
    // second whatever came in, so that nothing is missed for longer.
    try {
        const auto now = std::chrono::steady_clock::now();
        if (!m_version || changes_noticed() || now - m_version_read > std::chrono::seconds(1)) {
            m_version_read = now;
            pqxx::nontransaction tx(*m_conn);
            m_version = DataVersion{
                tx.exec("SELECT coalesce(sum(commits), 0) FROM visitscore_data_version")[0][0]
                    .as<std::int64_t>(),
                0};
        }
        return *m_version;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading the data version", e);
    }
}

void PgStore::visit_details(const VisitFilter& filter,
                            const std::function<void(const VisitDetail&)>& row) {
    const PgFilter f = pg_filter(filter, PgFilter::Values::Settings);
    try {
        Snapshot tx(*m_conn);
        const Templates templates = stored_templates(tx);
        f.bind(tx);
        PgCopyReader c(
            tx,
            "SELECT v.uuid, v.template_id, c.name, r.name, b.code, b.name, e.code, e.name, "
            "s.code, s.name, v.visited_at, v.day, v.status, v.raw, v.score, "
            "v.critical_failures, sc.section_scores, v.answers, v.comments, v.summary, "
            "v.assignment_uuid, v.opened_at, v.first_answer_at, v.submitted_at "
            "FROM visits v JOIN visit_scores sc ON sc.visit_id = v.id"
            " JOIN clients c ON c.id = v.client_id LEFT JOIN regions r ON r.id = v.region_id"
            " JOIN branches b ON b.id = v.branch_id LEFT JOIN employees e ON e.id = v.employee_id"
            " LEFT JOIN shoppers s ON s.id = v.shopper_id" +
                f.where + " ORDER BY v.day, v.visited_at COLLATE \"C\", v.id");
        VisitDetail d;
        std::vector<double> values;
        while (c.next()) {
            d.uuid = c.text(0);
            const forms::Template& tpl = template_of(templates, c.integer(1), d.uuid);
            d.template_id = tpl.id;
            d.template_version = tpl.version;
            d.client = c.text(2);
            d.region = c.text(3);
            d.branch = c.text(4);
            d.branch_name = c.text(5);
            d.employee = c.text(6);
            d.employee_name = c.text(7);
            d.shopper = c.text(8);
            d.shopper_name = c.text(9);
            d.visited_at = c.text(10);
            d.day = static_cast<int>(c.integer(11));
            d.status = forms::status_from_string(c.bytes(12)).value_or(forms::Status::Draft);
            d.raw = opt_real(c, 13);
            d.score = opt_real(c, 14);
            d.critical_failures = string_list(c.bytes(15));
            const std::string_view blob = c.bytes(16);
            if (blob.size() != tpl.sections.size() * kSectionValues * sizeof(double))
                throw StorageError("visit " + d.uuid +
                                   ": stored section scores do not match its scorecard");
            values.resize(blob.size() / sizeof(double));
            if (!values.empty())
                std::memcpy(values.data(), blob.data(), blob.size());
            d.section_scores.clear();
            for (const scoring::SectionResult& s :
                 decode_sections(values.data(), tpl.sections.size()))
                d.section_scores.push_back(s.score);
            d.answers = nlohmann::json::parse(c.bytes(17));
            d.comments =
                nlohmann::json::parse(c.bytes(18)).get<std::map<std::string, std::string>>();
            d.summary = c.text(19);
            d.assignment = c.text(20);
            d.evidence.opened_at = c.text(21);
            d.evidence.first_answer_at = c.text(22);
            d.evidence.submitted_at = c.text(23);
            row(d);
        }
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading visits for an export", e);
    }
}

void PgStore::add_trainings(const std::vector<Training>& trainings, const std::string& file) {
    try {
        pqxx::work tx(*m_conn);
        for (std::size_t i = 0; i < trainings.size(); ++i) {
            const Training& t = trainings[i];
            const std::string where = "trainings[" + std::to_string(i) + "]";
            const int day = check_training(t, file, where); // record_checks.h
            const pqxx::result found =
                tx.exec_params("SELECT id FROM clients WHERE name = $1", t.client);
            if (found.empty())
                throw InputError(file, where + ".client",
                                 "unknown client \"" + t.client +
                                     "\" (no visits of it are stored)");
            const auto client = found[0][0].as<std::int64_t>();
            tx.exec_params("DELETE FROM trainings WHERE client_id = $1 AND code = $2", client,
                           t.id);
            const auto training =
                tx.exec_params1("INSERT INTO trainings (client_id, code, title, trainer, date, "
                                "day, sections) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                client, t.id, t.title, t.trainer, t.date, day,
                                nlohmann::json(t.sections).dump())[0]
                    .as<std::int64_t>();
            for (std::size_t e = 0; e < t.employees.size(); ++e) {
                const pqxx::result employee =
                    tx.exec_params("SELECT id FROM employees WHERE client_id = $1 AND code = $2",
                                   client, t.employees[e]);
                if (employee.empty())
                    throw InputError(file, where + ".employees[" + std::to_string(e) + "]",
                                     "unknown employee \"" + t.employees[e] + "\" of client \"" +
                                         t.client + "\"");
                tx.exec_params("INSERT INTO training_employees (training_id, employee_id) "
                               "VALUES ($1, $2) ON CONFLICT DO NOTHING",
                               training, employee[0][0].as<std::int64_t>());
            }
        }
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "storing trainings from " + file, e);
    }
}

std::vector<Training> PgStore::trainings(const std::optional<std::string>& client) {
    std::vector<Training> out;
    try {
        pqxx::read_transaction tx(*m_conn);
        const pqxx::result r = tx.exec_params(
            "SELECT t.code, t.title, t.trainer, t.date, c.name, t.sections, "
            "(SELECT coalesce(json_agg(e.code ORDER BY e.code COLLATE \"C\"), '[]') "
            "FROM training_employees te JOIN employees e ON e.id = te.employee_id "
            "WHERE te.training_id = t.id) "
            "FROM trainings t JOIN clients c ON c.id = t.client_id "
            "WHERE $1::text IS NULL OR c.name = $1 ORDER BY t.day, t.code COLLATE \"C\"",
            client);
        for (const pqxx::row& c : r) {
            Training t;
            t.id = c[0].as<std::string>();
            t.title = c[1].as<std::string>();
            t.trainer = c[2].as<std::string>();
            t.date = c[3].as<std::string>();
            t.client = c[4].as<std::string>();
            t.sections = string_list(c[5].as<std::string>());
            t.employees = string_list(c[6].as<std::string>());
            out.push_back(std::move(t));
        }
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading trainings", e);
    }
    return out;
}

std::vector<scoring::CalibrationVisit> PgStore::calibration_visits(const VisitFilter& filter) {
    VisitFilter only = filter;
    only.calibration = true;
    const PgFilter f = pg_filter(only);
    std::vector<scoring::CalibrationVisit> out;
    try {
        pqxx::read_transaction tx(*m_conn);
        const pqxx::result r = tx.exec_params(
            "SELECT v.calibration, v.uuid, c.name, s.code, v.reference, v.template_id, "
            "v.answers, v.score FROM visits v JOIN clients c ON c.id = v.client_id "
            "JOIN shoppers s ON s.id = v.shopper_id" +
                f.where + " ORDER BY v.calibration COLLATE \"C\", v.day, v.uuid COLLATE \"C\"",
            pqxx::prepare::make_dynamic_params(f.params));
        for (const pqxx::row& c : r) {
            scoring::CalibrationVisit v;
            v.exercise = c[0].as<std::string>();
            v.uuid = c[1].as<std::string>();
            v.client = c[2].as<std::string>();
            v.shopper = c[3].as<std::string>();
            v.reference = c[4].as<bool>();
            const TemplateRow* t = template_by_pk(tx, c[5].as<std::int64_t>());
            if (!t)
                throw StorageError("visit " + v.uuid + ": its scorecard is not stored");
            v.tpl = t->tpl;
            v.answers = forms::typed_answers(*v.tpl, nlohmann::json::parse(c[6].c_str()),
                                             "stored visit " + v.uuid, "answers");
            if (!c[7].is_null())
                v.score = c[7].as<double>();
            out.push_back(std::move(v));
        }
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading calibration visits", e);
    }
    return out;
}

std::vector<ClientActivity> PgStore::client_activity(const VisitFilter& filter) {
    const PgFilter f = pg_filter(filter);
    std::vector<ClientActivity> out;
    try {
        pqxx::read_transaction tx(*m_conn);
        // One pass over the report index counts the visits per client id, without parallel
        // workers: on two cores their start-up and gathering made it 0.5 s instead of 0.13 s at a
        // million visits (the dashboard's first step). Each client's first and last day are then
        // one probe each of the index in day order, and the clients are named last. Taking the
        // days in the counting pass doubled its time.
        tx.exec0("SET LOCAL max_parallel_workers_per_gather = 0");
        const std::string client_days = f.where + " AND v.client_id = a.client_id ORDER BY v.day";
        const pqxx::result r = tx.exec_params(
            "SELECT c.name, a.n, (SELECT v.day FROM visits v" + client_days +
                " LIMIT 1), (SELECT v.day FROM visits v" + client_days +
                " DESC LIMIT 1) FROM (SELECT v.client_id, count(*) AS n FROM visits v" + f.where +
                " GROUP BY v.client_id) a JOIN clients c ON c.id = a.client_id "
                "ORDER BY c.name COLLATE \"C\"",
            pqxx::prepare::make_dynamic_params(f.params));
        for (const pqxx::row& c : r)
            out.push_back(
                {c[0].as<std::string>(), c[1].as<std::int64_t>(), c[2].as<int>(), c[3].as<int>()});
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading clients' activity", e);
    }
    return out;
}

std::vector<QuestionComment> PgStore::employee_comments(const VisitFilter& filter,
                                                        const std::string& employee) {
    // The employee by code within the visit's client (codes are unique per client).
    PgFilter f = pg_filter(filter);
    const std::string code = f.add(employee, "text");
    std::vector<QuestionComment> out;
    try {
        pqxx::read_transaction tx(*m_conn);
        const pqxx::result r = tx.exec_params(
            "SELECT v.id, v.day, j.key, j.value FROM visits v, "
            "json_each_text(v.comments::json) j" +
                f.where + " AND (v.employee_id IN (SELECT id FROM employees WHERE code = " + code +
                " AND client_id = v.client_id) OR v.id IN (SELECT s.visit_id FROM "
                "visit_section_employees s JOIN employees e ON e.id = s.employee_id WHERE "
                "e.code = " +
                code + " AND e.client_id = v.client_id)) ORDER BY v.day, v.id, j.key COLLATE \"C\"",
            pqxx::prepare::make_dynamic_params(f.params));
        for (const pqxx::row& c : r)
            out.push_back({c[0].as<std::int64_t>(), c[1].as<int>(), c[2].as<std::string>(),
                           text_or_empty(c[3])});
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading an employee's comments", e);
    }
    return out;
}

} // namespace vs::storage
