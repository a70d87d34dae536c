#include "services/bundle.h"

#include "forms/error.h"
#include "forms/json_io.h"
#include "forms/template.h"
#include "forms/visit.h"
#include "services/assignment_json.h"
#include "services/bundle_zip.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace vs::services {

using detail::ZipMember;
using detail::ZipReader;
using detail::ZipWriter;
using nlohmann::json;

namespace {

constexpr const char* kSentSetting = "bundle.sent"; ///< {uuid: updated_at} of sent visits

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string text_of(const std::vector<unsigned char>& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

/// A JSON member's text, checked against the manifest's SHA-256.
std::string read_checked_text(ZipReader& zip, const BundleManifest& manifest,
                              const std::string& name) {
    const ZipMember* m = zip.find(name);
    if (!m)
        throw InputError(zip.path(), name, "is missing (the manifest lists it)");
    std::string sha;
    std::string text = text_of(zip.read(*m, kMaxJsonMember, sha));
    if (sha != manifest.sha256.at(name))
        throw InputError(zip.path(), name,
                         "does not match its SHA-256 in manifest.json (the bundle was changed "
                         "or damaged after it was written)");
    return text;
}

BundleManifest parse_manifest(ZipReader& zip) {
    const std::string file = zip.path();
    const ZipMember* m = zip.find("manifest.json");
    if (!m)
        throw InputError(file, "manifest.json", "is missing: this is not a VisitScore bundle");
    std::string sha;
    const std::string text = text_of(zip.read(*m, kMaxJsonMember, sha));
    json doc;
    try {
        doc = forms::parse_json_strict(text, file);
    } catch (const InputError& e) {
        throw InputError(file, "manifest.json " + e.where(), e.message());
    }
    auto fail = [&](const std::string& field, const std::string& what) -> void {
        throw InputError(file, "manifest.json " + field, what);
    };
    if (!doc.is_object())
        fail("", "must be a JSON object");
    auto str = [&](const char* key) {
        auto it = doc.find(key);
        if (it == doc.end() || !it->is_string())
            fail(key, "must be a string");
        return it->get<std::string>();
    };
    BundleManifest out;
    out.format = str("format");
    if (out.format != kBundleFormat)
        fail("format", "\"" + out.format + "\" is not " + kBundleFormat +
                           " (a bundle of another version or another program)");
    out.kind = str("kind");
    if (out.kind != "assignments" && out.kind != "visits")
        fail("kind", "\"" + out.kind + "\" is neither \"assignments\" nor \"visits\"");
    out.created_at = str("created_at");
    out.from = str("from");
    if (auto it = doc.find("counts"); it != doc.end() && it->is_object())
        for (const auto& [k, v] : it->items())
            if (v.is_number_integer())
                out.counts[k] = v.get<std::int64_t>();
    auto sums = doc.find("sha256");
    if (sums == doc.end() || !sums->is_object())
        fail("sha256", "must be an object of member names and their SHA-256");
    for (const auto& [k, v] : sums->items()) {
        if (!v.is_string() || v.get<std::string>().size() != 64)
            fail("sha256." + k, "must be 64 hexadecimal digits");
        if (!detail::is_bundle_member_name(k) || k == "manifest.json")
            fail("sha256." + k, "names no member a bundle may hold");
        out.sha256[k] = v.get<std::string>();
        if (!zip.find(k))
            throw InputError(file, k, "is missing (manifest.json lists it)");
    }
    for (const ZipMember& member : zip.members())
        if (member.name != "manifest.json" && !out.sha256.count(member.name))
            throw InputError(file, member.name,
                             "is not listed in manifest.json (a member without its SHA-256 is "
                             "never read)");
    const char* main = out.kind == "assignments" ? "assignments.json" : "visits.json";
    if (!out.sha256.count(main))
        throw InputError(file, main, "is missing: a bundle of kind \"" + out.kind + "\" holds it");
    return out;
}

/// A bundle open for reading, its manifest read.
struct OpenedBundle {
    std::unique_ptr<ZipReader> zip;
    BundleManifest manifest;
};

/// Opens the bundle at `path` and reads its manifest; refuses it, saying what it is instead and
/// where it belongs, unless its kind is `kind` ("assignments" or "visits").
OpenedBundle open_bundle(const std::string& path, const std::string& kind) {
    OpenedBundle b{std::make_unique<ZipReader>(path), {}};
    b.manifest = parse_manifest(*b.zip);
    if (b.manifest.kind != kind)
        throw InputError(path, "manifest.json kind",
                         "is \"" + b.manifest.kind + "\": " +
                             (kind == "assignments"
                                  ? "this is a return bundle of visits (import it at the "
                                    "consultancy), not an assignment bundle"
                                  : "this is an assignment bundle (open it in the shopper's "
                                    "database), not a return bundle of visits"));
    return b;
}

std::string manifest_text(const BundleManifest& m) {
    json doc = {{"format", m.format}, {"kind", m.kind},     {"created_at", m.created_at},
                {"from", m.from},     {"counts", m.counts}, {"sha256", m.sha256}};
    return doc.dump(2) + "\n";
}

std::string template_member(const std::string& id, int version) {
    return "templates/" + id + "-" + std::to_string(version) + ".json";
}

/// Assignments a shopper still has to make.
bool to_do(const std::string& status) {
    return status == "offered" || status == "accepted" || status == "overdue";
}

std::uint64_t file_size(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return 0;
    std::fseek(f, 0, SEEK_END);
    const long n = std::ftell(f);
    std::fclose(f);
    return n < 0 ? 0 : static_cast<std::uint64_t>(n);
}

std::string opt_string(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

BundleManifest read_bundle_manifest(const std::string& path) {
    ZipReader zip(path);
    return parse_manifest(zip);
}

// --- Assignment bundles -----------------------------------------------------------------------

BundleReport write_assignment_bundle(storage::Store& store, const std::string& path,
                                     const AssignmentBundleRequest& request, Progress* progress) {
    if (request.shopper.empty())
        throw InputError("", "--shopper", "a shopper code is needed");
    storage::AssignmentFilter filter;
    filter.client = request.client;
    filter.shopper = request.shopper;
    // The work to do, and what was cancelled, so that the shopper's list drops it.
    std::vector<storage::Assignment> items;
    std::size_t work = 0;
    for (storage::Assignment& a : store.assignments(filter))
        if (to_do(a.status) || a.status == "cancelled") {
            work += to_do(a.status);
            items.push_back(std::move(a));
        }
    if (!work)
        throw InputError("", "--shopper",
                         "shopper \"" + request.shopper +
                             "\" has no offered or accepted "
                             "assignment" +
                             (request.client.empty() ? "" : " of \"" + request.client + "\""));
    if (progress)
        progress->start("Writing the assignment bundle", items.size());

    // The organisation entries the shopper's database needs, per client.
    json clients = json::array();
    std::set<std::string> client_names;
    for (const storage::Assignment& a : items)
        client_names.insert(a.client);
    for (const std::string& client : client_names) {
        std::optional<std::int64_t> client_id;
        for (const storage::OrgEntity& c :
             store.org_list(storage::OrgKind::Client, std::nullopt, true, false))
            if (c.name == client)
                client_id = c.id;
        std::set<std::string> used;
        for (const storage::Assignment& a : items)
            if (a.client == client)
                used.insert(a.branch);
        json branches = json::array();
        std::set<std::string> regions;
        for (const storage::OrgEntity& b :
             store.org_list(storage::OrgKind::Branch, client_id, true, false))
            if (used.count(b.code)) {
                branches.push_back({{"code", b.code}, {"name", b.name}, {"region", b.parent}});
                if (!b.parent.empty())
                    regions.insert(b.parent);
            }
        json shopper = {{"code", request.shopper}, {"name", ""}};
        for (const storage::OrgEntity& s :
             store.org_list(storage::OrgKind::Shopper, client_id, true, false))
            if (s.code == request.shopper)
                shopper["name"] = s.name;
        clients.push_back(
            {{"name", client}, {"regions", regions}, {"branches", branches}, {"shopper", shopper}});
    }

    json list = json::array();
    std::set<std::pair<std::string, int>> templates;
    for (const storage::Assignment& a : items) {
        json j = assignment_to_json(a);
        j["status"] = a.stored_status.empty() ? a.status : a.stored_status;
        list.push_back(std::move(j));
        templates.emplace(a.template_id, a.template_version);
    }
    const std::string assignments_text =
        json{{"shopper", request.shopper}, {"clients", clients}, {"assignments", list}}.dump(2) +
        "\n";

    BundleManifest manifest;
    manifest.kind = "assignments";
    manifest.created_at = utc_now();
    manifest.from = request.from.empty() ? "consultancy" : request.from;
    manifest.counts = {{"assignments", static_cast<std::int64_t>(items.size())},
                       {"templates", static_cast<std::int64_t>(templates.size())}};
    ZipWriter zip(path);
    std::vector<std::pair<std::string, std::string>> members;
    members.emplace_back("assignments.json", assignments_text);
    for (const auto& [id, version] : templates) {
        auto tpl = store.find_template(id, version);
        if (!tpl)
            throw InputError("", "assignment template",
                             "scorecard " + id + " version " + std::to_string(version) +
                                 " is not stored");
        members.emplace_back(template_member(id, version),
                             forms::template_to_json(*tpl).dump(2) + "\n");
    }
    for (const auto& [name, text] : members)
        manifest.sha256[name] = detail::sha256_hex(text.data(), text.size());
    zip.add_text("manifest.json", manifest_text(manifest));
    for (auto& [name, text] : members)
        zip.add_text(name, std::move(text));
    zip.close();
    if (progress) {
        progress->update(items.size());
        progress->finish();
    }
    BundleReport report;
    report.assignments = items.size();
    report.templates = templates.size();
    report.bytes = file_size(path);
    return report;
}

BundleReport open_assignment_bundle(storage::Store& store, const std::string& path,
                                    Progress* progress) {
    OpenedBundle bundle = open_bundle(path, "assignments");
    ZipReader& zip = *bundle.zip;
    const BundleManifest& manifest = bundle.manifest;
    if (progress)
        progress->start("Opening the assignment bundle", manifest.sha256.size());
    std::size_t step = 0;
    // Every member is read and checked before anything is stored.
    const std::string text = read_checked_text(zip, manifest, "assignments.json");
    std::vector<std::pair<forms::Template, std::string>> templates;
    for (const auto& [name, sum] : manifest.sha256) {
        if (name.rfind("templates/", 0) != 0)
            continue;
        const std::string where = path + ": " + name;
        templates.emplace_back(forms::parse_template(read_checked_text(zip, manifest, name), where),
                               where);
        if (progress && !progress->update(++step))
            throw Cancelled{};
    }
    json doc;
    try {
        doc = forms::parse_json_strict(text, path);
    } catch (const InputError& e) {
        throw InputError(path, "assignments.json " + e.where(), e.message());
    }
    auto bad = [&](const std::string& where, const std::string& what) {
        return InputError(path, "assignments.json " + where, what);
    };
    if (!doc.is_object() || !doc.contains("assignments") || !doc["assignments"].is_array() ||
        !doc.contains("clients") || !doc["clients"].is_array())
        throw bad("", "must be an object with \"clients\" and \"assignments\" arrays");

    std::vector<storage::OrgImportRow> clients, regions, branches, shoppers;
    for (std::size_t i = 0; i < doc["clients"].size(); ++i) {
        const json& c = doc["clients"][i];
        const std::string at = forms::json_path("clients", i);
        if (!c.is_object() || opt_string(c, "name").empty())
            throw bad(at, "must be an object with a \"name\"");
        const std::string name = opt_string(c, "name");
        clients.push_back({"", "", name, ""});
        if (c.contains("regions") && c["regions"].is_array())
            for (const json& r : c["regions"])
                if (r.is_string())
                    regions.push_back({name, "", r.get<std::string>(), ""});
        if (c.contains("branches") && c["branches"].is_array())
            for (const json& b : c["branches"])
                if (b.is_object())
                    branches.push_back({name, opt_string(b, "code"), opt_string(b, "name"),
                                        opt_string(b, "region")});
        if (c.contains("shopper") && c["shopper"].is_object())
            shoppers.push_back(
                {name, opt_string(c["shopper"], "code"), opt_string(c["shopper"], "name"), ""});
    }
    std::vector<storage::Assignment> items;
    const json& list = doc["assignments"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& j = list[i];
        const std::string at = forms::json_path("assignments", i);
        if (!j.is_object())
            throw bad(at, "must be an object");
        storage::Assignment a;
        a.uuid = opt_string(j, "uuid");
        a.client = opt_string(j, "client");
        a.branch = opt_string(j, "branch");
        a.template_id = opt_string(j, "template");
        a.template_version = j.value("template_version", 0);
        a.scenario = opt_string(j, "scenario");
        a.window_from = opt_string(j, "window_from");
        a.window_to = opt_string(j, "window_to");
        a.shopper = opt_string(j, "shopper");
        a.status = opt_string(j, "status");
        a.note = opt_string(j, "note");
        if (j.contains("fee_cents") && j["fee_cents"].is_number_integer())
            a.fee_cents = j["fee_cents"].get<std::int64_t>();
        if (a.uuid.empty() || a.client.empty() || a.branch.empty() || a.template_id.empty())
            throw bad(at, "needs uuid, client, branch and template");
        // What the shopper did with it stays (accepted, declined, visited), unless the
        // consultancy cancelled it since; a visit made for it is never forgotten.
        if (auto known = store.assignment(a.uuid)) {
            const std::string& was = known->stored_status; // accepted, also when overdue
            const bool kept = was == "accepted" || was == "declined" || was == "visited";
            if (kept && (a.status != "cancelled" || was == "visited"))
                a.status = was;
            a.visit_uuid = known->visit_uuid;
        }
        if (a.status == "overdue")
            a.status = "offered";
        items.push_back(std::move(a));
    }
    if (!clients.empty())
        store.org_import(storage::OrgKind::Client, clients);
    if (!regions.empty())
        store.org_import(storage::OrgKind::Region, regions);
    if (!branches.empty())
        store.org_import(storage::OrgKind::Branch, branches);
    if (!shoppers.empty())
        store.org_import(storage::OrgKind::Shopper, shoppers);
    BundleReport report;
    std::vector<std::pair<forms::Template, std::string>> missing;
    for (auto& t : templates)
        if (!store.find_template(t.first.id, t.first.version))
            missing.push_back(std::move(t));
    if (!missing.empty())
        store.add_templates(missing);
    report.templates = missing.size();
    try {
        store.put_assignments(items, "bundle");
    } catch (const InputError& e) {
        throw InputError(path, "assignments.json " + e.where(), e.message());
    }
    report.assignments = items.size();
    report.bytes = file_size(path);
    if (progress)
        progress->finish();
    return report;
}

// --- Return bundles ---------------------------------------------------------------------------

BundleReport write_return_bundle(storage::Store& store, const std::string& path,
                                 const ReturnBundleRequest& request, Progress* progress) {
    storage::VisitListQuery query;
    query.status = forms::Status::Submitted;
    std::vector<std::int64_t> ids = store.visit_ids(query);
    std::reverse(ids.begin(), ids.end()); // oldest first
    json sent = json::object();
    {
        const std::string s = store.setting(kSentSetting, "{}");
        try {
            sent = json::parse(s);
        } catch (const json::exception&) {
            sent = json::object();
        }
        if (!sent.is_object())
            sent = json::object();
    }
    if (progress)
        progress->start("Reading visits", ids.size());
    // visits.json is built in memory (about 2 KB a visit); photos are read while the zip is
    // written, one at a time.
    std::string visits_text = "{\n  \"format\": \"visitscore.visits/1\",\n  \"visits\": [";
    struct Photo {
        std::int64_t id;
        std::string sha256;
    };
    std::vector<Photo> photos;
    std::unordered_set<std::string> photo_names;
    std::map<std::string, std::string> now_sent;
    BundleReport report;
    std::string shopper_seen;
    std::size_t done = 0;
    for (std::int64_t id : ids) {
        storage::StoredVisit sv = store.load_visit(id);
        if (progress && ++done % 64 == 0 && !progress->update(done))
            throw Cancelled{};
        if (!request.shopper.empty() && sv.visit.shopper != request.shopper)
            continue;
        if (request.unsent_only && sent.contains(sv.visit.uuid) &&
            sent[sv.visit.uuid] == sv.updated_at)
            continue;
        json v = sv.visit.to_json();
        json attachments = json::array();
        for (const storage::AttachmentInfo& a : store.attachments(id)) {
            std::string sha = a.sha256;
            if (sha.empty()) { // stored before hashes were kept
                std::vector<unsigned char> data = store.attachment_data(a.id);
                sha = detail::sha256_hex(data.data(), data.size());
            }
            json att = {{"question", a.question},
                        {"name", a.name},
                        {"mime", a.mime},
                        {"sha256", sha},
                        {"size", a.size}};
            if (!a.captured_at.empty())
                att["captured_at"] = a.captured_at;
            attachments.push_back(std::move(att));
            if (photo_names.insert(sha).second)
                photos.push_back({a.id, sha});
        }
        if (!attachments.empty())
            v["attachments"] = std::move(attachments);
        visits_text += report.visits_added ? ",\n    " : "\n    ";
        visits_text += v.dump();
        ++report.visits_added;
        now_sent[sv.visit.uuid] = sv.updated_at;
        shopper_seen = sv.visit.shopper;
    }
    visits_text += "\n  ]\n}\n";
    if (progress)
        progress->finish();
    if (!report.visits_added)
        throw InputError("", "visits",
                         std::string("there is no submitted visit") +
                             (request.shopper.empty() ? "" : " of shopper " + request.shopper) +
                             (request.unsent_only ? " that was not sent before (--all sends "
                                                    "them again)"
                                                  : "") +
                             "; nothing was written");

    BundleManifest manifest;
    manifest.kind = "visits";
    manifest.created_at = utc_now();
    manifest.from = !request.from.empty()      ? request.from
                    : !request.shopper.empty() ? request.shopper
                                               : shopper_seen;
    manifest.counts = {{"visits", static_cast<std::int64_t>(report.visits_added)},
                       {"photos", static_cast<std::int64_t>(photos.size())}};
    manifest.sha256["visits.json"] = detail::sha256_hex(visits_text.data(), visits_text.size());
    for (const Photo& p : photos)
        manifest.sha256["photos/" + p.sha256] = p.sha256;
    ZipWriter zip(path);
    zip.add_text("manifest.json", manifest_text(manifest));
    zip.add_text("visits.json", std::move(visits_text));
    if (progress)
        progress->start("Writing photos", photos.size());
    std::size_t written = 0;
    for (const Photo& p : photos)
        zip.add_lazy("photos/" + p.sha256, [&store, &written, progress, p, path] {
            std::vector<unsigned char> data = store.attachment_data(p.id);
            if (detail::sha256_hex(data.data(), data.size()) != p.sha256)
                throw InputError(path, "photos/" + p.sha256,
                                 "the stored photo no longer matches its SHA-256");
            if (progress && !progress->update(++written))
                throw std::runtime_error("cancelled");
            return data;
        });
    try {
        zip.close();
    } catch (const InputError& e) {
        if (e.message() == "cancelled")
            throw Cancelled{};
        throw;
    }
    if (progress)
        progress->finish();
    report.photos_added = photos.size();
    report.bytes = file_size(path);
    for (const auto& [uuid, updated] : now_sent)
        sent[uuid] = updated;
    store.set_setting(kSentSetting, sent.dump());
    return report;
}

BundleReport import_return_bundle(storage::Store& store, const std::string& path,
                                  Progress* progress) {
    OpenedBundle bundle = open_bundle(path, "visits");
    ZipReader& zip = *bundle.zip;
    const BundleManifest& manifest = bundle.manifest;
    const std::string text = read_checked_text(zip, manifest, "visits.json");
    const std::string file = path + ": visits.json";

    struct PhotoRef {
        std::string visit_uuid;
        storage::ImportedPhoto photo; // data read later, one at a time
        std::uint64_t size = 0;
    };
    std::vector<PhotoRef> refs;
    std::vector<std::pair<std::string, std::string>> visited; // assignment uuid, visit uuid
    std::unordered_set<std::string> uuids;

    // Assignments already marked visited stay as they are (a bundle imported again changes
    // nothing, not even a row version); read before the batch, which then has the store alone.
    std::set<std::pair<std::string, std::string>> already_visited; // assignment, visit
    {
        storage::AssignmentFilter visited_filter;
        visited_filter.status = "visited";
        for (const storage::Assignment& a : store.assignments(visited_filter))
            already_visited.emplace(a.uuid, a.visit_uuid);
    }

    BundleReport report;
    auto batch = store.visit_import_batch();
    // The visits are parsed on the store's worker thread while the ones before are written;
    // their photo lists and assignments are kept aside (small) for the steps after.
    const storage::ImportReport imported = batch->import_visit_stream(
        [&](const forms::VisitSink& sink) {
            std::size_t index = 0;
            std::optional<InputError> first_error;
            json top = forms::parse_json_strict(
                text, file, "visits", [&](json&& element, std::size_t end) {
                    const std::size_t i = index++;
                    if (first_error)
                        return;
                    const std::string where = forms::json_path("visits", i);
                    try {
                        json atts = json::array();
                        std::string assignment;
                        if (element.is_object()) {
                            if (auto it = element.find("attachments"); it != element.end())
                                atts = std::move(*it);
                            assignment = opt_string(element, "assignment");
                        }
                        forms::Visit v = forms::visit_from_json(std::move(element), file, where);
                        if (!uuids.insert(v.uuid).second)
                            throw InputError(file, forms::json_path(where, "uuid"),
                                             "\"" + v.uuid + "\" appears twice in this bundle");
                        if (!atts.is_array())
                            throw InputError(file, forms::json_path(where, "attachments"),
                                             "must be an array");
                        for (std::size_t k = 0; k < atts.size(); ++k) {
                            const json& a = atts[k];
                            const std::string at =
                                forms::json_path(forms::json_path(where, "attachments"), k);
                            const std::string sha = a.is_object() ? opt_string(a, "sha256") : "";
                            if (!manifest.sha256.count("photos/" + sha))
                                throw InputError(file, forms::json_path(at, "sha256"),
                                                 "names no photo of the bundle (photos/" + sha +
                                                     " is not in manifest.json)");
                            PhotoRef ref;
                            ref.visit_uuid = v.uuid;
                            ref.photo.question = opt_string(a, "question");
                            ref.photo.name = opt_string(a, "name");
                            ref.photo.mime = opt_string(a, "mime");
                            ref.photo.sha256 = sha;
                            ref.photo.captured_at = opt_string(a, "captured_at");
                            refs.push_back(std::move(ref));
                        }
                        // Visited once the visit is handed in: a draft (or a visit returned
                        // to the shopper) leaves its assignment as it is.
                        if (!assignment.empty() && (v.status == forms::Status::Submitted ||
                                                    v.status == forms::Status::Approved))
                            visited.emplace_back(assignment, v.uuid);
                        sink(std::move(v), end);
                    } catch (const InputError& e) {
                        first_error = e;
                    }
                });
            if (first_error)
                throw *first_error;
            auto fmt = top.find("format");
            if (fmt == top.end() || *fmt != "visitscore.visits/1")
                throw InputError(file, "format", "must be \"visitscore.visits/1\"");
        },
        text.size(), file, progress);
    report.visits_added = imported.added;
    report.visits_unchanged = imported.unchanged;

    // Photos: each member read, checked against its name and the manifest, stored, freed.
    if (progress)
        progress->start("Storing photos", refs.size());
    std::set<std::string> read_ok;
    std::size_t done = 0;
    for (const PhotoRef& ref : refs) {
        const std::string name = "photos/" + ref.photo.sha256;
        const ZipMember* m = zip.find(name);
        if (!m)
            throw InputError(path, name, "is missing (the manifest lists it)");
        storage::ImportedPhoto photo = ref.photo;
        std::string sha;
        std::vector<unsigned char> data = zip.read(*m, kMaxPhotoMember, sha);
        if (sha != ref.photo.sha256 || sha != manifest.sha256.at(name))
            throw InputError(path, name,
                             "does not match its SHA-256 (the bundle was changed or damaged "
                             "after it was written)");
        photo.data = std::move(data);
        ++(batch->add_photo(ref.visit_uuid, photo) ? report.photos_added : report.photos_unchanged);
        read_ok.insert(name);
        if (progress && !progress->update(++done))
            throw Cancelled{};
    }
    // Every member is checked, also a photo no visit names.
    for (const auto& [name, sum] : manifest.sha256) {
        if (name.rfind("photos/", 0) != 0 || read_ok.count(name))
            continue;
        std::string sha;
        zip.read(*zip.find(name), kMaxPhotoMember, sha);
        if (sha != sum || name != "photos/" + sha)
            throw InputError(path, name, "does not match its SHA-256");
    }
    for (const auto& [assignment, visit] : visited) {
        if (already_visited.count({assignment, visit}))
            continue;
        try {
            batch->mark_assignment_visited(assignment, visit, "bundle");
        } catch (const InputError& e) {
            throw InputError(file, "visit " + visit + ".assignment", e.message());
        }
    }
    batch->commit();
    if (progress)
        progress->finish();
    report.bytes = file_size(path);
    return report;
}

} // namespace vs::services
