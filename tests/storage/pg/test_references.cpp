// The references of visits to their scorecard and organisation rows, held by the server itself:
// since schema version 2 by statement triggers instead of foreign keys (storage/pg_schema.cpp).
// Raw SQL, as a person with psql would write it, as the owner and as the server's accounts: a
// visit naming a row that does not exist is refused on insert and on update, a referenced row is
// neither deleted, renumbered nor truncated, a delete racing an insert waits and is refused, and
// a version 1 database migrates with its rows kept. Since version 9 the score arrays and section
// attributions refer to their visit the same way: refused without one, deleted with it, and a
// visit with them keeps its id. Since version 13 the score arrays carry their visit's client (the
// first part of their key): filled in by the migration, refused when it is another client's,
// moved when the visit's is changed. Each case makes a database of its own on the cluster named by
// VISITSCORE_TEST_PG and drops it (and its accounts) at the end.
#include "forms/json_io.h"
#include "storage/pg_schema.h"
#include "storage/pg_server.h"
#include "storage/store.h"
#include "tests/pg_role_db.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <string>

namespace {

/// A database of its own on the test cluster, and accounts named after it; dropped at the end.
struct Database : vs::test::PgRoleDatabase {
    Database() : PgRoleDatabase("vs_refs_", {"adm", "shop"}) {}
};

/// The ids of a small organisation: one of each row a visit refers to, one visit naming them all,
/// and a second branch no visit names.
struct Rows {
    std::int64_t client = 0, region = 0, branch = 0, employee = 0, shopper = 0, tpl = 0;
    std::int64_t visit = 0, spare_branch = 0;
};

std::int64_t id(pqxx::transaction_base& tx, const std::string& sql) {
    return tx.exec1(sql)[0].as<std::int64_t>();
}

std::string str(std::int64_t v) {
    return std::to_string(v);
}

/// Inserts a visit naming these rows, `change` replacing one of its values ("branch_id = 9").
std::string insert_visit(const Rows& r, const std::string& uuid, const std::string& column = "",
                         const std::string& value = "") {
    auto v = [&](const char* c, std::int64_t given) { return column == c ? value : str(given); };
    return "INSERT INTO visits (uuid, template_id, client_id, region_id, branch_id, employee_id, "
           "shopper_id, visited_at, day, status, target, source_hash) VALUES ('" +
           uuid + "', " + v("template_id", r.tpl) + ", " + v("client_id", r.client) + ", " +
           v("region_id", r.region) + ", " + v("branch_id", r.branch) + ", " +
           v("employee_id", r.employee) + ", " + v("shopper_id", r.shopper) +
           ", '2026-11-01T10:00', 20393, 'draft', 80, 1) RETURNING id";
}

Rows load(pqxx::connection& conn) {
    pqxx::work tx(conn);
    Rows r;
    r.client = id(tx, "INSERT INTO clients (name) VALUES ('North') RETURNING id");
    r.region = id(tx, "INSERT INTO regions (client_id, name) VALUES (" + str(r.client) +
                          ", 'Coast') RETURNING id");
    r.branch = id(tx, "INSERT INTO branches (client_id, region_id, code) VALUES (" + str(r.client) +
                          ", " + str(r.region) + ", 'N1') RETURNING id");
    r.spare_branch = id(tx, "INSERT INTO branches (client_id, code) VALUES (" + str(r.client) +
                                ", 'N2') RETURNING id");
    // In no branch: the branch is referred to by the visit alone.
    r.employee = id(tx, "INSERT INTO employees (client_id, code) VALUES (" + str(r.client) +
                            ", 'E1') RETURNING id");
    r.shopper = id(tx, "INSERT INTO shoppers (client_id, code) VALUES (" + str(r.client) +
                           ", 'SH1') "
                           "RETURNING id");
    const std::string source =
        vs::forms::read_file(std::string(VS_TEST_DATA) + "/mini.template.json");
    r.tpl = tx.exec_params1("INSERT INTO templates (code, version, name, target, source) VALUES "
                            "('mini', 1, 'Mini', 80, $1) RETURNING id",
                            source)[0]
                .as<std::int64_t>();
    r.visit = id(tx, insert_visit(r, "visit-1"));
    tx.commit();
    return r;
}

/// The SQLSTATE of the server's refusal of `sql` (run in a transaction of its own, at the given
/// isolation), with its message in `message`; "" when it ran.
std::string refusal(pqxx::connection& conn, const std::string& sql, std::string* message = nullptr,
                    const char* isolation = "READ COMMITTED") {
    try {
        pqxx::work tx(conn);
        tx.exec(std::string("SET TRANSACTION ISOLATION LEVEL ") + isolation);
        tx.exec(sql);
        tx.commit();
        return "";
    } catch (const pqxx::sql_error& e) {
        if (message)
            *message = e.what();
        // libpqxx leaves the SQLSTATE out of some of its exceptions (a refused right's).
        return e.sqlstate().empty() ? "refused" : e.sqlstate();
    }
}

constexpr const char* kForeignKey = "23503";

/// Visits naming a row that does not exist.
constexpr const char* kOrphans =
    "SELECT count(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM templates t WHERE t.id = "
    "v.template_id) OR NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = v.client_id) OR NOT "
    "EXISTS (SELECT 1 FROM branches b WHERE b.id = v.branch_id) OR NOT EXISTS (SELECT 1 FROM "
    "shoppers s WHERE s.id = v.shopper_id) OR (v.region_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
    "FROM regions g WHERE g.id = v.region_id)) OR (v.employee_id IS NOT NULL AND NOT EXISTS "
    "(SELECT 1 FROM employees e WHERE e.id = v.employee_id))";

std::int64_t count(pqxx::connection& conn, const std::string& sql) {
    pqxx::read_transaction tx(conn);
    return tx.exec1(sql)[0].as<std::int64_t>();
}

/// Every way of breaking a reference, tried by `conn` (the owner's or an admin's), is refused,
/// and the allowed changes go through.
void check_referred_rows_kept(pqxx::connection& conn, const Rows& r) {
    std::string message;
    BOOST_TEST(refusal(conn, "DELETE FROM branches WHERE id = " + str(r.branch), &message) ==
               kForeignKey);
    BOOST_TEST(message.find("\"visits_branch_id_fkey\"") != std::string::npos, message);
    for (const auto& [table, row] :
         {std::pair{"templates", r.tpl}, std::pair{"clients", r.client},
          std::pair{"regions", r.region}, std::pair{"employees", r.employee},
          std::pair{"shoppers", r.shopper}}) {
        BOOST_TEST(refusal(conn, std::string("DELETE FROM ") + table + " WHERE id = " + str(row)) ==
                       kForeignKey,
                   table);
        BOOST_TEST(refusal(conn, std::string("UPDATE ") + table +
                                     " SET id = id + 1000 WHERE id = " + str(row)) == kForeignKey,
                   table);
    }
    BOOST_TEST(!refusal(conn, "TRUNCATE templates").empty());
    // Outside read committed the check could miss a visit committed meanwhile: refused there.
    BOOST_TEST(refusal(conn, "DELETE FROM branches WHERE id = " + str(r.spare_branch), nullptr,
                       "REPEATABLE READ") == "0A000");
    // What no visit names goes, and renaming a referenced row is no removal.
    BOOST_TEST(
        refusal(conn, "UPDATE branches SET name = 'North One' WHERE id = " + str(r.branch)) == "");
    BOOST_TEST(refusal(conn, "DELETE FROM branches WHERE id = " + str(r.spare_branch)) == "");
    BOOST_TEST(count(conn, kOrphans) == 0);
    BOOST_TEST(count(conn, "SELECT count(*) FROM visits WHERE id = " + str(r.visit)) == 1);
}

/// Every reference of a visit inserted or updated by `conn` must name a row that exists.
void check_references_required(pqxx::connection& conn, const Rows& r, const std::string& tag,
                               bool shopper = false) {
    int serial = 0;
    for (const char* column :
         {"template_id", "client_id", "region_id", "branch_id", "employee_id", "shopper_id"}) {
        std::string message;
        const std::string state = refusal(
            conn, insert_visit(r, tag + std::to_string(++serial), column, "987654"), &message);
        if (shopper && column == std::string("shopper_id")) {
            BOOST_TEST(!state.empty()); // a draft in someone else's name: the policy first
            continue;
        }
        BOOST_TEST(state == kForeignKey, column << ": " << message);
        BOOST_TEST(message.find("(" + std::string(column) + ")=(987654)") != std::string::npos,
                   message);
    }
    // A COPY of many rows with one bad one among them: the statement adds nothing.
    std::string message;
    BOOST_TEST(refusal(conn,
                       "INSERT INTO visits (uuid, template_id, client_id, branch_id, shopper_id, "
                       "visited_at, day, status, target, source_hash) SELECT '" +
                           tag + "-many-' || i, " + str(r.tpl) + ", " + str(r.client) +
                           ", CASE WHEN i = 77 THEN 987655 ELSE " + str(r.branch) + " END, " +
                           str(r.shopper) +
                           ", '2026-11-01T10:00', 20393, 'draft', 80, 1 FROM "
                           "generate_series(1, 100) i",
                       &message) == kForeignKey);
    BOOST_TEST(message.find("(branch_id)=(987655)") != std::string::npos, message);
    // NULL where the column allows it, and the right rows, are accepted.
    BOOST_TEST(refusal(conn, insert_visit(r, tag + "-ok", "employee_id", "NULL")) == "");
    BOOST_TEST(refusal(conn, "UPDATE visits SET branch_id = 987656 WHERE uuid = '" + tag + "-ok'",
                       &message) == kForeignKey);
    BOOST_TEST(refusal(conn, "UPDATE visits SET employee_id = " + str(r.employee) +
                                 " WHERE uuid = '" + tag + "-ok'") == "");
}

} // namespace

