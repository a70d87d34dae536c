// SQLite's reading of stored scores as facts (FactStore::load_facts): the visits' columns from the
// covering index visits_for_reports, their score arrays from the narrow visit_scores table (keyed
// by client, so one client's arrays are one range of it). A
// large read is split into two day ranges read side by side on two connections that see the same
// committed data.
#include "storage/sqlite_common.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace vs::storage {
namespace {

/// Database row ids -> dense indexes into the FactTable's dictionaries and templates: read once,
/// then shared read-only by the readers.
struct FactKeys {
    std::vector<std::int32_t> clients, regions, branches, employees, shoppers, templates;
};

/// A section attributed to another employee than the visit's primary one.
struct Override {
    std::int64_t visit_id;
    std::int32_t section; ///< into Overrides::sections
    std::int32_t employee;
};

/// The section attributions (visit_section_employees), in visit id order, their section ids
/// interned and found in each template once.
struct Overrides {
    std::vector<Override> rows;
    std::vector<std::string> sections;
    std::vector<std::vector<int>> section_index; ///< [template][section] -> template section or -1
};

/// One reader's share of the facts: its visits and how many section and question values they
/// have; once placed (place_parts), the table's arrays that the visits' indexes point into.
struct FactPart {
    std::vector<scoring::VisitFact> visits;
    std::size_t section_count = 0;
    std::size_t question_count = 0;
    scoring::SectionFact* sections = nullptr;
    double* questions = nullptr;
};

/// A prepared statement read through SQLite's own column functions: a wide read decodes
/// millions of values, and SQLite::Column's shared ownership per value shows in its time.
class Query {
  public:
    Query(SQLite::Database& db, const std::string& sql) : m_db(db.getHandle()) {
        const int rc = sqlite3_prepare_v2(m_db, sql.c_str(), -1, &m_st, nullptr);
        if (rc != SQLITE_OK)
            throw SQLite::Exception(m_db, rc);
    }
    ~Query() { sqlite3_finalize(m_st); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    /// Binds a filter's values from placeholder 1 on.
    void bind(const FilterSql& f) {
        std::size_t t = 0;
        std::size_t i = 0;
        int n = 1;
        for (char k : f.kinds) {
            const std::string* text = k == 't' ? &f.texts[t++] : nullptr;
            check(text ? sqlite3_bind_text(m_st, n++, text->data(), static_cast<int>(text->size()),
                                           SQLITE_TRANSIENT)
                       : sqlite3_bind_int64(m_st, n++, f.ints[i++]));
        }
    }
    void bind(int n, std::int64_t value) { check(sqlite3_bind_int64(m_st, n, value)); }
    /// Moves to the next row; false after the last.
    bool step() {
        const int rc = sqlite3_step(m_st);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            throw SQLite::Exception(m_db, rc);
        return false;
    }
    void reset() { sqlite3_reset(m_st); }
    sqlite3_stmt* get() const { return m_st; }

  private:
    void check(int rc) const {
        if (rc != SQLITE_OK)
            throw SQLite::Exception(m_db, rc);
    }
    sqlite3* m_db;
    sqlite3_stmt* m_st = nullptr;
};

/// The dense index of the id in column `col` of `st`; -1 for NULL or an id not in `index`.
std::int32_t lookup(const std::vector<std::int32_t>& index, sqlite3_stmt* st, int col) {
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return -1;
    const sqlite3_int64 id = sqlite3_column_int64(st, col);
    return id >= 0 && static_cast<std::uint64_t>(id) < index.size()
               ? index[static_cast<std::size_t>(id)]
               : -1;
}

double real_or_na(sqlite3_stmt* st, int col) {
    return sqlite3_column_type(st, col) == SQLITE_NULL ? scoring::kNa
                                                       : sqlite3_column_double(st, col);
}

/// Reads `sql` (id, name) rows into `dict`; returns the id -> index map.
std::vector<std::int32_t> load_dict(SQLite::Database& db, const char* sql,
                                    scoring::Dictionary& dict) {
    std::vector<std::int32_t> index;
    SQLite::Statement st(db, sql);
    while (st.executeStep()) {
        const auto id = static_cast<std::size_t>(st.getColumn(0).getInt64());
        if (index.size() <= id)
            index.resize(id + 1, -1);
        index[id] = static_cast<std::int32_t>(dict.names.size());
        dict.names.push_back(st.getColumn(1).getString());
    }
    return index;
}

Overrides load_overrides(SQLite::Database& db, const FactKeys& keys,
                         const std::vector<scoring::TemplateRef>& templates) {
    // The whole small table in primary-key order (no join: joining visits costs a second pass
    // over the visits table); rows of visits outside the filter are simply never looked up.
    Overrides out;
    Query q(db, "SELECT visit_id, section, employee_id FROM "
                "visit_section_employees ORDER BY visit_id, section");
    sqlite3_stmt* s = q.get();
    while (q.step()) {
        const auto* text = sqlite3_column_text(s, 1);
        const char* section = text ? reinterpret_cast<const char*>(text) : "";
        std::int32_t si = static_cast<std::int32_t>(out.sections.size()) - 1;
        while (si >= 0 && out.sections[static_cast<std::size_t>(si)] != section)
            --si;
        if (si < 0) {
            si = static_cast<std::int32_t>(out.sections.size());
            out.sections.emplace_back(section);
        }
        out.rows.push_back({sqlite3_column_int64(s, 0), si, lookup(keys.employees, s, 2)});
    }
    out.section_index.resize(templates.size());
    for (std::size_t t = 0; t < templates.size(); ++t)
        for (const std::string& id : out.sections)
            out.section_index[t].push_back(templates[t].tpl->find_section(id));
    return out;
}

/// Step 1 of a share: the visits' columns from the covering index visits_for_reports (no wide
/// row is read), each visit's sections and questions given their place within the share. Room
/// for `room` visits is made first (growing the array instead copied it each time into fresh
/// memory, faulted in a page at a time).
void read_visits(SQLite::Database& db, const VisitFilter& filter,
                 const std::vector<scoring::TemplateRef>& templates, const FactKeys& keys,
                 bool with_questions, std::size_t room, FactPart& part) {
    part.visits.reserve(room);
    const FilterSql f = filter_sql(filter, FilterUse::Report);
    Query q(db, "SELECT v.id, v.client_id, v.region_id, v.branch_id, v.employee_id, "
                "v.shopper_id, v.template_id, v.day, v.raw, v.score, v.target, v.critical, "
                "v.nps FROM visits v" +
                    f.where);
    q.bind(f);
    sqlite3_stmt* s = q.get();
    std::size_t section_count = 0;
    std::size_t question_count = 0;
    while (q.step()) {
        scoring::VisitFact v;
        v.visit_id = sqlite3_column_int64(s, 0);
        v.client = lookup(keys.clients, s, 1);
        v.region = lookup(keys.regions, s, 2);
        v.branch = lookup(keys.branches, s, 3);
        v.employee = lookup(keys.employees, s, 4);
        v.shopper = lookup(keys.shoppers, s, 5);
        v.tmpl = lookup(keys.templates, s, 6);
        if (v.tmpl < 0)
            throw StorageError("visit " + std::to_string(v.visit_id) +
                               ": its scorecard is not stored");
        v.day = sqlite3_column_int(s, 7);
        v.raw = real_or_na(s, 8);
        v.score = real_or_na(s, 9);
        v.target = sqlite3_column_double(s, 10);
        v.critical_failure = sqlite3_column_int(s, 11) != 0;
        v.nps = sqlite3_column_type(s, 12) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 12);
        const forms::Template& tpl = *templates[static_cast<std::size_t>(v.tmpl)].tpl;
        v.first_section = static_cast<std::uint32_t>(section_count);
        section_count += tpl.sections.size();
        v.first_question = static_cast<std::uint32_t>(question_count);
        if (with_questions)
            question_count += tpl.questions.size();
        part.visits.push_back(v);
    }
    part.section_count = section_count;
    part.question_count = question_count;
}

/// Each section's employee: the visit's primary one unless an attribution names another.
void attribute_sections(FactPart& part, const std::vector<scoring::TemplateRef>& templates,
                        const Overrides* overrides) {
    std::size_t next = 0; // visits mostly come in id order: try the next row first
    for (const scoring::VisitFact& v : part.visits) {
        const std::size_t count = templates[static_cast<std::size_t>(v.tmpl)].tpl->sections.size();
        for (std::size_t i = 0; i < count; ++i)
            part.sections[v.first_section + i].employee = v.employee;
        if (!overrides || overrides->rows.empty())
            continue;
        const std::vector<Override>& rows = overrides->rows;
        if (next >= rows.size() || rows[next].visit_id != v.visit_id)
            next =
                static_cast<std::size_t>(std::lower_bound(rows.begin(), rows.end(), v.visit_id,
                                                          [](const Override& o, std::int64_t id) {
                                                              return o.visit_id < id;
                                                          }) -
                                         rows.begin());
        for (; next < rows.size() && rows[next].visit_id == v.visit_id; ++next) {
            const int si = overrides->section_index[static_cast<std::size_t>(v.tmpl)]
                                                   [static_cast<std::size_t>(rows[next].section)];
            if (si >= 0)
                part.sections[v.first_section + static_cast<std::size_t>(si)].employee =
                    rows[next].employee;
        }
    }
}

/// Copies one visit's stored score arrays (columns 1 and, with questions, 2 of `st`) into its
/// place in `part`.
void copy_score_arrays(FactPart& part, const scoring::VisitFact& v, const forms::Template& tpl,
                       sqlite3_stmt* st, bool with_questions) {
    const std::size_t section_count = tpl.sections.size();
    if (static_cast<std::size_t>(sqlite3_column_bytes(st, 1)) !=
        section_count * kSectionValues * sizeof(double))
        throw StorageError("visit " + std::to_string(v.visit_id) +
                           ": stored section scores do not match its scorecard");
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(st, 1));
    for (std::size_t s = 0; s < section_count; ++s) {
        double tmp[kSectionValues];
        std::memcpy(tmp, bytes + s * sizeof tmp, sizeof tmp);
        scoring::SectionFact& sf = part.sections[v.first_section + s];
        sf.raw = tmp[0];
        sf.score = tmp[1];
        sf.earned = tmp[2];
        sf.possible = tmp[3];
        sf.critical_failure = tmp[4] != 0;
    }
    if (!with_questions)
        return;
    const std::size_t count =
        static_cast<std::size_t>(sqlite3_column_bytes(st, 2)) / sizeof(double);
    if (count != tpl.questions.size())
        throw StorageError("visit " + std::to_string(v.visit_id) +
                           ": stored question scores do not match its scorecard");
    if (count)
        std::memcpy(part.questions + v.first_question, sqlite3_column_blob(st, 2),
                    count * sizeof(double));
}

