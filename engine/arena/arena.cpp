#include "engine/arena/arena.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace proclab::arena {
namespace {

constexpr uint64_t alignUp(uint64_t value, uint64_t alignment) {
    return (value + alignment - 1) / alignment * alignment;
}

[[noreturn]] void throwErrno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void copyName(char* out, std::size_t capacity, std::string_view name) {
    const std::size_t n = std::min(name.size(), capacity - 1);
    std::memcpy(out, name.data(), n);
    out[n] = '\0';
}

} // namespace

uint64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

void initSharedMutex(pthread_mutex_t& mutex) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&mutex, &attr);
    pthread_mutexattr_destroy(&attr);
}

bool lockShared(pthread_mutex_t& mutex) {
    const int rc = pthread_mutex_lock(&mutex);
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(&mutex);
        return true;
    }
    if (rc != 0)
        throw std::system_error(rc, std::generic_category(), "arena guard");
    return false;
}

Arena Arena::create(const ArenaConfig& config) {
    if (config.ringCapacity == 0 || (config.ringCapacity & (config.ringCapacity - 1)) != 0)
        throw std::invalid_argument("arena ring capacity must be a power of two");
    if (config.maxProcs < 2 || config.maxObjects == 0)
        throw std::invalid_argument("arena needs at least two process slots and one object");

    const uint64_t headerBytes = alignUp(sizeof(ArenaHeader), 4096);
    const uint64_t procOffset = headerBytes;
    const uint64_t objectOffset =
        alignUp(procOffset + uint64_t{config.maxProcs} * sizeof(ProcSlot), 4096);
    const uint64_t fileOffset =
        alignUp(objectOffset + uint64_t{config.maxObjects} * sizeof(ObjectSlot), 4096);
    const uint64_t ringsOffset =
        alignUp(fileOffset + uint64_t{config.maxFiles} * sizeof(FileName), 4096);
    const uint64_t ringBytes = uint64_t{config.ringCapacity} * sizeof(trace::TraceRecord);
    const uint64_t dataOffset = alignUp(ringsOffset + uint64_t{config.maxProcs} * ringBytes, 4096);
    const uint64_t total = alignUp(dataOffset + config.dataBytes, 4096);

    Arena arena;
    arena.fd_ = memfd_create("proclab-arena", MFD_CLOEXEC);
    if (arena.fd_ < 0)
        throwErrno("memfd_create");
    if (ftruncate(arena.fd_, static_cast<off_t>(total)) != 0)
        throwErrno("ftruncate arena");
    arena.base_ = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_SHARED, arena.fd_, 0);
    if (arena.base_ == MAP_FAILED) {
        arena.base_ = nullptr;
        throwErrno("mmap arena");
    }
    arena.size_ = total;

    // A fresh memfd reads as zeros: only non-zero fields need writing. Objects are
    // constructed in place so that their atomics begin their lifetime properly.
    auto* header = new (arena.base_) ArenaHeader{};
    header->magic = kMagic;
    header->version = kLayoutVersion;
    header->totalBytes = total;
    header->headerBytes = static_cast<uint32_t>(headerBytes);
    header->maxProcs = config.maxProcs;
    header->maxObjects = config.maxObjects;
    header->ringCapacity = config.ringCapacity;
    header->maxFiles = config.maxFiles;
    header->recordBytes = sizeof(trace::TraceRecord);
    header->procTableOffset = procOffset;
    header->objectTableOffset = objectOffset;
    header->fileTableOffset = fileOffset;
    header->ringsOffset = ringsOffset;
    header->dataOffset = dataOffset;
    header->dataBytes = total - dataOffset;
    header->hostPid = getpid();
    header->maxProcesses = config.maxProcesses;
    header->runStartNs = static_cast<int64_t>(monotonicNs());
    initSharedMutex(header->fileTableGuard);
    for (uint32_t i = 0; i < config.maxProcs; ++i) {
        auto* slot = new (&arena.proc(i)) ProcSlot{};
        slot->waitObject = kNone;
        slot->waitPrev = slot->waitNext = kNone;
        slot->parentSlot = kNone;
        slot->curObject.store(kNone, std::memory_order_relaxed);
    }
    header->procHighWater.store(2, std::memory_order_relaxed);
    ProcSlot& host = arena.proc(kHostSlot);
    host.state.store(static_cast<uint32_t>(SlotState::Live), std::memory_order_relaxed);
    host.pid.store(getpid(), std::memory_order_relaxed);
    host.flags = kFlagHost;
    copyName(host.name, sizeof host.name, "proclab-engine");
    return arena;
}

Arena Arena::attach(int fd, bool writable) {
    Arena arena;
    ArenaHeader probe{};
    if (pread(fd, &probe, sizeof probe, 0) != static_cast<ssize_t>(sizeof probe))
        throwErrno("read arena header");
    if (probe.magic != kMagic || probe.version != kLayoutVersion)
        throw std::runtime_error("not a ProcLab arena of layout version " +
                                 std::to_string(kLayoutVersion));
    const int prot = writable ? PROT_READ | PROT_WRITE : PROT_READ;
    arena.base_ = mmap(nullptr, probe.totalBytes, prot, MAP_SHARED, fd, 0);
    if (arena.base_ == MAP_FAILED) {
        arena.base_ = nullptr;
        throwErrno("mmap arena");
    }
    arena.size_ = probe.totalBytes;
    arena.fd_ = dup(fd);
    return arena;
}

Arena::Arena(Arena&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)),
      fd_(std::exchange(other.fd_, -1)) {}

