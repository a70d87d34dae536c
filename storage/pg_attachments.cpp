// The PostgreSQL backend's AttachmentStore: photos and receipts, their bytes bound in binary
// form (no hex text of twice their size on the wire).
#include "forms/error.h"
#include "storage/audit_chain.h"
#include "storage/pg_common.h"
#include "storage/pg_store.h"

namespace vs::storage {

std::int64_t PgStore::add_attachment(std::int64_t visit_id, const std::string& question,
                                     const std::string& name, const std::string& mime,
                                     const std::vector<unsigned char>& data,
                                     const std::vector<unsigned char>& thumbnail,
                                     const std::string& captured_at) {
    const std::string sha256 = sha256_hex(data.data(), data.size());
    const std::optional<std::string> captured =
        captured_at.empty() ? std::nullopt : std::optional<std::string>(captured_at);
    try {
        pqxx::work tx(*m_conn);
        const std::int64_t id =
            tx.exec_params1("INSERT INTO attachments (visit_id, question, name, mime, size, "
                            "data, thumbnail, sha256, captured_at) VALUES ($1, $2, $3, $4, $5, "
                            "$6, $7, $8, $9) RETURNING id",
                            visit_id, question, name, mime, static_cast<std::int64_t>(data.size()),
                            pqxx::binarystring(data.data(), data.size()),
                            pqxx::binarystring(thumbnail.data(), thumbnail.size()), sha256,
                            captured)[0]
                .as<std::int64_t>();
        tx.commit();
        return id;
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "storing the attachment " + name, e);
    }
}

std::vector<std::pair<std::string, std::int64_t>>
PgStore::visits_with_sha256(const std::vector<std::string>& hashes) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    std::string list = "{";
    for (const std::string& h : hashes)
        if (!h.empty() && h.find_first_not_of("0123456789abcdef") == std::string::npos)
            list += (list.size() > 1 ? "," : "") + h;
    list += "}";
    if (list.size() == 2)
        return out;
    try {
        pqxx::read_transaction tx(*m_conn);
        for (const auto& row :
             tx.exec_params("SELECT sha256, visit_id FROM attachments WHERE sha256 = ANY "
                            "($1::text[]) ORDER BY sha256 COLLATE \"C\", visit_id",
                            list))
            out.emplace_back(row[0].as<std::string>(), row[1].as<std::int64_t>());
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "looking for photos used before", e);
    }
    return out;
}

std::vector<AttachmentInfo> PgStore::attachments(std::int64_t visit_id) {
    std::vector<AttachmentInfo> out;
    try {
        pqxx::read_transaction tx(*m_conn);
        const pqxx::result r =
            tx.exec_params("SELECT id, visit_id, question, name, mime, size, thumbnail, added_at, "
                           "sha256, captured_at FROM attachments WHERE visit_id = $1 ORDER BY id",
                           visit_id);
        out.reserve(r.size());
        for (const auto& row : r) {
            AttachmentInfo a;
            a.id = row[0].as<std::int64_t>();
            a.visit_id = row[1].as<std::int64_t>();
            a.question = text_or_empty(row[2]);
            a.name = text_or_empty(row[3]);
            a.mime = text_or_empty(row[4]);
            a.size = row[5].as<std::int64_t>();
            a.thumbnail = bytes_of(row[6]);
            a.added_at = text_or_empty(row[7]);
            a.sha256 = text_or_empty(row[8]);
            a.captured_at = text_or_empty(row[9]);
            out.push_back(std::move(a));
        }
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "listing the attachments of visit " + std::to_string(visit_id), e);
    }
    return out;
}

std::vector<unsigned char> PgStore::attachment_data(std::int64_t attachment_id) {
    pqxx::result r;
    try {
        pqxx::read_transaction tx(*m_conn);
        r = tx.exec_params("SELECT data FROM attachments WHERE id = $1", attachment_id);
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "reading attachment " + std::to_string(attachment_id), e);
    }
    if (r.empty())
        throw StorageError("attachment " + std::to_string(attachment_id) + " is not stored");
    return bytes_of(r[0][0]);
}

void PgStore::remove_attachment(std::int64_t attachment_id) {
    std::size_t removed = 0;
    try {
        pqxx::work tx(*m_conn);
        removed = tx.exec_params("DELETE FROM attachments WHERE id = $1 AND visit_id IN (SELECT "
                                 "id FROM visits WHERE status IN ('draft', 'returned'))",
                                 attachment_id)
                      .affected_rows();
        tx.commit();
    } catch (const pqxx::failure& e) {
        throw pg_error(*m_conn, "removing attachment " + std::to_string(attachment_id), e);
    }
    if (removed == 0)
        throw InputError("", "attachment",
                         "only attachments of drafts and returned visits can "
                         "be removed");
}

} // namespace vs::storage
