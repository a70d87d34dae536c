#include "services/bundle_zip.h"

#include "forms/error.h"
#include "services/bundle.h"

#include <algorithm>
#include <cstring>
#include <openssl/evp.h>
#include <set>
#include <zip.h>

namespace vs::services::detail {

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
    if (!m_ctx || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_ctx), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available (OpenSSL)");
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx));
}

void Sha256::update(const void* data, std::size_t size) {
    if (size && EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data, size) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL)");
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), digest, &len) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL)");
    static const char* kHex = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 15];
    }
    return out;
}

std::string sha256_hex(const void* data, std::size_t size) {
    Sha256 h;
    h.update(data, size);
    return h.hex();
}

namespace {

bool is_hex64(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

/// templates/<id>-<version>.json with id [a-z][a-z0-9_-]* and version digits.
bool is_template_member(std::string_view s) {
    const std::string_view prefix = "templates/", suffix = ".json";
    if (s.size() <= prefix.size() + suffix.size() || s.substr(0, prefix.size()) != prefix ||
        s.substr(s.size() - suffix.size()) != suffix)
        return false;
    std::string_view stem = s.substr(prefix.size(), s.size() - prefix.size() - suffix.size());
    auto dash = stem.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == stem.size())
        return false;
    std::string_view id = stem.substr(0, dash), version = stem.substr(dash + 1);
    if (!(id[0] >= 'a' && id[0] <= 'z'))
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return version.size() <= 9 &&
           std::all_of(version.begin(), version.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string zip_message(zip_error_t* error) {
    return zip_error_strerror(error);
}

} // namespace

bool is_bundle_member_name(const std::string& name) {
    if (name == "manifest.json" || name == "assignments.json" || name == "visits.json")
        return true;
    if (name.rfind("photos/", 0) == 0)
        return is_hex64(std::string_view(name).substr(7));
    return is_template_member(name);
}

// --- Writer -----------------------------------------------------------------------------------

struct ZipWriter::Lazy {
    std::string name;
    std::function<std::vector<unsigned char>()> load;
    std::vector<unsigned char> data;
    std::size_t offset = 0;
    zip_error_t error;
    std::string failure; ///< what load threw, said by close()
};

namespace {

zip_int64_t lazy_callback(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* lazy = static_cast<ZipWriter::Lazy*>(state);
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        try {
            lazy->data = lazy->load();
        } catch (const std::exception& e) {
            lazy->failure = e.what();
            zip_error_set(&lazy->error, ZIP_ER_CANCELLED, 0);
            return -1;
        }
        lazy->offset = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        const std::size_t n = std::min<std::size_t>(len, lazy->data.size() - lazy->offset);
        if (n)
            std::memcpy(data, lazy->data.data() + lazy->offset, n);
        lazy->offset += n;
        return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
        lazy->data = {};
        lazy->data.shrink_to_fit();
        return 0;
    case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t))
            return -1;
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&lazy->error, data, len);
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_READABLE;
    default:
        zip_error_set(&lazy->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

} // namespace

ZipWriter::ZipWriter(const std::string& path) : m_path(path) {
    int code = 0;
    m_zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!m_zip) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string message = zip_message(&error);
        zip_error_fini(&error);
        throw InputError(path, "", "cannot write the bundle: " + message);
    }
}

ZipWriter::~ZipWriter() {
    if (m_zip)
        zip_discard(m_zip);
    for (auto& lazy : m_lazy)
        zip_error_fini(&lazy->error);
}

void ZipWriter::add_text(const std::string& name, std::string text) {
    m_texts.push_back(std::make_unique<std::string>(std::move(text)));
    const std::string& t = *m_texts.back();
    zip_source_t* src = zip_source_buffer(m_zip, t.data(), t.size(), 0);
    zip_int64_t index = src ? zip_file_add(m_zip, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
        if (src)
            zip_source_free(src);
        throw InputError(m_path, name, std::string("cannot add: ") + zip_strerror(m_zip));
    }
}