BOOST_AUTO_TEST_SUITE(pg_references)

BOOST_AUTO_TEST_CASE(version_1_migrates_with_its_rows_and_references_checked_per_statement) {
    VS_NEEDS_SERVER();
    Database db;
    pqxx::connection conn(db.uri());
    vs::storage::pg_migrate(conn, 1);
    BOOST_TEST(vs::storage::pg_schema_version(conn) == 1);
    const Rows r = load(conn);
    auto foreign_keys = [&] {
        return count(conn, "SELECT count(*) FROM pg_constraint WHERE conrelid = "
                           "'visits'::regclass AND contype = 'f'");
    };
    BOOST_TEST(foreign_keys() == 6);
    auto visit_row = [&] {
        pqxx::read_transaction tx(conn);
        // The columns version 1 had: later versions add their own (NULL for an old visit).
        return tx
            .exec1("SELECT (to_jsonb(v) - ARRAY['assignment_uuid', 'opened_at', "
                   "'first_answer_at', 'submitted_at'])::text FROM visits v")[0]
            .as<std::string>();
    };
    const std::string before = visit_row();

    vs::storage::pg_migrate(conn);
    BOOST_TEST(vs::storage::pg_schema_version(conn) == vs::storage::kPgSchemaVersion);
    BOOST_TEST(foreign_keys() == 0);
    BOOST_TEST(visit_row() == before);
    check_references_required(conn, r, "owner");
    check_referred_rows_kept(conn, r);
}