/// Step 2 of a share: the section (and, when loaded, question) values of its visits from
/// visit_scores, keyed by (client, visit id): per client, one pass over its key range when its
/// visits are a good part of that range (a report over everything or over one client), else one
/// lookup per visit (a small filtered report).
void read_score_arrays(SQLite::Database& db, FactPart& part,
                       const std::vector<scoring::TemplateRef>& templates, const FactKeys& keys,
                       bool with_questions) {
    if (part.visits.empty())
        return;
    const std::string columns = std::string("SELECT visit_id, section_scores") +
                                (with_questions ? ", question_scores" : "") +
                                " FROM visit_scores WHERE client_id = ? AND visit_id ";
    auto [lo_it, hi_it] =
        std::minmax_element(part.visits.begin(), part.visits.end(),
                            [](const scoring::VisitFact& a, const scoring::VisitFact& b) {
                                return a.visit_id < b.visit_id;
                            });
    const std::int64_t lo = lo_it->visit_id;
    const auto span = static_cast<std::size_t>(hi_it->visit_id - lo + 1);
    constexpr std::int32_t kDone = -2;
    std::vector<std::int32_t> at(span, -1); // visit id - lo -> index in part.visits
    for (std::size_t i = 0; i < part.visits.size(); ++i)
        at[static_cast<std::size_t>(part.visits[i].visit_id - lo)] = static_cast<std::int32_t>(i);
    auto copy = [&](sqlite3_stmt* st) {
        const auto slot = static_cast<std::size_t>(sqlite3_column_int64(st, 0) - lo);
        if (at[slot] < 0)
            return;
        const scoring::VisitFact& v = part.visits[static_cast<std::size_t>(at[slot])];
        copy_score_arrays(part, v, *templates[static_cast<std::size_t>(v.tmpl)].tpl, st,
                          with_questions);
        at[slot] = kDone;
    };
    // The clients' database ids (the facts hold dense indexes) and each one's visits' id range.
    std::vector<std::int64_t> client_id;
    for (std::size_t id = 0; id < keys.clients.size(); ++id)
        if (keys.clients[id] >= 0) {
            const auto i = static_cast<std::size_t>(keys.clients[id]);
            if (client_id.size() <= i)
                client_id.resize(i + 1, -1);
            client_id[i] = static_cast<std::int64_t>(id);
        }
    struct Range {
        std::int64_t lo = 0;
        std::int64_t hi = -1;
        std::size_t count = 0;
    };
    std::vector<Range> ranges(client_id.size());
    for (const scoring::VisitFact& v : part.visits) {
        if (v.client < 0 || static_cast<std::size_t>(v.client) >= ranges.size())
            continue; // reported missing below
        Range& r = ranges[static_cast<std::size_t>(v.client)];
        r.lo = r.count ? std::min(r.lo, v.visit_id) : v.visit_id;
        r.hi = r.count ? std::max(r.hi, v.visit_id) : v.visit_id;
        ++r.count;
    }
    std::vector<char> by_visit(ranges.size(), 0); // clients read one visit at a time
    Query range(db, columns + "BETWEEN ? AND ?");
    for (std::size_t c = 0; c < ranges.size(); ++c) {
        const Range& r = ranges[c];
        if (!r.count)
            continue;
        if (r.count * 8 < static_cast<std::size_t>(r.hi - r.lo + 1)) {
            by_visit[c] = 1;
            continue;
        }
        range.reset();
        range.bind(1, client_id[c]);
        range.bind(2, r.lo);
        range.bind(3, r.hi);
        while (range.step())
            copy(range.get());
    }
    if (std::find(by_visit.begin(), by_visit.end(), 1) != by_visit.end()) {
        Query one(db, columns + "= ?");
        for (const scoring::VisitFact& v : part.visits) {
            if (v.client < 0 || static_cast<std::size_t>(v.client) >= by_visit.size() ||
                !by_visit[static_cast<std::size_t>(v.client)])
                continue;
            one.reset();
            one.bind(1, client_id[static_cast<std::size_t>(v.client)]);
            one.bind(2, v.visit_id);
            if (one.step())
                copy(one.get());
        }
    }
    for (const scoring::VisitFact& v : part.visits)
        if (at[static_cast<std::size_t>(v.visit_id - lo)] != kDone)
            throw StorageError("visit " + std::to_string(v.visit_id) +
                               ": its stored scores are missing");
}

