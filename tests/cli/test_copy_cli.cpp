// End to end: `visitscore-cli copy` moves a desk's SQLite database onto a PostgreSQL server and
// back (SQLite → PostgreSQL → SQLite). Every report, the visits' scores, the CSV export and the
// audit chain's check read the same on all three, and every stored row of the final file equals
// the original's (ids, scores, review notes, row versions, attachments, inactive organisation
// entries, settings with the pseudonym key, audit entries with their hashes). A target that
// holds data, and a server address that carries a password, are refused with nothing written.
// Runs on the test cluster (VISITSCORE_TEST_PG, set by CTest's postgres fixture).
#include "cli_run.h"
#include "storage/raw_tables.h"
#include "storage/store.h"

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <unistd.h>

using namespace vs::test;
namespace storage = vs::storage;

namespace {

const char* test_server() {
    const char* uri = std::getenv("VISITSCORE_TEST_PG");
    return uri && *uri ? uri : nullptr;
}

/// A database of its own on the test cluster, dropped when destroyed.
struct ServerDatabase {
    std::string server;
    std::string name;
    explicit ServerDatabase(const std::string& server_uri, const std::string& suffix)
        : server(server_uri), name("vs_copy_" + std::to_string(::getpid()) + "_" + suffix) {
        admin("DROP DATABASE IF EXISTS " + name);
        admin("CREATE DATABASE " + name);
    }
    ~ServerDatabase() {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
    }
    ServerDatabase(const ServerDatabase&) = delete;
    ServerDatabase& operator=(const ServerDatabase&) = delete;
    std::string uri() const { return server.substr(0, server.rfind('/') + 1) + name; }
    void admin(const std::string& sql) const {
        pqxx::connection conn(server);
        pqxx::nontransaction tx(conn);
        tx.exec(sql);
    }
};

/// Every row of every table of a SQLite file, as the copy reads them.
std::vector<std::pair<std::string, std::vector<storage::RawRow>>> rows_of(const std::string& db) {
    auto reader = storage::sqlite_raw_reader(db);
    std::vector<std::pair<std::string, std::vector<storage::RawRow>>> out;
    for (const storage::RawTable& table : storage::raw_tables()) {
        out.emplace_back(table.name, std::vector<storage::RawRow>{});
        reader->rows(table, [&](const storage::RawRow& row) { out.back().second.push_back(row); });
    }
    return out;
}

/// The number before `what` in `text` ("972 customer survey responses"); -1 when not there.
long count_before(const std::string& text, const std::string& what) {
    const std::size_t at = text.find(" " + what);
    if (at == std::string::npos)
        return -1;
    std::size_t from = at;
    while (from > 0 && std::isdigit(static_cast<unsigned char>(text[from - 1])))
        --from;
    return from == at ? -1 : std::stol(text.substr(from, at - from));
}

/// A desk database with something in every table: demo visits and trainings, review steps
/// (audit entries, review notes, new row versions), settings and the pseudonym key, an
/// attachment, an inactive branch. Returns how many visits it holds: the demo's 400 mystery
/// visits, its doubtful ones for review and its customer survey responses, which the demo
/// counts apart.
long fill(const std::string& db) {
    const std::string opt = "--db " + db + " ";
    const Run demo = cli(opt + "demo --visits 400 --seed 7");
    BOOST_REQUIRE_MESSAGE(demo.status == 0, demo.err);
    BOOST_TEST(count_before(demo.out, "visits added") == 400, demo.out);
    const long responses = count_before(demo.out, "customer survey responses");
    BOOST_TEST(responses > 0, demo.out);
    const long doubtful = count_before(demo.out, "doubtful visits");
    BOOST_TEST(doubtful >= 0, demo.out);
    const Run scores = cli(opt + "visits score --json");
    BOOST_REQUIRE_EQUAL(scores.status, 0);
    std::vector<std::string> submitted;
    const nlohmann::json visits = nlohmann::json::parse(scores.out);
    for (const auto& v : visits.at("visits"))
        if (v.at("status").get<std::string>() == "submitted")
            submitted.push_back(v.at("uuid").get<std::string>());
    BOOST_REQUIRE_GE(submitted.size(), 4u);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits approve --uuid " + submitted[0] + " --as rita").status,
                        0);
    BOOST_REQUIRE_EQUAL(
        cli(opt + "visits return --uuid " + submitted[1] + " --note 'photo missing' --as rita")
            .status,
        0);
    BOOST_REQUIRE_EQUAL(
        cli(opt + "visits exclude --uuid " + submitted[2] + " --note 'wrong branch' --as rita")
            .status,
        0);
    BOOST_REQUIRE_EQUAL(cli(opt + "visits approve --uuid " + submitted[3] + " --as rita").status,
                        0);
    BOOST_REQUIRE_EQUAL(
        cli(opt + "visits reopen --uuid " + submitted[3] + " --note 'recheck' --as rita").status,
        0);
    BOOST_REQUIRE_EQUAL(cli(opt + "settings set user rita").status, 0);
    auto store = storage::open_sqlite(db, storage::OpenMode::MustExist);
    BOOST_REQUIRE(!store->pseudonym_key().empty());
    const std::int64_t visit = store->visit_ids({}).front();
    store->add_attachment(visit, "", "receipt.jpg", "image/jpeg", {0xff, 0xd8, 0x00, 0x5c, 0x0a},
                          {});
    const auto branches = store->org_list(storage::OrgKind::Branch, std::nullopt, true, false);
    BOOST_REQUIRE(!branches.empty());
    store->org_set_active(storage::OrgKind::Branch, branches.back().id, false);
    return 400 + doubtful + responses;
}

