#include "storage/schema.h"

#include "storage/store.h"

#include <SQLiteCpp/Transaction.h>
#include <iterator>
#include <string>

namespace vs::storage {
namespace {

// Version 1: the organisation, templates, visits with their stored scores, trainings.
constexpr const char* kVersion1 = R"SQL(
CREATE TABLE clients (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE regions (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    name      TEXT NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (client_id, name)
);
CREATE TABLE branches (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    region_id INTEGER REFERENCES regions(id),
    code      TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    active    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (client_id, code)
);
CREATE TABLE employees (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    branch_id INTEGER REFERENCES branches(id),
    code      TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    active    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (client_id, code)
);
CREATE TABLE shoppers (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    code      TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    active    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (client_id, code)
);
CREATE TABLE templates (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL,
    version  INTEGER NOT NULL,
    name     TEXT NOT NULL,
    channel  TEXT NOT NULL DEFAULT '',
    target   REAL NOT NULL,
    source   TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (code, version)
);
CREATE TABLE visits (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,
    template_id       INTEGER NOT NULL REFERENCES templates(id),
    client_id         INTEGER NOT NULL REFERENCES clients(id),
    region_id         INTEGER REFERENCES regions(id),
    branch_id         INTEGER NOT NULL REFERENCES branches(id),
    employee_id       INTEGER REFERENCES employees(id),
    shopper_id        INTEGER NOT NULL REFERENCES shoppers(id),
    visited_at        TEXT NOT NULL,
    day               INTEGER NOT NULL,
    status            TEXT NOT NULL
                      CHECK (status IN ('draft', 'submitted', 'approved', 'returned', 'excluded')),
    calibration       TEXT,
    reference         INTEGER NOT NULL DEFAULT 0,
    summary           TEXT NOT NULL DEFAULT '',
    answers           TEXT NOT NULL DEFAULT '{}',
    comments          TEXT NOT NULL DEFAULT '{}',
    raw               REAL,
    score             REAL,
    applicable        REAL,
    critical          INTEGER NOT NULL DEFAULT 0,
    critical_failures TEXT NOT NULL DEFAULT '[]',
    target            REAL NOT NULL,
    nps               INTEGER,
    section_scores    BLOB NOT NULL,
    question_scores   BLOB NOT NULL,
    source_hash       INTEGER NOT NULL,
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX visits_by_day ON visits (day);
CREATE INDEX visits_by_client_day ON visits (client_id, day);
CREATE INDEX visits_by_branch ON visits (branch_id);
CREATE INDEX visits_by_employee ON visits (employee_id);
CREATE TABLE visit_section_employees (
    visit_id    INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    section     TEXT NOT NULL,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    PRIMARY KEY (visit_id, section)
) WITHOUT ROWID;
CREATE TABLE trainings (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    code      TEXT NOT NULL,
    title     TEXT NOT NULL DEFAULT '',
    trainer   TEXT NOT NULL DEFAULT '',
    date      TEXT NOT NULL,
    day       INTEGER NOT NULL,
    sections  TEXT NOT NULL DEFAULT '[]',
    UNIQUE (client_id, code)
);
CREATE TABLE training_employees (
    training_id INTEGER NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    PRIMARY KEY (training_id, employee_id)
) WITHOUT ROWID;
-- One row per stored answer, for people who query the file by hand.
CREATE VIEW answer_rows AS
    SELECT v.id AS visit_id, v.uuid AS uuid, j.key AS question, j.value AS value
    FROM visits AS v, json_each(v.answers) AS j;
)SQL";

// Version 2: the evaluator app — an append-only, hash-chained audit log, attachments (photos
// and receipts), per-database settings and the last review note of a visit.
constexpr const char* kVersion2 = R"SQL(
ALTER TABLE visits ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
-- The app's visit list: ids in date order with its filters, from the index alone.
CREATE INDEX visits_for_list ON visits (visited_at, status, client_id, branch_id);
CREATE INDEX visits_by_shopper ON visits (shopper_id);
CREATE INDEX visits_by_region ON visits (region_id);
CREATE INDEX visits_by_template ON visits (template_id);
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    visit_id  INTEGER NOT NULL REFERENCES visits(id),
    action    TEXT NOT NULL,
    field     TEXT NOT NULL DEFAULT '',
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    reason    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_by_visit ON audit_log (visit_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE attachments (
    id        INTEGER PRIMARY KEY,
    visit_id  INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    question  TEXT NOT NULL DEFAULT '',
    name      TEXT NOT NULL,
    mime      TEXT NOT NULL DEFAULT '',
    size      INTEGER NOT NULL,
    data      BLOB NOT NULL,
    thumbnail BLOB NOT NULL,
    added_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX attachments_by_visit ON attachments (visit_id);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)SQL";

// Version 3: reports read narrow rows. The score arrays that aggregation reads move out of the
// wide visits rows (answers, comments) into visit_scores, and a covering index holds every visits
// column a report filters on or aggregates, so that a report over a million visits reads ~0.5 KB
// per visit instead of the whole 1.6 KB row. The template index (added to version 2 after some
// databases were made) keeps the scorecard list's visit counts off the visits table.
constexpr const char* kVersion3 = R"SQL(
CREATE TABLE visit_scores (
    visit_id        INTEGER PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
    section_scores  BLOB NOT NULL,
    question_scores BLOB NOT NULL
);
INSERT INTO visit_scores (visit_id, section_scores, question_scores)
    SELECT id, section_scores, question_scores FROM visits ORDER BY id;
ALTER TABLE visits DROP COLUMN section_scores;
ALTER TABLE visits DROP COLUMN question_scores;
CREATE INDEX visits_for_reports ON visits (status, calibration, client_id, day, region_id,
    branch_id, employee_id, shopper_id, template_id, raw, score, target, critical, nps);
CREATE INDEX IF NOT EXISTS visits_by_template ON visits (template_id);
)SQL";

// Version 4: an import writes less per visit. The status CHECK becomes five comparisons: for an
// IN list SQLite builds a temporary B-tree on every row it inserts (~9k instructions; the 100k
// import took 0.5 s less without it). The constraint means the same, so every stored row
// satisfies it, and the table's text is edited in place, as SQLite's documentation allows for
// such constraint changes (no row is rewritten: a million-visit database migrates in
// milliseconds). The migration then bumps schema_version so that every connection reads the
// new text.
constexpr const char* kVersion4 = R"SQL(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
    SET sql = replace(sql,
        'CHECK (status IN (''draft'', ''submitted'', ''approved'', ''returned'', ''excluded''))',
        'CHECK (status = ''approved'' OR status = ''submitted'' OR status = ''draft'' OR '
        || 'status = ''returned'' OR status = ''excluded'')')
    WHERE type = 'table' AND name = 'visits';
PRAGMA writable_schema = OFF;
)SQL";

// Version 5: every stored score records the version of the scoring rules that made it
// (scoring::kRulesVersion), so that a rescore (services/rescore.h) can find the visits an older
// rule scored. Rows scored before the column existed were made by rules version 1. The score
// arrays of visit_scores belong to their visits row and carry its version; nothing else stored
// is derived from scores (reports aggregate when they read).
constexpr const char* kVersion5 = R"SQL(
ALTER TABLE visits ADD COLUMN scoring_rules INTEGER NOT NULL DEFAULT 1;
)SQL";

// Version 6: the field cycle. Assignments are the visits a consultancy plans and offers to its
// shoppers; their fees live in a table of their own, which reviewers and clients never read (on
// a server the roles enforce it). A shopper is never sent to a branch where they are known
// (shopper_exclusions), and a home region lets planning propose nearby shoppers. A visit records
// the assignment it was made for and the evidence times of its form; an attachment records the
// SHA-256 of its data and the capture time its photo says.
constexpr const char* kVersion6 = R"SQL(
ALTER TABLE shoppers ADD COLUMN region_id INTEGER REFERENCES regions(id);
CREATE TABLE shopper_exclusions (
    shopper_id INTEGER NOT NULL REFERENCES shoppers(id),
    branch_id  INTEGER NOT NULL REFERENCES branches(id),
    reason     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (shopper_id, branch_id)
) WITHOUT ROWID;
CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    branch_id   INTEGER NOT NULL REFERENCES branches(id),
    template_id INTEGER NOT NULL REFERENCES templates(id),
    scenario    TEXT NOT NULL DEFAULT '',
    window_from TEXT NOT NULL,
    window_to   TEXT NOT NULL,
    shopper_id  INTEGER REFERENCES shoppers(id),
    status      TEXT NOT NULL DEFAULT 'offered'
                CHECK (status IN ('offered', 'accepted', 'declined', 'visited', 'cancelled')),
    visit_uuid  TEXT,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX assignments_by_shopper ON assignments (shopper_id, window_from);
CREATE INDEX assignments_by_client ON assignments (client_id, window_from);
CREATE TABLE assignment_fees (
    assignment_id INTEGER PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
    fee_cents     INTEGER NOT NULL CHECK (fee_cents >= 0)
);
ALTER TABLE visits ADD COLUMN assignment_uuid TEXT;
ALTER TABLE visits ADD COLUMN opened_at TEXT;
ALTER TABLE visits ADD COLUMN first_answer_at TEXT;
ALTER TABLE visits ADD COLUMN submitted_at TEXT;
ALTER TABLE attachments ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN captured_at TEXT;
CREATE INDEX attachments_by_sha256 ON attachments (sha256);
)SQL";

