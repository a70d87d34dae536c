#pragma once
// Internal to the storage backends: the large arrays a read of many visits fills (facts,
// section values) are a few hundred MB that nothing touched before, and each page's first touch
// is a fault into the kernel, which zeroes it: on the virtual machines measured, most of a large
// read's own CPU time. A read makes as little fresh memory as it can, and has the pages of an
// array two threads fill made present on both threads first.
//
// They are not asked onto transparent huge pages (MADV_HUGEPAGE), which halved the faults but
// not their cost: on a guest whose kernel reports free memory to its host (virtio-balloon free
// page reporting), a free 2 MB block is the unit given back, so a huge page is the memory most
// likely to be missing on the host and to fault there too. Measured on such a machine: the
// branch x month report at 1M spent 0.6-0.9 s zeroing huge pages after another process had run,
// 0.2-0.3 s on 4 KB pages.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace vs::storage {

/// Makes the kernel map (and zero) the pages of the room `v` has reserved for its elements
/// `from` to `to` (whole pages within it): the work of a first touch, done ahead (a thread each
/// for parts of a large array, which one thread then fills). Advice only: nothing happens on a
/// kernel without it (before Linux 5.14).
template <typename T> void populate(const std::vector<T>& v, std::size_t from, std::size_t to) {
#ifdef MADV_POPULATE_WRITE
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto base = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t first = (base + from * sizeof(T) + page - 1) & ~(page - 1);
    const std::uintptr_t last = (base + std::min(to, v.capacity()) * sizeof(T)) & ~(page - 1);
    if (v.data() && last > first)
        static_cast<void>(
            ::madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE));
#else
    static_cast<void>(v);
    static_cast<void>(from);
    static_cast<void>(to);
#endif
}

} // namespace vs::storage