BOOST_AUTO_TEST_CASE(server_accounts_cannot_break_a_reference_with_raw_sql) {
    VS_NEEDS_SERVER();
    Database db;
    Rows r;
    {
        vs::storage::PgServer schema(db.uri(), true);
        pqxx::connection su(db.uri());
        r = load(su);
        schema.init();
        schema.add_account(db.account("adm"), "admin", std::nullopt, std::nullopt);
        schema.add_account(db.account("shop"), "shopper", std::nullopt, "SH1");
    }
    // A shopper may add drafts in their own name: the references are checked with the owner's
    // rights (the shopper can neither lock nor always read the rows named).
    pqxx::connection shopper(db.uri("shop"));
    check_references_required(shopper, r, "shop", true);
    pqxx::connection admin(db.uri("adm"));
    check_references_required(admin, r, "adm");
    check_referred_rows_kept(admin, r);
    pqxx::connection su(db.uri());
    BOOST_TEST(count(su, kOrphans) == 0);
    BOOST_TEST(count(su, "SELECT count(*) FROM visits WHERE uuid LIKE 'shop%'") == 1);
}

BOOST_AUTO_TEST_CASE(a_delete_racing_an_insert_waits_for_it_and_is_refused) {
    VS_NEEDS_SERVER();
    Database db;
    pqxx::connection conn(db.uri());
    vs::storage::pg_migrate(conn);
    const Rows r = load(conn);
    // The inserting transaction holds the new branch's row until it commits...
    pqxx::connection inserter(db.uri());
    pqxx::work insert(inserter);
    const std::int64_t branch = id(insert, "INSERT INTO branches (client_id, code) VALUES (" +
                                               str(r.client) + ", 'N3') RETURNING id");
    insert.commit();
    pqxx::work adding(inserter);
    adding.exec(insert_visit(r, "racing", "branch_id", str(branch)));
    // ...so that a delete of the branch from elsewhere waits, then sees the visit.
    auto deleting = std::async(std::launch::async, [&] {
        pqxx::connection other(db.uri());
        return refusal(other, "DELETE FROM branches WHERE id = " + str(branch));
    });
    BOOST_TEST((deleting.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout));
    adding.commit();
    BOOST_TEST(deleting.get() == kForeignKey);
    BOOST_TEST(count(conn, "SELECT count(*) FROM visits v JOIN branches b ON b.id = v.branch_id "
                           "WHERE v.uuid = 'racing'") == 1);

    // The other order: a delete not yet committed makes the insert wait, and the insert then
    // finds no branch.
    pqxx::work removing(inserter);
    const std::int64_t gone = id(removing, "INSERT INTO branches (client_id, code) VALUES (" +
                                               str(r.client) + ", 'N4') RETURNING id");
    removing.commit();
    pqxx::work remove(inserter);
    remove.exec("DELETE FROM branches WHERE id = " + str(gone));
    auto inserting = std::async(std::launch::async, [&] {
        pqxx::connection other(db.uri());
        return refusal(other, insert_visit(r, "late", "branch_id", str(gone)));
    });
    BOOST_TEST((inserting.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout));
    remove.commit();
    BOOST_TEST(inserting.get() == kForeignKey);
    BOOST_TEST(count(conn, "SELECT count(*) FROM visits WHERE uuid = 'late'") == 0);
}