/// What must read the same on every copy: reports, scores, the CSV export, the audit check.
std::vector<std::string> readings(const std::string& db, const TempDir& dir,
                                  const std::string& tag) {
    const std::string opt = "--db '" + db + "' ";
    std::vector<std::string> out;
    for (const char* args :
         {"report --by branch --period month --json", "report --by client,template --json",
          "report --by region --period quarter --status all --json", "report --by section --json",
          "report --by question --json", "visits score --json", "audit verify",
          "template list --json", "training effect --json"}) {
        const Run r = cli(opt + args);
        BOOST_TEST_INFO_SCOPE(tag << ": " << args << ": " << r.err);
        BOOST_TEST(r.status == 0);
        out.push_back(std::string(args) + "\n" + r.out);
    }
    const std::string csv = dir.path(tag + ".csv");
    const Run r = cli(opt + "export csv --status all -o " + csv);
    BOOST_TEST(r.status == 0, tag << ": export csv: " << r.err);
    out.push_back("export csv\n" + vs::forms::read_file(csv));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(copy_cli)

BOOST_AUTO_TEST_CASE(sqlite_to_postgresql_to_sqlite_reads_the_same) {
    const char* server = test_server();
    if (!server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: the copy test needs the test cluster "
                           "(ctest starts one)");
        return;
    }
    TempDir dir;
    const std::string a = dir.path("desk.db");
    const std::string c = dir.path("back.db");
    const long stored = fill(a);
    ServerDatabase pg(server, "round");
    Run r = cli("copy --from " + a + " --to " + pg.uri());
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    // Every visit, the survey responses with the mystery visits: the whole desk database.
    BOOST_TEST(count_before(r.out, "visits,") == stored, r.out);
    BOOST_TEST(r.out.find("1 attachments") != std::string::npos, r.out);
    r = cli("copy --from " + pg.uri() + " --to " + c);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);

    // Every stored row came back as it was.
    const auto before = rows_of(a);
    const auto after = rows_of(c);
    BOOST_REQUIRE_EQUAL(before.size(), after.size());
    for (std::size_t t = 0; t < before.size(); ++t) {
        BOOST_TEST_INFO_SCOPE("table " << before[t].first);
        BOOST_TEST(before[t].second.size() == after[t].second.size());
        BOOST_TEST((before[t].second == after[t].second));
    }
    for (const char* table : {"visits", "audit_log", "attachments", "settings", "trainings"}) {
        BOOST_TEST_INFO_SCOPE(table);
        for (const auto& [name, rows] : before)
            if (name == table)
                BOOST_TEST(!rows.empty());
    }

    // Every reading is the same on the desk file, the server and the file copied back.
    const auto on_desk = readings(a, dir, "desk");
    const auto on_server = readings(pg.uri(), dir, "server");
    const auto back = readings(c, dir, "back");
    BOOST_REQUIRE_EQUAL(on_desk.size(), on_server.size());
    for (std::size_t i = 0; i < on_desk.size(); ++i) {
        BOOST_TEST_INFO_SCOPE(on_desk[i].substr(0, on_desk[i].find('\n')));
        BOOST_TEST((on_desk[i] == on_server[i]));
        BOOST_TEST((on_desk[i] == back[i]));
    }
    auto entries_of = [](const std::string& out) -> long {
        const auto at = out.find("Audit log intact: ");
        return at == std::string::npos ? -1 : std::stol(out.substr(at + 18));
    };
    const long entries = entries_of(on_desk[6]); // the visits' entries and the assignments'
    BOOST_TEST(entries > 5, on_desk[6]);

    // New rows on the server are numbered after the copied ones.
    const Run scores = cli("--db " + pg.uri() + " visits score --json");
    std::string draft;
    const nlohmann::json visits = nlohmann::json::parse(scores.out);
    for (const auto& v : visits.at("visits"))
        if (v.at("status").get<std::string>() == "submitted")
            draft = v.at("uuid").get<std::string>();
    BOOST_REQUIRE(!draft.empty());
    // An approval that fails opens its branch's action plan: one entry more then.
    auto plans = [&] {
        const Run list = cli("--db " + pg.uri() + " action list --json");
        return static_cast<long>(nlohmann::json::parse(list.out).at("action_plans").size());
    };
    const long plans_before = plans();
    r = cli("--db " + pg.uri() + " visits approve --uuid " + draft + " --as sam");
    BOOST_TEST(r.status == 0, r.err);
    r = cli("--db " + pg.uri() + " audit verify");
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(entries_of(r.out) == entries + 1 + (plans() - plans_before), r.out);
}

