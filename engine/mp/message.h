#pragma once
// A small typed value that travels through queues and pipes: what Python would
// pickle, kept to the types the lessons need, with a Python-like text form for the
// viewer ("None", "3", "'包子1'").

#include "engine/arena/layout.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace proclab::mp {

class Message {
public:
    enum class Kind : uint8_t { None = 0, Bool = 1, Int = 2, Float = 3, Str = 4, Bytes = 5 };

    Message() = default;
    Message(std::nullptr_t) {}
    Message(bool value) : value_(value) {}
    Message(int value) : value_(int64_t{value}) {}
    Message(long value) : value_(int64_t{value}) {}
    Message(long long value) : value_(static_cast<int64_t>(value)) {}
    Message(double value) : value_(value) {}
    Message(const char* text) : value_(std::string(text)) {}
    Message(std::string text) : value_(std::move(text)) {}
    Message(std::string_view text) : value_(std::string(text)) {}
    static Message bytes(std::string raw);

    Kind kind() const;
    bool isNone() const { return kind() == Kind::None; }
    bool toBool() const;
    int64_t toInt() const;
    double toFloat() const;
    const std::string& str() const; // Str or Bytes
    std::string repr() const;       // Python's repr()

    bool operator==(const Message& other) const = default;

    // Fixed-size form for queues in the arena; throws ValueError when the text does
    // not fit (55 bytes).
    arena::MessageSlot toSlot() const;
    static Message fromSlot(const arena::MessageSlot& slot);
    // Variable-size wire form for pipes.
    std::string encode() const;
    static Message decode(std::string_view wire);

private:
    struct Raw {
        std::string data;
        bool operator==(const Raw&) const = default;
    };
    std::variant<std::monostate, bool, int64_t, double, std::string, Raw> value_;
};

} // namespace proclab::mp
