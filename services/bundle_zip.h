#pragma once
// The zip side of field bundles (services/bundle.h), private to services: a writer that takes
// members as text or as a loader called while the file is written (so that photos are read one
// at a time), a reader that refuses names outside the bundle's layout and members over the
// size limits, and SHA-256. Every error names the bundle file and the member.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

struct zip;

namespace vs::services::detail {

/// Incremental SHA-256.
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, std::size_t size);
    /// The digest as 64 lower-case hex digits (ends the hash).
    std::string hex();

  private:
    void* m_ctx;
};

/// SHA-256 of `size` bytes as lower-case hex.
std::string sha256_hex(const void* data, std::size_t size);

/// Whether `name` is a member name a bundle may hold: manifest.json, assignments.json,
/// visits.json, templates/<id>-<version>.json, photos/<64 hex digits>.
bool is_bundle_member_name(const std::string& name);

/// Writes a zip file; nothing appears at `path` until close() succeeds (libzip writes a
/// temporary file beside it and renames it).
class ZipWriter {
  public:
    explicit ZipWriter(const std::string& path);
    ~ZipWriter(); ///< discards an unclosed file
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    /// Adds a member holding `text` (deflated).
    void add_text(const std::string& name, std::string text);
    /// Adds a member whose bytes `load` returns while close() writes it (stored, not deflated:
    /// photos are compressed already).
    void add_lazy(const std::string& name, std::function<std::vector<unsigned char>()> load);
    /// Writes the file.
    void close();

    struct Lazy; ///< a member read while close() writes it (bundle_zip.cpp)

  private:
    std::string m_path;
    zip* m_zip = nullptr;
    std::vector<std::unique_ptr<std::string>> m_texts;
    std::vector<std::unique_ptr<Lazy>> m_lazy;
};

/// One member of a zip file as its central directory gives it.
struct ZipMember {
    std::string name;
    std::uint64_t size = 0; ///< uncompressed
    std::uint64_t index = 0;
};

/// Reads members of a bundle. The constructor checks every name (is_bundle_member_name; no
/// two alike) and the declared sizes against the limits of bundle.h.
class ZipReader {
  public:
    explicit ZipReader(const std::string& path);
    ~ZipReader();
    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;

    const std::string& path() const { return m_path; }
    const std::vector<ZipMember>& members() const { return m_members; }
    /// The member named `name`, or nullptr.
    const ZipMember* find(const std::string& name) const;
    /// Reads a member whole (at most `limit` bytes, else InputError) and returns its SHA-256
    /// in `sha256`.
    std::vector<unsigned char> read(const ZipMember& member, std::uint64_t limit,
                                    std::string& sha256);

  private:
    /// Reads and checks the member list (names, sizes) into m_members.
    void read_directory();

    std::string m_path;
    zip* m_zip = nullptr;
    std::vector<ZipMember> m_members;
};

} // namespace vs::services::detail
