#pragma once
// Internal to the storage backends: the large arrays a read of many visits fills (facts,
// section values) are asked to sit on the kernel's transparent huge pages. Such a read writes a
// few hundred MB that nothing touched before; on 4 KB pages every first touch of a page is a
// fault into the kernel (on a virtual machine, a good part of the read's own CPU time), on
// 2 MB pages one in 512.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sys/mman.h>
#include <vector>

namespace vs::storage {

/// Asks for huge pages for the room `v` has reserved (its capacity; call it after reserve and
/// before the values are written: only pages not yet touched change). Advice only: nothing
/// happens where the kernel gives none, or for a room smaller than one huge page.
template <typename T> void prefer_huge_pages(const std::vector<T>& v) {
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t end = begin + v.capacity() * sizeof(T);
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t last = end & ~(kHuge - 1);
    if (v.data() && last > first)
        static_cast<void>(::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE));
}

/// Makes the kernel map (and zero) the pages of the first `count` elements' room that `v` has
/// reserved, from `from` to `to` of them: the work of a first touch, done ahead (a thread each
/// for parts of a large array, which one thread then fills). Advice only: nothing happens on a
/// kernel without it (before Linux 5.14).
template <typename T> void populate(const std::vector<T>& v, std::size_t from, std::size_t to) {
#ifdef MADV_POPULATE_WRITE
    constexpr std::uintptr_t kPage = 4096;
    const auto base = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t first = (base + from * sizeof(T) + kPage - 1) & ~(kPage - 1);
    const std::uintptr_t last = (base + std::min(to, v.capacity()) * sizeof(T)) & ~(kPage - 1);
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