/// Score arrays and section attributions naming no visit.
constexpr const char* kRowOrphans =
    "SELECT (SELECT count(*) FROM visit_scores s WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE "
    "v.id = s.visit_id)) + (SELECT count(*) FROM visit_section_employees a WHERE NOT EXISTS "
    "(SELECT 1 FROM visits v WHERE v.id = a.visit_id))";

/// Score arrays for `visit` filed under `client`, or (the default) without a client, as before
/// version 13.
std::string insert_scores(const std::string& visit, const std::string& client = "") {
    return client.empty() ? "INSERT INTO visit_scores (visit_id, section_scores, question_scores) "
                            "VALUES (" +
                                visit + ", '\\x', '\\x')"
                          : "INSERT INTO visit_scores (visit_id, client_id, section_scores, "
                            "question_scores) VALUES (" +
                                visit + ", " + client + ", '\\x', '\\x')";
}

BOOST_AUTO_TEST_CASE(score_rows_refer_to_their_visit_per_statement_from_version_8) {
    VS_NEEDS_SERVER();
    Database db;
    pqxx::connection conn(db.uri());
    vs::storage::pg_migrate(conn, 8);
    const Rows r = load(conn);
    BOOST_TEST(refusal(conn, insert_scores(str(r.visit))) == "");
    auto visit_keys = [&] {
        return count(conn, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = "
                           "'visits'::regclass AND conrelid IN ('visit_scores'::regclass, "
                           "'visit_section_employees'::regclass)");
    };
    BOOST_TEST(visit_keys() == 2);
    vs::storage::pg_migrate(conn);
    BOOST_TEST(vs::storage::pg_schema_version(conn) == vs::storage::kPgSchemaVersion);
    BOOST_TEST(visit_keys() == 0);
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_scores WHERE visit_id = " + str(r.visit)) ==
               1);

    // Rows naming no visit are refused on insert and update, with a foreign key's error.
    std::string message;
    BOOST_TEST(refusal(conn, insert_scores("987654", str(r.client)), &message) == kForeignKey);
    BOOST_TEST(message.find("(visit_id)=(987654)") != std::string::npos, message);
    BOOST_TEST(message.find("\"visit_scores_visit_id_fkey\"") != std::string::npos, message);
    BOOST_TEST(refusal(conn,
                       "UPDATE visit_scores SET visit_id = 987655 WHERE visit_id = " + str(r.visit),
                       &message) == kForeignKey);
    BOOST_TEST(message.find("(visit_id)=(987655)") != std::string::npos, message);
    // An update that keeps the visit (as every save does) is not checked, and passes.
    BOOST_TEST(refusal(conn, "UPDATE visit_scores SET section_scores = '\\x01', visit_id = "
                             "visit_id WHERE visit_id = " +
                                 str(r.visit)) == "");
    BOOST_TEST(refusal(conn,
                       "INSERT INTO visit_section_employees (visit_id, section, "
                       "employee_id) VALUES (987656, 's1', " +
                           str(r.employee) + ")",
                       &message) == kForeignKey);
    BOOST_TEST(message.find("(visit_id)=(987656)") != std::string::npos, message);
    // The attributions' employee keeps its foreign key.
    BOOST_TEST(refusal(conn, "INSERT INTO visit_section_employees (visit_id, section, "
                             "employee_id) VALUES (" +
                                 str(r.visit) + ", 's1', 987657)") == kForeignKey);
    // Many rows with one bad one among them: the statement adds nothing.
    BOOST_TEST(refusal(conn, "INSERT INTO visits (uuid, template_id, client_id, branch_id, "
                             "shopper_id, visited_at, day, status, target, source_hash) SELECT "
                             "'many-' || i, " +
                                 str(r.tpl) + ", " + str(r.client) + ", " + str(r.branch) + ", " +
                                 str(r.shopper) +
                                 ", '2026-11-01T10:00', 20393, 'draft', 80, 1 FROM "
                                 "generate_series(1, 100) i") == "");
    BOOST_TEST(
        refusal(conn,
                "INSERT INTO visit_scores (visit_id, client_id, section_scores, "
                "question_scores) SELECT id, client_id, '\\x'::bytea, '\\x'::bytea FROM visits "
                "WHERE uuid LIKE 'many-%' UNION ALL SELECT 987658, " +
                    str(r.client) + ", '\\x', '\\x'",
                &message) == kForeignKey);
    BOOST_TEST(message.find("(visit_id)=(987658)") != std::string::npos, message);
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_scores") == 1);
    // A visit and its rows added in one transaction (an import), and to a visit stored before.
    BOOST_TEST(refusal(conn, "WITH v AS (" + insert_visit(r, "with-rows") + ", client_id" +
                                 ") INSERT INTO visit_scores (visit_id, client_id, "
                                 "section_scores, question_scores) SELECT id, client_id, "
                                 "'\\x'::bytea, '\\x'::bytea FROM v") == "");
    BOOST_TEST(
        refusal(conn,
                "INSERT INTO visit_scores (visit_id, client_id, section_scores, "
                "question_scores) SELECT id, client_id, '\\x'::bytea, '\\x'::bytea FROM visits "
                "WHERE uuid LIKE 'many-%'") == "");
    BOOST_TEST(refusal(conn, "INSERT INTO visit_section_employees (visit_id, section, "
                             "employee_id) VALUES (" +
                                 str(r.visit) + ", 's1', " + str(r.employee) + ")") == "");
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_scores") == 102);

    // A visit with rows keeps its id; deleting visits deletes their rows.
    BOOST_TEST(refusal(conn, "UPDATE visits SET id = id + 100000 WHERE id = " + str(r.visit),
                       &message) == kForeignKey);
    BOOST_TEST(message.find("is still referenced") != std::string::npos, message);
    BOOST_TEST(refusal(conn, "UPDATE visits SET summary = 'seen' WHERE id = " + str(r.visit)) ==
               "");
    BOOST_TEST(
        refusal(conn, "DELETE FROM visits WHERE uuid LIKE 'many-%' OR id = " + str(r.visit)) == "");
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_scores") == 1);
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_section_employees") == 0);
    BOOST_TEST(count(conn, kRowOrphans) == 0);
}

