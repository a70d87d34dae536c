#pragma once
// Many visits for the tests of large reads: copies of a few model visits.

#include "forms/visit.h"

#include <cstdio>
#include <string>
#include <vector>

namespace vs::test {

/// `copies` rounds of `models` (the model's place in the uuid), each copy with a uuid of its own
/// (`tag`, one hex digit, keeps the sets of different tests apart) and a date unlike its order,
/// every other round for the client "Other Client": enough of them (16,384 or more) and a
/// server shares a read between two connections.
inline std::vector<forms::Visit> visit_copies(const std::vector<forms::Visit>& models, int copies,
                                              char tag) {
    std::vector<forms::Visit> visits;
    visits.reserve(models.size() * static_cast<std::size_t>(copies));
    for (int i = 0; i < copies; ++i)
        for (std::size_t m = 0; m < models.size(); ++m) {
            forms::Visit v = models[m];
            char text[64];
            std::snprintf(text, sizeof text, "00000000-0000-4000-%c%03d-%012d", tag,
                          static_cast<int>(m), i);
            v.uuid = text;
            std::snprintf(text, sizeof text, "2026-%02d-%02dT10:00:00", 1 + (i * 7) % 10,
                          1 + (i * 13) % 28);
            v.visited_at = text;
            if (i % 2 == 1)
                v.client = "Other Client";
            visits.push_back(std::move(v));
        }
    return visits;
}

} // namespace vs::test
