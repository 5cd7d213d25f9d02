#pragma once
// Room for big per-job arrays. A million-job run writes a few hundred MB once; on a virtual
// machine a page fault per 4 KiB costs more than the simulation itself, so the space is reserved
// in one piece (no copying as it grows) and the kernel is asked to back it with transparent huge
// pages (one fault per 2 MiB) where it allows that. Reserved but untouched memory costs nothing.

#include <cstddef>
#include <vector>

namespace proclab::sched {

// A hint only: does nothing for small blocks or where huge pages are not available.
void adviseHugePages(void* data, std::size_t bytes);

template <typename T> void reserveLarge(std::vector<T>& array, std::size_t count) {
    array.reserve(count);
    adviseHugePages(array.data(), array.capacity() * sizeof(T));
}

// A vector of `count` copies of `value`, laid out as reserveLarge does.
template <typename T> std::vector<T> largeArray(std::size_t count, const T& value = T{}) {
    std::vector<T> array;
    reserveLarge(array, count);
    array.assign(count, value);
    return array;
}

} // namespace proclab::sched
