#pragma once
// Field bundles (docs/bundles.md): one zip file, `visitscore.bundle/1`, that carries a
// shopper's assignments and the scorecard versions they need from the consultancy to the
// shopper (kind "assignments"), or a shopper's submitted visits and every photo back (kind
// "visits"). Every member but the manifest is named in the manifest with its SHA-256, and is
// checked against it before anything is stored. A bad bundle is an InputError whose file is the
// bundle and whose place is the member (and within it the JSON path).

#include "forms/progress.h"
#include "storage/store.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace vs::services {

/// The format name every bundle's manifest carries.
inline constexpr const char* kBundleFormat = "visitscore.bundle/1";

/// Limits a reader enforces (zip bombs, oversized members): a member larger than these, once
/// uncompressed, is refused before it is read.
inline constexpr std::uint64_t kMaxJsonMember = 512ull << 20; ///< manifest, assignments, visits
inline constexpr std::uint64_t kMaxPhotoMember = 64ull << 20; ///< one photo
inline constexpr std::uint64_t kMaxBundleTotal = 64ull << 30; ///< all members together

/// A bundle's manifest.json.
struct BundleManifest {
    std::string format = kBundleFormat;
    std::string kind;       ///< "assignments" or "visits"
    std::string created_at; ///< UTC, ISO 8601 with Z
    std::string from;       ///< who wrote it: the consultancy's name or the shopper's code
    std::map<std::string, std::int64_t> counts; ///< assignments, templates / visits, photos
    std::map<std::string, std::string> sha256;  ///< member name -> lower-case hex digest
};

/// What a bundle job wrote or stored.
struct BundleReport {
    std::size_t assignments = 0;      ///< written, or stored (new or updated)
    std::size_t templates = 0;        ///< written, or newly stored
    std::size_t visits_added = 0;     ///< written (return bundle), or newly stored
    std::size_t visits_unchanged = 0; ///< already stored, identical: a no-op
    std::size_t photos_added = 0;     ///< written, or newly stored
    std::size_t photos_unchanged = 0; ///< already stored with that visit
    std::uint64_t bytes = 0;          ///< size of the bundle file
};

/// Which assignments go into an assignment bundle.
struct AssignmentBundleRequest {
    std::string shopper; ///< the shopper's code (required)
    std::string client;  ///< one client's name; empty: every client with that shopper code
    std::string from;    ///< manifest "from" (the consultancy); empty: "consultancy"
};

/// Which visits go into a return bundle.
struct ReturnBundleRequest {
    std::string shopper;     ///< only this shopper's visits; empty: every shopper's
    bool unsent_only = true; ///< only submitted visits not in an earlier return bundle
    std::string from;        ///< manifest "from"; empty: the shopper code
};

/// Reads and checks a bundle's manifest (format, kind, the member list): InputError otherwise.
BundleManifest read_bundle_manifest(const std::string& path);

/// Writes an assignment bundle of one shopper: their offered and accepted assignments (of one
/// client, or of all), the client's branches, regions and the shopper as the shopper's
/// database needs them, and the exact scorecard versions. InputError when the shopper has no
/// such assignment. The file is written beside `path` and renamed over it.
BundleReport write_assignment_bundle(storage::Store& store, const std::string& path,
                                     const AssignmentBundleRequest& request,
                                     Progress* progress = nullptr);

/// Opens an assignment bundle in a shopper's database: checks every member first, then stores
/// the organisation entries, the templates that are missing and the assignments (an assignment
/// the shopper already accepted, declined or visited keeps its status). Idempotent.
BundleReport open_assignment_bundle(storage::Store& store, const std::string& path,
                                    Progress* progress = nullptr);

/// Writes a return bundle: the submitted visits the request selects (a visitscore.visits/1
/// package with their assignment and evidence) and every photo of them, streamed visit by
/// visit. Records in the database which visits it wrote (for `unsent_only`). InputError when
/// no visit is selected.
BundleReport write_return_bundle(storage::Store& store, const std::string& path,
                                 const ReturnBundleRequest& request, Progress* progress = nullptr);

/// Imports a return bundle into the consultancy's database, all or nothing in one transaction:
/// every member's SHA-256 checked (a bad one rejects the bundle naming the member), visits
/// idempotent by uuid (a changed visit under a known uuid is a conflict naming the uuid, nothing
/// stored), their assignments marked visited, photos stored with their hash and capture time
/// unless that visit already has that photo. Photos are read one at a time from the zip.
BundleReport import_return_bundle(storage::Store& store, const std::string& path,
                                  Progress* progress = nullptr);

} // namespace vs::services