Arena& Arena::operator=(Arena&& other) noexcept {
    if (this != &other) {
        this->~Arena();
        base_ = std::exchange(other.base_, nullptr);
        size_ = std::exchange(other.size_, 0);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

Arena::~Arena() {
    if (base_ != nullptr)
        munmap(base_, size_);
    if (fd_ >= 0)
        close(fd_);
    base_ = nullptr;
    fd_ = -1;
}

ProcSlot& Arena::proc(uint32_t slot) const {
    auto* bytes = static_cast<std::byte*>(base_) + header().procTableOffset;
    return reinterpret_cast<ProcSlot*>(bytes)[slot];
}

ObjectSlot& Arena::object(uint32_t id) const {
    auto* bytes = static_cast<std::byte*>(base_) + header().objectTableOffset;
    return reinterpret_cast<ObjectSlot*>(bytes)[id];
}

trace::TraceRecord* Arena::ring(uint32_t slot) const {
    auto* bytes = static_cast<std::byte*>(base_) + header().ringsOffset;
    return reinterpret_cast<trace::TraceRecord*>(bytes) + std::size_t{slot} * header().ringCapacity;
}

std::byte* Arena::data(uint64_t offset) const {
    return static_cast<std::byte*>(base_) + header().dataOffset + offset;
}

std::string_view Arena::fileName(uint16_t id) const {
    if (id >= header().fileCount.load(std::memory_order_acquire))
        return {};
    auto* bytes = static_cast<std::byte*>(base_) + header().fileTableOffset;
    const auto& entry = reinterpret_cast<const FileName*>(bytes)[id];
    return {entry.path, strnlen(entry.path, sizeof entry.path)};
}

uint32_t Arena::objectCount() const {
    return std::min(header().objectCount.load(std::memory_order_acquire), header().maxObjects);
}

uint32_t Arena::allocProc() {
    ArenaHeader& h = header();
    for (uint32_t i = kMainSlot; i < h.maxProcs; ++i) {
        ProcSlot& slot = proc(i);
        uint32_t state = slot.state.load(std::memory_order_acquire);
        const bool reusable = state == static_cast<uint32_t>(SlotState::Free) ||
                              state == static_cast<uint32_t>(SlotState::Drained);
        if (reusable &&
            slot.state.compare_exchange_strong(state, static_cast<uint32_t>(SlotState::Reserved),
                                               std::memory_order_acq_rel)) {
            slot.generation.fetch_add(1, std::memory_order_relaxed);
            slot.pid.store(0, std::memory_order_relaxed);
            slot.exitCode.store(0, std::memory_order_relaxed);
            slot.lessonState.store(static_cast<uint32_t>(LessonState::New),
                                   std::memory_order_relaxed);
            slot.curObject.store(kNone, std::memory_order_relaxed);
            slot.joinTarget.store(0, std::memory_order_relaxed);
            slot.granted.store(0, std::memory_order_relaxed);
            slot.waitObject = kNone;
            slot.waitPrev = slot.waitNext = kNone;
            for (auto& end : slot.openEnds)
                end.store(0, std::memory_order_relaxed);
            // The ring was fully drained before the slot became reusable.
            const uint64_t tail = slot.ringTail.load(std::memory_order_acquire);
            slot.ringHead.store(tail, std::memory_order_relaxed);
            slot.writerWaiting.store(0, std::memory_order_relaxed);
            slot.fillNotified.store(0, std::memory_order_relaxed);
            uint32_t high = h.procHighWater.load(std::memory_order_relaxed);
            while (high <= i && !h.procHighWater.compare_exchange_weak(high, i + 1)) {
            }
            return i;
        }
    }
    return kNone;
}

uint32_t Arena::allocObject(ObjectKind kind, std::string_view name, uint32_t creatorSlot) {
    ArenaHeader& h = header();
    const uint32_t id = h.objectCount.fetch_add(1, std::memory_order_acq_rel);
    if (id >= h.maxObjects)
        return kNone;
    ObjectSlot& obj = *new (&object(id)) ObjectSlot{};
    initSharedMutex(obj.guard);
    copyName(obj.name, sizeof obj.name, name);
    obj.creatorSlot = creatorSlot;
    for (auto& list : obj.waits)
        list = WaitListHeader{kNone, kNone, 0, 0};
    for (auto& holder : obj.holders)
        holder = Holder{kNone, 0};
    obj.kind.store(static_cast<uint32_t>(kind), std::memory_order_release);
    return id;
}

uint64_t Arena::allocData(uint64_t bytes) {
    ArenaHeader& h = header();
    const uint64_t size = alignUp(bytes, 64);
    const uint64_t offset = h.dataUsed.fetch_add(size, std::memory_order_relaxed);
    if (offset + size > h.dataBytes)
        return kNoData;
    return offset;
}

uint16_t Arena::internFile(const char* path) {
    ArenaHeader& h = header();
    const std::string_view wanted{path};
    auto* table = reinterpret_cast<FileName*>(static_cast<std::byte*>(base_) + h.fileTableOffset);
    lockShared(h.fileTableGuard);
    const uint32_t count = h.fileCount.load(std::memory_order_relaxed);
    // Keep the tail of long paths: it names the file.
    const std::string_view stored = wanted.size() < kFileNameBytes
                                        ? wanted
                                        : wanted.substr(wanted.size() - (kFileNameBytes - 1));
    uint16_t id = 0xFFFF;
    for (uint32_t i = 0; i < count; ++i) {
        if (stored == std::string_view{table[i].path}) {
            id = static_cast<uint16_t>(i);
            break;
        }
    }
    if (id == 0xFFFF && count < h.maxFiles) {
        copyName(table[count].path, kFileNameBytes, stored);
        h.fileCount.store(count + 1, std::memory_order_release);
        id = static_cast<uint16_t>(count);
    }
    pthread_mutex_unlock(&h.fileTableGuard);
    return id;
}

} // namespace proclab::arena
