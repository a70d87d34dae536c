// The SQLite backend's VisitImportBatch (visit_store.h): visits, their photos and the
// assignments they were made for, in one IMMEDIATE transaction.

#include "forms/error.h"
#include "storage/assignment_checks.h"
#include "storage/audit_chain.h"
#include "storage/sqlite_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace vs::storage {

class SqliteImportBatch final : public VisitImportBatch {
  public:
    explicit SqliteImportBatch(SqliteStore& store)
        : m_store(store), m_tx(store.m_db, SQLite::TransactionBehavior::IMMEDIATE),
          m_visit(store.m_db, "SELECT id FROM visits WHERE uuid = ?"),
          m_has(store.m_db, "SELECT 1 FROM attachments WHERE visit_id = ? AND sha256 = ?"),
          m_insert(store.m_db, "INSERT INTO attachments (visit_id, question, name, mime, size, "
                               "data, thumbnail, sha256, captured_at) VALUES (?, ?, ?, ?, ?, ?, "
                               "?, ?, ?)") {}

    ImportReport import_visit_stream(const forms::VisitSource& source, std::size_t total,
                                     const std::string& file, Progress* progress) override {
        ImportReport report = m_store.write_visit_stream(source, total, file, progress);
        if (progress)
            progress->finish();
        return report;
    }

    bool add_photo(const std::string& visit_uuid, const ImportedPhoto& photo) override {
        m_visit.reset();
        m_visit.bind(1, visit_uuid);
        if (!m_visit.executeStep())
            throw InputError("", "visit " + visit_uuid,
                             "a photo names a visit that is not stored (" + photo.name + ")");
        const std::int64_t visit = m_visit.getColumn(0).getInt64();
        const std::string sha256 =
            photo.sha256.empty() ? sha256_hex(photo.data.data(), photo.data.size()) : photo.sha256;
        m_has.reset();
        m_has.bind(1, static_cast<int64_t>(visit));
        m_has.bind(2, sha256);
        if (m_has.executeStep())
            return false;
        static const unsigned char kEmpty = 0; // a zero-length blob, not NULL
        m_insert.reset();
        m_insert.clearBindings();
        m_insert.bind(1, static_cast<int64_t>(visit));
        m_insert.bind(2, photo.question);
        m_insert.bind(3, photo.name);
        m_insert.bind(4, photo.mime);
        m_insert.bind(5, static_cast<int64_t>(photo.data.size()));
        m_insert.bind(6, photo.data.empty() ? &kEmpty : photo.data.data(),
                      static_cast<int>(photo.data.size()));
        m_insert.bind(7, &kEmpty, 0);
        m_insert.bind(8, sha256);
        photo.captured_at.empty() ? m_insert.bind(9) : m_insert.bind(9, photo.captured_at);
        m_insert.exec();
        return true;
    }

    void mark_assignment_visited(const std::string& uuid, const std::string& visit_uuid,
                                 const std::string& who) override {
        m_store.mark_visited(uuid, visit_uuid, who,
                             "visit " + visit_uuid + " names an assignment that is not stored");
    }

    void commit() override { m_tx.commit(); }

  private:
    SqliteStore& m_store;
    SQLite::Transaction m_tx;
    SQLite::Statement m_visit;
    SQLite::Statement m_has;
    SQLite::Statement m_insert;
};

std::unique_ptr<VisitImportBatch> SqliteStore::visit_import_batch() {
    return std::make_unique<SqliteImportBatch>(*this);
}

} // namespace vs::storage