BOOST_AUTO_TEST_CASE(a_visit_delete_racing_an_insert_of_its_scores_waits_and_takes_them) {
    VS_NEEDS_SERVER();
    Database db;
    pqxx::connection conn(db.uri());
    vs::storage::pg_migrate(conn);
    const Rows r = load(conn); // the visit is committed: another transaction's to lock
    pqxx::connection writer(db.uri());
    pqxx::work adding(writer);
    adding.exec(insert_scores(str(r.visit), str(r.client)));
    // The insert holds the visit FOR KEY SHARE: a delete from elsewhere waits for its commit,
    // then takes the scores with the visit.
    auto deleting = std::async(std::launch::async, [&] {
        pqxx::connection other(db.uri());
        return refusal(other, "DELETE FROM visits WHERE id = " + str(r.visit));
    });
    BOOST_TEST((deleting.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout));
    adding.commit();
    BOOST_TEST(deleting.get() == "");
    BOOST_TEST(count(conn, "SELECT count(*) FROM visits") == 0);
    BOOST_TEST(count(conn, kRowOrphans) == 0);

    // The other order: a delete not yet committed makes the insert wait, which then finds no
    // visit.
    pqxx::work second(conn);
    const std::int64_t visit = id(second, insert_visit(r, "second"));
    second.commit();
    pqxx::work remove(writer);
    remove.exec("DELETE FROM visits WHERE id = " + str(visit));
    auto inserting = std::async(std::launch::async, [&] {
        pqxx::connection other(db.uri());
        return refusal(other, insert_scores(str(visit), str(r.client)));
    });
    BOOST_TEST((inserting.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout));
    remove.commit();
    BOOST_TEST(inserting.get() == kForeignKey);
    BOOST_TEST(count(conn, kRowOrphans) == 0);
}

