// The audit log's hash chain (audit_chain.h): the same for every backend.

#include "storage/audit_chain.h"

#include <openssl/evp.h>

namespace vs::storage {

std::string audit_sha256_hex(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx, text.data(), text.size()) != 1 ||
        EVP_DigestFinal_ex(ctx, digest, &len) != 1) {
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
    return c;
}

std::string audit_hash(const AuditEntry& e) {
    return audit_sha256_hex(audit_content(e));
}

bool impersonal_audit_field(const std::string& field) {
    return field == "status" || field == "visited_at" || field == "branch";
}

} // namespace vs::storage
