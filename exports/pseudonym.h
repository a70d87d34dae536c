#pragma once
// Stable staff pseudonyms for client reports (--pseudonymise-staff).
//
// "Staff " + 6 characters of Crockford base32 taken from SipHash-2-4 of "client\0code", keyed
// with a secret. No lookup table is stored: the same key gives the same pseudonym for the same
// employee in every report, so trends can be followed across reports; without the key, a
// pseudonym cannot be linked back to a code, even by trying every plausible code. 30 bits keep
// collisions unlikely (about 1 in 2,000 for 1,000 staff of one client).

#include <cstdint>
#include <string>
#include <string_view>

namespace vs::exports {

/// The pseudonym of an employee code of a client under `key`.
std::string staff_pseudonym(std::string_view key, std::string_view client, std::string_view code);

/// SipHash-2-4 of `data` under a 128-bit key (k0, k1).
std::uint64_t siphash24(std::uint64_t k0, std::uint64_t k1, std::string_view data);

} // namespace vs::exports
