// The audit log's hash chain (audit_chain.h): the same for every backend.

#include "storage/audit_chain.h"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <utility>

namespace vs::storage {

std::string audit_sha256_hex(const std::string& text) {
    return sha256_hex(text.data(), text.size());
}

std::string sha256_hex(const void* data, std::size_t size) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx, data, size) != 1 || EVP_DigestFinal_ex(ctx, digest, &len) != 1) {
        EVP_MD_CTX_free(ctx);
        throw StorageError("SHA-256 failed (OpenSSL)");
    }
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string audit_content(const AuditEntry& e) {
    const char sep = '\x1f';
    std::string c = e.at;
    for (const std::string& part : {e.who, std::to_string(e.visit_id), e.action, e.field,
                                    e.old_value, e.new_value, e.reason, e.prev_hash}) {
        c += sep;
        c += part;
    }
    if (!e.assignment_uuid.empty()) {
        c += sep;
        c += e.assignment_uuid;
    }
    return c;
}

std::string audit_hash(const AuditEntry& e) {
    return audit_sha256_hex(audit_content(e));
}

bool impersonal_audit_field(const std::string& field) {
    return field == "status" || field == "visited_at" || field == "branch";
}

AuditEntry audit_redacted(AuditEntry e) {
    e.who.clear();
    e.reason.clear();
    if (!impersonal_audit_field(e.field)) {
        e.old_value.clear();
        e.new_value.clear();
    }
    return e;
}

std::string audit_redaction_record(const std::vector<AuditEntry>& redacted) {
    nlohmann::json list = nlohmann::json::array();
    for (const AuditEntry& e : redacted)
        list.push_back({{"id", e.id}, {"hash", audit_hash(e)}});
    return list.empty() ? std::string() : nlohmann::json{{"redacted", list}}.dump();
}

AuditChainCheck::AuditChainCheck(std::string recorded_head)
    : m_recorded_head(std::move(recorded_head)) {
    m_check.head = kAuditChainStart;
    m_recorded_seen = m_recorded_head.empty() || m_recorded_head == kAuditChainStart;
}

void AuditChainCheck::purge_record(std::int64_t purge_id, std::int64_t visit_id,
                                   const std::string& record, const std::string& assignment_uuid) {
    // A record that does not parse redacts nothing: the entries it meant then fail.
    const nlohmann::json parsed = nlohmann::json::parse(record, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("redacted") || !parsed["redacted"].is_array())
        return;
    for (const nlohmann::json& r : parsed["redacted"])
        if (r.is_object() && r.value("id", nlohmann::json()).is_number_integer() &&
            r.value("hash", nlohmann::json()).is_string())
            m_redactions.emplace(
                r["id"].get<std::int64_t>(),
                Redaction{purge_id, visit_id, assignment_uuid, r["hash"].get<std::string>()});
}

bool AuditChainCheck::add(const AuditEntry& e) {
    if (m_check.first_broken)
        return false;
    ++m_check.entries;
    if (e.prev_hash != m_check.head) {
        m_check.first_broken = e.id;
        m_check.problem = "entry " + std::to_string(e.id) +
                          " does not follow the entry before "
                          "it (an entry before it was removed, or its prev_hash was edited)";
        return false;
    }
    const std::string digest = audit_hash(e);
    bool matches = digest == e.hash;
    if (!matches) {
        // Or as a later purge entry of its visit (or assignment) redacted it.
        auto r = m_redactions.find(e.id);
        matches = r != m_redactions.end() && r->second.by > e.id &&
                  r->second.visit_id == e.visit_id &&
                  r->second.assignment_uuid == e.assignment_uuid && r->second.hash == digest;
    }
    if (!matches) {
        m_check.first_broken = e.id;
        m_check.problem = "entry " + std::to_string(e.id) +
                          " was changed after it was written "
                          "(its content does not match its hash)";
        return false;
    }
    if (e.hash == m_recorded_head)
        m_recorded_seen = true;
    m_check.head = e.hash;
    return true;
}

AuditCheck AuditChainCheck::result() const {
    AuditCheck out = m_check;
    if (out.problem.empty() && !m_recorded_seen)
        out.problem = "the entry with the recorded hash " + m_recorded_head +
                      " is no longer in the log (entries were removed from its end, or the "
                      "chain was rewritten)";
    return out;
}

} // namespace vs::storage