// Version 7: assignments' changes are audited. An entry about an assignment names it
// (assignment_uuid, in its hash: audit_chain.h) and no visit, so visit_id may be NULL; the NOT
// NULL is taken out of the table's text in place, as version 4 did with its CHECK (removing a
// NOT NULL rewrites no row and every stored row satisfies the looser rule).
constexpr const char* kVersion7 = R"SQL(
ALTER TABLE audit_log ADD COLUMN assignment_uuid TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_by_assignment ON audit_log (assignment_uuid, id) WHERE assignment_uuid <> '';
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
    SET sql = replace(sql, 'visit_id  INTEGER NOT NULL REFERENCES visits(id)',
                      'visit_id  INTEGER REFERENCES visits(id)')
    WHERE type = 'table' AND name = 'audit_log';
PRAGMA writable_schema = OFF;
)SQL";

// Version 8: disputes. A client (or the consultancy on its behalf) disputes the answer to one
// question of an approved visit; an arbiter decides each point. The evidence file is kept with
// the point, with its SHA-256, as an attachment is; the decision records the answer that stands.
constexpr const char* kVersion8 = R"SQL(
CREATE TABLE disputes (
    id              INTEGER PRIMARY KEY,
    visit_id        INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    client_id       INTEGER NOT NULL REFERENCES clients(id),
    question        TEXT NOT NULL,
    original_answer TEXT NOT NULL DEFAULT '',
    proposed_answer TEXT NOT NULL,
    reason          TEXT NOT NULL,
    opened_by       TEXT NOT NULL DEFAULT '',
    opened_at       TEXT NOT NULL,
    evidence_name   TEXT NOT NULL DEFAULT '',
    evidence_mime   TEXT NOT NULL DEFAULT '',
    evidence_sha256 TEXT NOT NULL DEFAULT '',
    evidence        BLOB,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
    decision        TEXT CHECK (decision IN ('accepted', 'partly', 'rejected')),
    decided_answer  TEXT NOT NULL DEFAULT '',
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT,
    CHECK ((status = 'open') = (decision IS NULL))
);
CREATE INDEX disputes_by_visit ON disputes (visit_id);
CREATE INDEX disputes_by_client ON disputes (client_id, status);
)SQL";

