#include "exports/pseudonym.h"

#include <cstdint>
#include <cstring>

namespace vs::exports {
namespace {

std::uint64_t rotl(std::uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}

} // namespace

std::uint64_t siphash24(std::uint64_t k0, std::uint64_t k1, std::string_view data) {
    std::uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
    std::uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
    std::uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
    std::uint64_t v3 = 0x7465646279746573ULL ^ k1;
    auto round = [&] {
        v0 += v1;
        v1 = rotl(v1, 13);
        v1 ^= v0;
        v0 = rotl(v0, 32);
        v2 += v3;
        v3 = rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotl(v1, 17);
        v1 ^= v2;
        v2 = rotl(v2, 32);
    };
    const std::size_t n = data.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t m = 0;
        for (int b = 7; b >= 0; --b)
            m = (m << 8) | static_cast<unsigned char>(data[i + static_cast<std::size_t>(b)]);
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
    std::uint64_t last = static_cast<std::uint64_t>(n & 0xff) << 56;
    for (std::size_t b = 0; i + b < n; ++b)
        last |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i + b])) << (8 * b);
    v3 ^= last;
    round();
    round();
    v0 ^= last;
    v2 ^= 0xff;
    round();
    round();
    round();
    round();
    return v0 ^ v1 ^ v2 ^ v3;
}

std::string staff_pseudonym(std::string_view key, std::string_view client, std::string_view code) {
    // The 128-bit SipHash key is derived from the key text with two fixed keys.
    const std::uint64_t k0 = siphash24(0x56697369745363ULL, 0x6f72652d6b6579ULL, key);
    const std::uint64_t k1 = siphash24(0x70736575646f6eULL, 0x796d2d6b657931ULL, key);
    std::string message(client);
    message += '\0';
    message += code;
    std::uint64_t h = siphash24(k0, k1, message);
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford
    std::string out = "Staff ";
    for (int i = 0; i < 6; ++i) {
        out += kAlphabet[h & 31];
        h >>= 5;
    }
    return out;
}

} // namespace vs::exports