/// Puts a share's visits in visit date order (sections and questions are found by index, not
/// position). The report index gives one client's visits in day order already: then only the
/// visits of each day are sorted by id.
void sort_by_day(std::vector<scoring::VisitFact>& visits) {
    auto by_day = [](const scoring::VisitFact& a, const scoring::VisitFact& b) {
        return a.day != b.day ? a.day < b.day : a.visit_id < b.visit_id;
    };
    if (!std::is_sorted(visits.begin(), visits.end(),
                        [](const scoring::VisitFact& a, const scoring::VisitFact& b) {
                            return a.day < b.day;
                        })) {
        std::sort(visits.begin(), visits.end(), by_day);
        return;
    }
    for (auto first = visits.begin(); first != visits.end();) {
        auto last =
            std::find_if(first, visits.end(),
                         [d = first->day](const scoring::VisitFact& v) { return v.day != d; });
        if (!std::is_sorted(first, last, by_day))
            std::sort(first, last, by_day);
        first = last;
    }
}

/// Steps 2 and 3 of a share whose visits were read and whose place in the table's arrays is
/// set: its sections' employees and score arrays, then its visits in date order.
void fill_part(SQLite::Database& db, FactPart& part,
               const std::vector<scoring::TemplateRef>& templates, const FactKeys& keys,
               const Overrides* overrides, bool with_questions) {
    attribute_sections(part, templates, overrides);
    read_score_arrays(db, part, templates, keys, with_questions);
    sort_by_day(part.visits);
}