// Version 9: action plans. After a failed visit a branch gets a plan: the visit that opened it,
// the failed sections, an owner, actions (a JSON array of {text, owner, due, done}), a start and
// a due date, its state and the re-shop assignment proposed when it is done; `version` is its
// row version. Its audit entries carry the subject "plan:<id>" (storage/action_plan_store.h).
constexpr const char* kVersion9 = R"SQL(
CREATE TABLE action_plans (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients(id),
    branch_id         INTEGER NOT NULL REFERENCES branches(id),
    visit_id          INTEGER REFERENCES visits(id) ON DELETE SET NULL,
    sections          TEXT NOT NULL DEFAULT '[]',
    owner             TEXT NOT NULL DEFAULT '',
    actions           TEXT NOT NULL DEFAULT '[]',
    start_date        TEXT NOT NULL,
    due_date          TEXT NOT NULL DEFAULT '',
    state             TEXT NOT NULL DEFAULT 'open'
                      CHECK (state IN ('open', 'in_progress', 'done', 'verified')),
    note              TEXT NOT NULL DEFAULT '',
    reshop_assignment TEXT NOT NULL DEFAULT '',
    opened_by         TEXT NOT NULL DEFAULT '',
    opened_at         TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX action_plans_by_client ON action_plans (client_id, state);
CREATE INDEX action_plans_by_branch ON action_plans (branch_id);
)SQL";