BOOST_AUTO_TEST_CASE(a_target_that_holds_data_is_refused_with_nothing_written) {
    const char* server = test_server();
    if (!server) {
        BOOST_TEST_MESSAGE("VISITSCORE_TEST_PG is not set: the copy test needs the test cluster");
        return;
    }
    TempDir dir;
    const std::string a = dir.path("a.db");
    const Run demo = cli("--db " + a + " demo --visits 50 --seed 2");
    BOOST_REQUIRE_EQUAL(demo.status, 0);
    const long visits = 50 + count_before(demo.out, "doubtful visits") +
                        count_before(demo.out, "customer survey responses");
    const std::string b = dir.path("b.db");
    BOOST_REQUIRE_EQUAL(cli("--db " + b + " demo --visits 30 --seed 3").status, 0);
    ServerDatabase pg(server, "full");
    BOOST_REQUIRE_EQUAL(cli("copy --from " + a + " --to " + pg.uri()).status, 0);

    // Into a server database that holds data: refused, it keeps its 50 visits.
    Run r = cli("copy --from " + b + " --to " + pg.uri());
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("already holds data") != std::string::npos, r.err);
    r = cli("copy --from " + pg.uri() + " --to " + dir.path("check.db"));
    BOOST_REQUIRE_EQUAL(r.status, 0);
    BOOST_TEST(count_before(r.out, "visits,") == visits, r.out); // the 50 demo's, kept

    // Into a file that holds data: refused, unchanged.
    const auto before = rows_of(b);
    r = cli("copy --from " + pg.uri() + " --to " + b);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("already holds data") != std::string::npos, r.err);
    BOOST_TEST((rows_of(b) == before));

    // Onto itself, and from a missing file: refused, nothing made.
    BOOST_TEST(cli("copy --from " + a + " --to " + a).status == 2);
    r = cli("copy --from " + dir.path("missing.db") + " --to " + dir.path("new.db"));
    BOOST_TEST(r.status == 2);
    BOOST_TEST(!std::filesystem::exists(dir.path("missing.db")));
    BOOST_TEST(!std::filesystem::exists(dir.path("new.db")));
}

BOOST_AUTO_TEST_CASE(a_server_address_with_a_password_is_refused) {
    TempDir dir;
    for (const std::string& args :
         {std::string("--db postgresql://rita:secret@127.0.0.1:1/vs template list"),
          std::string("--db 'postgresql://rita@127.0.0.1:1/vs?password=secret' template list"),
          "copy --from " + dir.path("a.db") + " --to postgresql://rita:secret@127.0.0.1:1/vs"}) {
        const Run r = cli(args);
        BOOST_TEST_INFO_SCOPE(args);
        BOOST_TEST(r.status == 2);
        BOOST_TEST(r.err.find("password") != std::string::npos, r.err);
        BOOST_TEST(r.err.find("~/.pgpass") != std::string::npos, r.err);
        BOOST_TEST(r.err.find("secret") == std::string::npos, r.err);
    }
}

BOOST_AUTO_TEST_CASE(restore_names_what_to_do_on_a_server) {
    const Run r = cli("--db postgresql://rita@127.0.0.1:1/vs restore backup.db");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("copy --from backup.db") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
