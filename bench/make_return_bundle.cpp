// make_return_bundle: wraps a visit package (`visitscore-cli demo --package`) into a return
// bundle (docs/bundles.md) with generated photos, for the bundle import benchmark and the kill
// test. Photos are JPEG-framed pseudo-random bytes (incompressible, as real photos are), made
// twice from their seed (once for the manifest's SHA-256, once while the zip is written) so that
// memory stays flat whatever the bundle's size.
//
//   make_return_bundle PACKAGE OUT [PHOTOS_PER_VISIT [MIN_KB [MAX_KB [SEED]]]]

#include "forms/json_io.h"
#include "services/bundle.h"
#include "services/bundle_zip.h"

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

/// The photo `k` of visit `i`: a JPEG start marker, pseudo-random bytes, an end marker.
std::vector<unsigned char> photo(std::uint64_t seed, std::size_t i, std::size_t k,
                                 std::size_t min_kb, std::size_t max_kb) {
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull ^ (i * 1000003ull + k * 7919ull + 1);
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (int n = 0; n < 4; ++n)
        next();
    const std::size_t size = (min_kb + next() % (max_kb - min_kb + 1)) * 1024;
    std::vector<unsigned char> out(size);
    for (std::size_t p = 0; p + 8 <= size; p += 8) {
        const std::uint64_t v = next();
        for (int b = 0; b < 8; ++b)
            out[p + b] = static_cast<unsigned char>(v >> (8 * b));
    }
    out[0] = 0xFF, out[1] = 0xD8, out[size - 2] = 0xFF, out[size - 1] = 0xD9;
    return out;
}

} // namespace

int main(int argc, char** argv) {
    using nlohmann::json;
    namespace d = vs::services::detail;
    if (argc < 3) {
        std::cerr << "usage: make_return_bundle PACKAGE OUT [PHOTOS_PER_VISIT [MIN_KB [MAX_KB "
                     "[SEED]]]]\n";
        return 2;
    }
    const std::string package = argv[1], out = argv[2];
    const std::size_t per_visit = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 2;
    const std::size_t min_kb = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 30;
    const std::size_t max_kb = argc > 5 ? std::strtoul(argv[5], nullptr, 10) : 100;
    const std::uint64_t seed = argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 1;
    try {
        json doc = json::parse(vs::forms::read_file(package));
        json& visits = doc.at("visits");
        vs::services::BundleManifest manifest;
        manifest.kind = "visits";
        manifest.created_at = "2026-12-01T00:00:00Z";
        manifest.from = "bench";
        struct Member {
            std::size_t i, k;
            std::string sha;
        };
        std::vector<Member> photos;
        for (std::size_t i = 0; i < visits.size(); ++i) {
            json& v = visits[i];
            v["status"] = "submitted";
            json atts = json::array();
            for (std::size_t k = 0; k < per_visit; ++k) {
                std::vector<unsigned char> data = photo(seed, i, k, min_kb, max_kb);
                const std::string sha = d::sha256_hex(data.data(), data.size());
                atts.push_back({{"question", ""},
                                {"name", "photo-" + std::to_string(k + 1) + ".jpg"},
                                {"mime", "image/jpeg"},
                                {"sha256", sha},
                                {"size", data.size()},
                                {"captured_at", v.value("visited_at", "")}});
                photos.push_back({i, k, sha});
                manifest.sha256["photos/" + sha] = sha;
            }
            v["attachments"] = std::move(atts);
        }
        const auto n_visits = static_cast<std::int64_t>(visits.size());
        std::string text = doc.dump() + "\n";
        doc = json();
        manifest.sha256["visits.json"] = d::sha256_hex(text.data(), text.size());
        manifest.counts = {{"visits", n_visits},
                           {"photos", static_cast<std::int64_t>(photos.size())}};
        json m = {{"format", manifest.format},         {"kind", manifest.kind},
                  {"created_at", manifest.created_at}, {"from", manifest.from},
                  {"counts", manifest.counts},         {"sha256", manifest.sha256}};
        d::ZipWriter zip(out);
        zip.add_text("manifest.json", m.dump(2) + "\n");
        zip.add_text("visits.json", std::move(text));
        for (const Member& p : photos)
            zip.add_lazy("photos/" + p.sha, [=] { return photo(seed, p.i, p.k, min_kb, max_kb); });
        zip.close();
        std::cout << out << ": " << manifest.counts["visits"] << " visits, " << photos.size()
                  << " photos\n";
    } catch (const std::exception& e) {
        std::cerr << "make_return_bundle: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