// Version 10: alerts. The notifications the alert rules raise (one per event: event_key), the
// e-mail outbox with each message's delivery state (a stable Message-ID, attempts, the last
// error, the next try) and the addresses alerts go to, per client or branch (branch '').
constexpr const char* kVersion10 = R"SQL(
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    event_key  TEXT NOT NULL UNIQUE,
    rule       TEXT NOT NULL,
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    branch     TEXT NOT NULL DEFAULT '',
    visit_id   INTEGER REFERENCES visits(id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_by_client ON notifications (client_id, id);
CREATE TABLE alert_mail (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_try        TEXT NOT NULL,
    sent_at         TEXT,
    UNIQUE (notification_id, recipient)
);
CREATE INDEX alert_mail_pending ON alert_mail (status, next_try);
CREATE TABLE alert_recipients (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    branch    TEXT NOT NULL DEFAULT '',
    address   TEXT NOT NULL,
    UNIQUE (client_id, branch, address)
);
)SQL";

// Version 11: customer survey responses (SCORING.md §10) are visits with no shopper, so
// visits.shopper_id may be NULL. The NOT NULL is taken out of the table's text in place, as
// versions 4 and 7 did: SQLite's documentation lists removing a NOT NULL constraint among the
// changes its simpler ALTER procedure allows (no row is rewritten, and every stored row
// satisfies the looser rule), where the 12-step rebuild would copy every visit and recreate the
// table's indexes and the answer_rows view. The text edited is version 1's column definition,
// which no later version changed; migrate() checks that the edit took.
constexpr const char* kVersion11 = R"SQL(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
    SET sql = replace(sql, 'shopper_id        INTEGER NOT NULL REFERENCES shoppers(id)',
                      'shopper_id        INTEGER REFERENCES shoppers(id)')
    WHERE type = 'table' AND name = 'visits';
PRAGMA writable_schema = OFF;
)SQL";

// Version 12: one client's score arrays lie together. visit_scores was keyed by visit id, and the
// clients' visits are interleaved, so the dashboard's read of one client's section values went
// through the whole table to keep a third of it. It becomes a WITHOUT ROWID table keyed by
// (client_id, visit_id): one client's rows are one range of the key. client_id is always its
// visit's visits.client_id: the writers store it, and a trigger moves the rows when a visit's
// client changes. The unique index on visit_id serves the foreign key's cascade and the lookups
// by visit. The rows are copied in key order (about 11 s for a million visits).
constexpr const char* kVersion12 = R"SQL(
CREATE TABLE visit_scores_by_client (
    client_id       INTEGER NOT NULL,
    visit_id        INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    section_scores  BLOB NOT NULL,
    question_scores BLOB NOT NULL,
    PRIMARY KEY (client_id, visit_id)
) WITHOUT ROWID;
INSERT INTO visit_scores_by_client (client_id, visit_id, section_scores, question_scores)
    SELECT v.client_id, s.visit_id, s.section_scores, s.question_scores
    FROM visit_scores s JOIN visits v ON v.id = s.visit_id ORDER BY v.client_id, s.visit_id;
DROP TABLE visit_scores;
ALTER TABLE visit_scores_by_client RENAME TO visit_scores;
CREATE UNIQUE INDEX visit_scores_by_visit ON visit_scores (visit_id);
CREATE TRIGGER visit_scores_follow_client AFTER UPDATE OF client_id ON visits
    WHEN NEW.client_id IS NOT OLD.client_id
BEGIN
    UPDATE visit_scores SET client_id = NEW.client_id WHERE visit_id = NEW.id;
END;
)SQL";