BOOST_AUTO_TEST_CASE(score_arrays_are_filed_under_their_visits_client_from_version_13) {
    VS_NEEDS_SERVER();
    Database db;
    pqxx::connection conn(db.uri());
    vs::storage::pg_migrate(conn, 12);
    const Rows r = load(conn);
    std::int64_t south = 0, south_visit = 0, north_visit = 0;
    {
        pqxx::work tx(conn);
        south = id(tx, "INSERT INTO clients (name) VALUES ('South') RETURNING id");
        south_visit = id(tx, insert_visit(r, "south-1", "client_id", str(south)));
        north_visit = id(tx, insert_visit(r, "north-2"));
        tx.commit();
    }
    // In visit order, the clients interleaved: North, South, North.
    for (const std::int64_t visit : {r.visit, south_visit, north_visit})
        BOOST_TEST(refusal(conn, insert_scores(str(visit))) == "");

    vs::storage::pg_migrate(conn);
    BOOST_TEST(vs::storage::pg_schema_version(conn) == vs::storage::kPgSchemaVersion);
    constexpr const char* kMisfiled = "SELECT count(*) FROM visit_scores s JOIN visits v ON v.id = "
                                      "s.visit_id WHERE v.client_id <> s.client_id";
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_scores WHERE client_id = " + str(south)) ==
               1);
    BOOST_TEST(count(conn, kMisfiled) == 0);
    // In client order, found by a BRIN index of the client; the key is still the visit's.
    BOOST_TEST(count(conn, "SELECT count(*) FROM pg_indexes WHERE tablename = 'visit_scores' AND "
                           "indexdef LIKE '%USING brin (client_id)%'") == 1);
    BOOST_TEST(count(conn, "SELECT count(*) FROM (SELECT client_id, lag(client_id) OVER (ORDER BY "
                           "ctid) AS before FROM visit_scores) r WHERE client_id < before") == 0);
    BOOST_TEST(count(conn, "SELECT count(*) FROM pg_constraint WHERE conrelid = "
                           "'visit_scores'::regclass AND contype = 'p' AND conkey = ARRAY[(SELECT "
                           "attnum FROM pg_attribute WHERE attrelid = 'visit_scores'::regclass AND "
                           "attname = 'visit_id')]") == 1);

    // Filed under another client, or under none: refused, on insert and on update.
    std::string message;
    BOOST_TEST(refusal(conn, "DELETE FROM visit_scores WHERE visit_id = " + str(south_visit)) ==
               "");
    BOOST_TEST(refusal(conn, insert_scores(str(south_visit), str(r.client)), &message) == "23514");
    BOOST_TEST(message.find("visit " + str(south_visit)) != std::string::npos, message);
    BOOST_TEST(refusal(conn, insert_scores(str(south_visit))) == "23502");
    BOOST_TEST(refusal(conn, "UPDATE visit_scores SET client_id = " + str(south) +
                                 " WHERE visit_id = " + str(r.visit)) == "23514");
    BOOST_TEST(refusal(conn, insert_scores(str(south_visit), str(south))) == "");
    // A visit moved to another client takes its arrays along.
    BOOST_TEST(refusal(conn, "UPDATE visits SET client_id = " + str(south) +
                                 " WHERE id = " + str(r.visit)) == "");
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_scores WHERE client_id = " + str(south)) ==
               2);
    BOOST_TEST(count(conn, kMisfiled) == 0);

    // Migrated again (set back to version 12), by a read-only open as a command that only reads
    // does it: the rows stay as they are.
    {
        pqxx::work tx(conn);
        tx.exec("UPDATE visitscore_meta SET value = '12' WHERE key = 'schema_version'");
        tx.commit();
    }
    vs::storage::open_postgres(db.uri(), vs::storage::OpenMode::ReadOnly);
    BOOST_TEST(vs::storage::pg_schema_version(conn) == vs::storage::kPgSchemaVersion);
    BOOST_TEST(count(conn, "SELECT count(*) FROM visit_scores") == 3);
    BOOST_TEST(count(conn, kMisfiled) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
