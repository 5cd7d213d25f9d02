#include "engine/mp/file.h"

#include "engine/mp/detail/objects.h"
#include "engine/mp/detail/runtime.h"
#include "engine/mp/detail/waiting.h"
#include "engine/mp/message.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace proclab::mp {
namespace {

using detail::ObjectGuard;
using detail::rt;
using trace::Op;
using trace::Phase;

[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// The content as viewers see it (its first 55 bytes; a file being rewritten is "").
void mirror(uint32_t id, const std::string& text) {
    detail::Runtime& r = rt();
    ObjectGuard guard(*r.arena, id);
    arena::ObjectSlot& obj = guard.object();
    auto* slot = reinterpret_cast<arena::MessageSlot*>(r.arena->data(obj.dataOffset));
    *slot = Message(text.substr(0, 55)).toSlot();
    obj.itemCount.store(1, std::memory_order_relaxed);
    obj.count.store(static_cast<int64_t>(text.size()), std::memory_order_relaxed);
}

void writeAll(int fd, const std::string& text, const std::string& path) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("write " + path);
        done += static_cast<std::size_t>(n);
    }
}

} // namespace

File::File(std::string path, const std::string& initial, std::string name,
           std::source_location where)
    : path_(std::move(path)), id_(detail::createObject(arena::ObjectKind::File, name, where)) {
    detail::Runtime& r = rt();
    arena::ObjectSlot& obj = r.arena->object(id_);
    obj.dataOffset = r.arena->allocData(sizeof(arena::MessageSlot));
    obj.itemCapacity = 1;
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("open " + path_);
    writeAll(fd, initial, path_);
    ::close(fd);
    mirror(id_, initial);
}

std::string File::read(std::source_location where) {
    detail::stepPoint(Op::Read, id_, where);
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("open " + path_);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("read " + path_);
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    detail::emit(Op::Read, Phase::Instant, id_, static_cast<int64_t>(text.size()), where);
    return text;
}

void File::write(const std::string& text, std::source_location where) {
    // open('db', 'w'): the file is empty from here on...
    detail::stepPoint(Op::Write, id_, where);
    const int fd = ::open(path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        fail("open " + path_);
    mirror(id_, {});
    detail::emit(Op::Write, Phase::Begin, id_, 0, where);
    // ...until json.dump's text is written.
    detail::stepPoint(Op::Write, id_, where);
    writeAll(fd, text, path_);
    ::close(fd);
    mirror(id_, text);
    detail::emit(Op::Write, Phase::End, id_, static_cast<int64_t>(text.size()), where);
}

void File::replace(const std::string& text, std::source_location where) {
    detail::stepPoint(Op::Write, id_, where);
    const std::string temporary = path_ + ".tmp" + std::to_string(rt().pid);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("open " + temporary);
    writeAll(fd, text, temporary);
    ::close(fd);
    if (::rename(temporary.c_str(), path_.c_str()) != 0)
        fail("rename " + temporary);
    mirror(id_, text);
    detail::emit(Op::Write, Phase::Instant, id_, static_cast<int64_t>(text.size()), where);
}

} // namespace proclab::mp