void ZipWriter::add_lazy(const std::string& name,
                         std::function<std::vector<unsigned char>()> load) {
    auto lazy = std::make_unique<Lazy>();
    lazy->name = name;
    lazy->load = std::move(load);
    zip_error_init(&lazy->error);
    zip_source_t* src = zip_source_function(m_zip, lazy_callback, lazy.get());
    Lazy* raw = lazy.get();
    m_lazy.push_back(std::move(lazy));
    zip_int64_t index = src ? zip_file_add(m_zip, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
        if (src)
            zip_source_free(src);
        throw InputError(m_path, raw->name, std::string("cannot add: ") + zip_strerror(m_zip));
    }
    zip_set_file_compression(m_zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
}

void ZipWriter::close() {
    if (zip_close(m_zip) != 0) {
        std::string message = zip_strerror(m_zip);
        for (auto& lazy : m_lazy)
            if (!lazy->failure.empty())
                throw InputError(m_path, lazy->name, lazy->failure);
        throw InputError(m_path, "", "cannot write the bundle: " + message);
    }
    m_zip = nullptr;
}

// --- Reader -----------------------------------------------------------------------------------

ZipReader::ZipReader(const std::string& path) : m_path(path) {
    int code = 0;
    m_zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!m_zip) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string message = zip_message(&error);
        zip_error_fini(&error);
        throw InputError(path, "", "not a readable bundle (zip): " + message);
    }
    try {
        read_directory();
    } catch (...) {
        // A constructor that throws runs no destructor: the archive is let go here.
        zip_discard(m_zip);
        m_zip = nullptr;
        throw;
    }
}

void ZipReader::read_directory() {
    const std::string& path = m_path;
    const zip_int64_t n = zip_get_num_entries(m_zip, 0);
    std::set<std::string> names;
    std::uint64_t total = 0;
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        if (zip_stat_index(m_zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
            !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE))
            throw InputError(path, "member " + std::to_string(i),
                             std::string("cannot be read: ") + zip_strerror(m_zip));
        std::string name = st.name;
        if (name == "photos/" || name == "templates/")
            continue; // a folder entry some zip tools add
        if (!is_bundle_member_name(name))
            throw InputError(path, name,
                             "is not a member a bundle may hold (manifest.json, "
                             "assignments.json, visits.json, templates/<id>-<version>.json, "
                             "photos/<sha256>); nothing outside that layout is read");
        if (!names.insert(name).second)
            throw InputError(path, name, "appears twice in the bundle");
        const bool photo = name.rfind("photos/", 0) == 0;
        const std::uint64_t limit = photo ? kMaxPhotoMember : kMaxJsonMember;
        if (st.size > limit)
            throw InputError(path, name,
                             "is " + std::to_string(st.size) + " bytes uncompressed, over the " +
                                 std::to_string(limit) + " a bundle member may hold");
        total += st.size;
        if (total > kMaxBundleTotal)
            throw InputError(path, name,
                             "takes the bundle over " + std::to_string(kMaxBundleTotal) +
                                 " bytes uncompressed");
        m_members.push_back({name, st.size, static_cast<std::uint64_t>(i)});
    }
}

ZipReader::~ZipReader() {
    if (m_zip)
        zip_discard(m_zip);
}

const ZipMember* ZipReader::find(const std::string& name) const {
    for (const ZipMember& m : m_members)
        if (m.name == name)
            return &m;
    return nullptr;
}

std::vector<unsigned char> ZipReader::read(const ZipMember& member, std::uint64_t limit,
                                           std::string& sha256) {
    if (member.size > limit)
        throw InputError(m_path, member.name,
                         "is " + std::to_string(member.size) + " bytes uncompressed, over " +
                             std::to_string(limit));
    zip_file_t* f = zip_fopen_index(m_zip, member.index, 0);
    if (!f)
        throw InputError(m_path, member.name,
                         std::string("cannot be read: ") + zip_strerror(m_zip));
    std::vector<unsigned char> out(static_cast<std::size_t>(member.size));
    Sha256 hash;
    std::uint64_t got = 0;
    for (;;) {
        // One byte more than declared is room to see a member that lies about its size.
        unsigned char extra;
        void* into = got < member.size ? static_cast<void*>(out.data() + got) : &extra;
        const zip_uint64_t want = got < member.size ? member.size - got : 1;
        const zip_int64_t n = zip_fread(f, into, want);
        if (n < 0) {
            std::string message = zip_error_strerror(zip_file_get_error(f));
            zip_fclose(f);
            throw InputError(m_path, member.name, "cannot be read: " + message);
        }
        if (n == 0)
            break;
        if (got >= member.size) {
            zip_fclose(f);
            throw InputError(m_path, member.name, "holds more bytes than its entry declares");
        }
        hash.update(into, static_cast<std::size_t>(n));
        got += static_cast<std::uint64_t>(n);
    }
    const int closed = zip_fclose(f);
    if (got != member.size || closed != 0)
        throw InputError(m_path, member.name,
                         "is damaged (its size or CRC does not match its entry)");
    sha256 = hash.hex();
    return out;
}

} // namespace vs::services::detail
