#pragma once
// Internal to the storage backends: the large arrays a read of many visits fills (facts,
// section values) are asked to sit on the kernel's transparent huge pages. Such a read writes a
// few hundred MB that nothing touched before; on 4 KB pages every first touch of a page is a
// fault into the kernel (on a virtual machine, a good part of the read's own CPU time), on
// 2 MB pages one in 512.

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

} // namespace vs::storage