/// Room in the table's section and question arrays for `parts`, one after the other; the
/// visits' indexes then count from the table's start. One allocation each, written once by the
/// readers: appending a share to another's arrays copied them (at a million visits a quarter of
/// the dashboard's read).
void place_parts(scoring::FactTable& facts, std::vector<FactPart*> parts) {
    std::size_t sections = 0;
    std::size_t questions = 0;
    for (const FactPart* part : parts) {
        sections += part->section_count;
        questions += part->question_count;
    }
    facts.sections.reserve(sections);
    facts.sections.resize(sections);
    facts.questions.reserve(questions);
    facts.questions.resize(questions);
    sections = 0;
    questions = 0;
    for (FactPart* part : parts) {
        part->sections = facts.sections.data();
        part->questions = facts.questions.data();
        if (sections || questions)
            for (scoring::VisitFact& v : part->visits) {
                v.first_section += static_cast<std::uint32_t>(sections);
                v.first_question += static_cast<std::uint32_t>(questions);
            }
        sections += part->section_count;
        questions += part->question_count;
    }
}

/// The shares' visits, in order, as the table's: one share's own array, or the shares' copied
/// into one of the exact size (the shares' arrays have room to spare).
void take_visits(scoring::FactTable& facts, std::vector<FactPart*> parts) {
    if (parts.size() == 1) {
        facts.visits = std::move(parts.front()->visits);
        return;
    }
    std::size_t count = 0;
    for (const FactPart* part : parts)
        count += part->visits.size();
    facts.visits.reserve(count);
    for (const FactPart* part : parts)
        facts.visits.insert(facts.visits.end(), part->visits.begin(), part->visits.end());
}