// Version 13: how many visits each client has per day, as reports count them (approved, not a
// calibration exercise, not a survey response), kept by triggers as visits come, change and go.
// The dashboard chooses the client with the most visits over its last 12 months; counting them
// in the report index took a quarter of a second at a million visits, where summing a year of
// these rows per client takes a millisecond. A day whose count falls to zero loses its row, so
// that a client's first and last day are those of its counted visits. Triggers count a visit's
// updates and deletes; what inserts visits counts them itself (add_client_day_visits: a trigger
// on inserts made SQLite keep a statement journal for every visit an import writes, which took
// the import twice as long). A trigger looks the visit's scorecard up by its key.
constexpr const char* kVersion13 = R"SQL(
CREATE TABLE client_day_visits (
    client_id INTEGER NOT NULL,
    day       INTEGER NOT NULL,
    visits    INTEGER NOT NULL CHECK (visits > 0),
    PRIMARY KEY (client_id, day)
) WITHOUT ROWID;
INSERT INTO client_day_visits (client_id, day, visits)
    SELECT client_id, day, count(*) FROM visits
    WHERE status = 'approved' AND calibration IS NULL
        AND template_id NOT IN (SELECT id FROM templates WHERE channel = 'survey')
    GROUP BY client_id, day;
CREATE TRIGGER client_day_visits_delete AFTER DELETE ON visits
    WHEN OLD.status = 'approved' AND OLD.calibration IS NULL
        AND (SELECT channel FROM templates WHERE id = OLD.template_id) <> 'survey'
BEGIN
    DELETE FROM client_day_visits
        WHERE client_id = OLD.client_id AND day = OLD.day AND visits = 1;
    UPDATE client_day_visits SET visits = visits - 1
        WHERE client_id = OLD.client_id AND day = OLD.day;
END;
CREATE TRIGGER client_day_visits_update
    AFTER UPDATE OF status, calibration, client_id, day, template_id ON visits
BEGIN
    DELETE FROM client_day_visits
        WHERE client_id = OLD.client_id AND day = OLD.day AND visits = 1
        AND OLD.status = 'approved' AND OLD.calibration IS NULL
        AND (SELECT channel FROM templates WHERE id = OLD.template_id) <> 'survey';
    UPDATE client_day_visits SET visits = visits - 1
        WHERE client_id = OLD.client_id AND day = OLD.day
        AND OLD.status = 'approved' AND OLD.calibration IS NULL
        AND (SELECT channel FROM templates WHERE id = OLD.template_id) <> 'survey';
    INSERT INTO client_day_visits (client_id, day, visits)
        SELECT NEW.client_id, NEW.day, 1
        WHERE NEW.status = 'approved' AND NEW.calibration IS NULL
            AND (SELECT channel FROM templates WHERE id = NEW.template_id) <> 'survey'
        ON CONFLICT (client_id, day) DO UPDATE SET visits = visits + 1;
END;
)SQL";

struct Migration {
    const char* sql;
    bool edits_schema_text; ///< writes sqlite_schema directly: bump schema_version
};
const Migration kMigrations[] = {{kVersion1, false},  {kVersion2, false}, {kVersion3, false},
                                 {kVersion4, true},   {kVersion5, false}, {kVersion6, false},
                                 {kVersion7, true},   {kVersion8, false}, {kVersion9, false},
                                 {kVersion10, false}, {kVersion11, true}, {kVersion12, false},
                                 {kVersion13, false}};
static_assert(std::size(kMigrations) == kSchemaVersion);

} // namespace

void migrate(SQLite::Database& db, int up_to) {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion)
        throw StorageError(std::string(db.getFilename()) +
                           ": the database was written by a newer "
                           "VisitScore (schema version " +
                           std::to_string(version) + "; this version reads up to " +
                           std::to_string(kSchemaVersion) +
                           "). Open it with the newer version; it was left untouched.");
    for (int v = version; v < up_to && v < kSchemaVersion; ++v) {
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        // Another process may have migrated while we waited for the lock.
        if (db.execAndGet("PRAGMA user_version").getInt() > v)
            continue;
        db.exec(kMigrations[v].sql);
        if (kMigrations[v].edits_schema_text)
            db.exec("PRAGMA schema_version = " +
                    std::to_string(db.execAndGet("PRAGMA schema_version").getInt64() + 1));
        if (v + 1 == 11 && db.execAndGet("SELECT \"notnull\" FROM pragma_table_info('visits') "
                                         "WHERE name = 'shopper_id'")
                                   .getInt() != 0)
            throw StorageError(std::string(db.getFilename()) +
                               ": could not make visits.shopper_id optional (its column "
                               "definition is not the one VisitScore wrote); the database was "
                               "left untouched");
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        tx.commit();
    }
}

} // namespace vs::storage