/// Visit tables up to this many rows are read on one connection: a second one would save little.
constexpr std::int64_t kSplitAbove = 20'000;

/// The first column of the first row of `sql`; nullopt for NULL or no row. The statement ends
/// here (an unfinished one would hold the connection's read snapshot).
std::optional<std::int64_t> single_int(SQLite::Database& db, const char* sql) {
    Query q(db, sql);
    if (!q.step() || sqlite3_column_type(q.get(), 0) == SQLITE_NULL)
        return std::nullopt;
    return sqlite3_column_int64(q.get(), 0);
}

/// A second connection to a database file, inside a read transaction that sees what `db` sees.
struct SecondReader {
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<SQLite::Transaction> tx;
    int split_day = 0;    ///< it reads the filter's days from here on; `db` those before
    std::size_t room = 0; ///< visits each share makes room for (half the ids)
};

/// Opens the second reader for `filter` and begins `tx` on `db`, both on the same committed data;
/// nullopt when the read stays on `db` alone: a small table, a database in memory, a transaction
/// open on `db` (whose writes only `db` sees), too few days, or a commit by another connection
/// between the two beginnings (`tx` may have begun then: `db` reads alone in it).
std::optional<SecondReader> second_reader(SQLite::Database& db, const VisitFilter& filter,
                                          std::optional<SQLite::Transaction>& tx) {
    sqlite3* handle = db.getHandle();
    const char* file = sqlite3_db_filename(handle, "main");
    if (!sqlite3_get_autocommit(handle) || !file || !*file || filter.uuid)
        return std::nullopt;
    const std::int64_t ids = single_int(db, "SELECT max(id) FROM visits").value_or(0);
    if (ids <= kSplitAbove)
        return std::nullopt;
    // The filter's days within those stored (two lookups in the day index), split in the middle.
    const std::optional<std::int64_t> first = single_int(db, "SELECT min(day) FROM visits");
    const std::optional<std::int64_t> last = single_int(db, "SELECT max(day) FROM visits");
    if (!first || !last)
        return std::nullopt;
    const std::int64_t lo = std::max<std::int64_t>(*first, filter.from_day.value_or(*first));
    const std::int64_t hi = std::min<std::int64_t>(*last, filter.to_day.value_or(*last));
    if (hi <= lo)
        return std::nullopt;
    // PRAGMA data_version moves with every commit by another connection: read before the second
    // reader begins and again inside `tx`, equal values mean that both see the same data.
    const std::optional<std::int64_t> before = single_int(db, "PRAGMA data_version");
    SecondReader second;
    try {
        second.db = std::make_unique<SQLite::Database>(
            file, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, 10000);
        second.tx = std::make_unique<SQLite::Transaction>(*second.db);
        single_int(*second.db, "SELECT count(*) FROM sqlite_schema"); // its snapshot begins
    } catch (const SQLite::Exception&) {
        return std::nullopt; // e.g. a file that only `db`'s way of opening may read
    }
    tx.emplace(db);
    if (single_int(db, "PRAGMA data_version") != before)
        return std::nullopt;
    second.split_day = static_cast<int>(lo + (hi - lo + 1) / 2);
    second.room = static_cast<std::size_t>(ids / 2);
    return second;
}

} // namespace

scoring::FactTable SqliteStore::load_facts(const VisitFilter& filter, bool with_questions,
                                           bool with_attributions) {
    load_templates();
    std::optional<SQLite::Transaction> tx; // one snapshot for every statement below
    std::optional<SecondReader> second = second_reader(m_db, filter, tx);
    if (!tx && sqlite3_get_autocommit(m_db.getHandle()))
        tx.emplace(m_db);

    scoring::FactTable facts;
    facts.has_questions = with_questions;
    FactKeys keys;
    keys.clients = load_dict(m_db, "SELECT id, name FROM clients", facts.clients);
    keys.regions = load_dict(m_db, "SELECT id, name FROM regions", facts.regions);
    keys.branches = load_dict(m_db, "SELECT id, code FROM branches", facts.branches);
    keys.employees = load_dict(m_db, "SELECT id, code FROM employees", facts.employees);
    keys.shoppers = load_dict(m_db, "SELECT id, code FROM shoppers", facts.shoppers);

    // Templates: one TemplateRef per stored version; ids shared across versions.
    auto intern = [](scoring::Dictionary& dict, std::map<std::string, std::int32_t>& seen,
                     const std::string& name) {
        auto [it, fresh] = seen.emplace(name, static_cast<std::int32_t>(dict.names.size()));
        if (fresh)
            dict.names.push_back(name);
        return it->second;
    };
    std::map<std::string, std::int32_t> template_keys, section_keys, question_keys;
    for (const auto& [key, row] : m_templates) {
        scoring::TemplateRef ref;
        ref.tpl = row.tpl;
        ref.template_key = intern(facts.template_ids, template_keys, row.tpl->id);
        for (const auto& s : row.tpl->sections)
            ref.section_ids.push_back(intern(facts.section_ids, section_keys, s.id));
        for (const auto& q : row.tpl->questions)
            ref.question_ids.push_back(intern(facts.question_ids, question_keys, q.id));
        const auto pk = static_cast<std::size_t>(row.pk);
        if (keys.templates.size() <= pk)
            keys.templates.resize(pk + 1, -1);
        keys.templates[pk] = static_cast<std::int32_t>(facts.templates.size());
        facts.templates.push_back(std::move(ref));
    }
    std::optional<Overrides> overrides;
    if (with_attributions)
        overrides = load_overrides(m_db, keys, facts.templates);
    const Overrides* attributed = overrides ? &*overrides : nullptr;

    m_fact_readers = second ? 2 : 1;
    if (!second) {
        FactPart part;
        read_visits(m_db, filter, facts.templates, keys, with_questions, 0, part);
        place_parts(facts, {&part});
        fill_part(m_db, part, facts.templates, keys, attributed, with_questions);
        take_visits(facts, {&part});
        if (tx)
            tx->commit();
        return facts;
    }
    // Earlier days here, later days on the second connection, side by side: first the visits,
    // then (once both shares' sizes are known and their arrays have their place) the score
    // arrays. Each share comes sorted, the earlier first.
    VisitFilter early = filter;
    VisitFilter late = filter;
    early.to_day = second->split_day - 1;
    late.from_day = second->split_day;
    FactPart first;
    FactPart then;
    auto both = [&](const std::function<void(SQLite::Database&, FactPart&)>& step) {
        auto later = std::async(std::launch::async, [&] { step(*second->db, then); });
        try {
            step(m_db, first);
        } catch (...) {
            later.wait();
            throw;
        }
        later.get();
    };
    both([&](SQLite::Database& db, FactPart& part) {
        read_visits(db, &part == &first ? early : late, facts.templates, keys, with_questions,
                    second->room, part);
    });
    place_parts(facts, {&first, &then});
    both([&](SQLite::Database& db, FactPart& part) {
        fill_part(db, part, facts.templates, keys, attributed, with_questions);
    });
    take_visits(facts, {&first, &then});
    tx->commit();
    return facts;
}

} // namespace vs::storage
