#include "engine/mp/message.h"

#include "engine/mp/errors.h"

#include <cstdio>
#include <cstring>

namespace proclab::mp {

Message Message::bytes(std::string raw) {
    Message m;
    m.value_ = Raw{std::move(raw)};
    return m;
}

Message::Kind Message::kind() const {
    return static_cast<Kind>(value_.index());
}

bool Message::toBool() const {
    switch (kind()) {
    case Kind::None: return false;
    case Kind::Bool: return std::get<bool>(value_);
    case Kind::Int: return std::get<int64_t>(value_) != 0;
    case Kind::Float: return std::get<double>(value_) != 0;
    default: return !str().empty();
    }
}

int64_t Message::toInt() const {
    if (const auto* i = std::get_if<int64_t>(&value_))
        return *i;
    if (const auto* b = std::get_if<bool>(&value_))
        return *b ? 1 : 0;
    if (const auto* f = std::get_if<double>(&value_))
        return static_cast<int64_t>(*f);
    throw ValueError("message " + repr() + " is not a number");
}

double Message::toFloat() const {
    if (const auto* f = std::get_if<double>(&value_))
        return *f;
    return static_cast<double>(toInt());
}

const std::string& Message::str() const {
    if (const auto* s = std::get_if<std::string>(&value_))
        return *s;
    if (const auto* raw = std::get_if<Raw>(&value_))
        return raw->data;
    throw ValueError("message " + repr() + " is not text");
}

std::string Message::repr() const {
    switch (kind()) {
    case Kind::None: return "None";
    case Kind::Bool: return std::get<bool>(value_) ? "True" : "False";
    case Kind::Int: return std::to_string(std::get<int64_t>(value_));
    case Kind::Float: {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", std::get<double>(value_));
        std::string text = buffer;
        if (text.find_first_of(".einn") == std::string::npos)
            text += ".0";
        return text;
    }
    case Kind::Str: return "'" + std::get<std::string>(value_) + "'";
    case Kind::Bytes: return "b'" + std::get<Raw>(value_).data + "'";
    }
    return "?";
}

arena::MessageSlot Message::toSlot() const {
    arena::MessageSlot slot{};
    slot.kind = static_cast<uint8_t>(kind());
    switch (kind()) {
    case Kind::None: break;
    case Kind::Bool: slot.u.i = std::get<bool>(value_) ? 1 : 0; break;
    case Kind::Int: slot.u.i = std::get<int64_t>(value_); break;
    case Kind::Float: slot.u.f = std::get<double>(value_); break;
    case Kind::Str:
    case Kind::Bytes: {
        const std::string& text = str();
        if (text.size() >= sizeof slot.u.text)
            throw ValueError("queue items are limited to 55 bytes of text");
        std::memcpy(slot.u.text, text.data(), text.size());
        slot.length = static_cast<uint16_t>(text.size());
        break;
    }
    }
    return slot;
}

Message Message::fromSlot(const arena::MessageSlot& slot) {
    switch (static_cast<Kind>(slot.kind)) {
    case Kind::None: return {};
    case Kind::Bool: return Message(slot.u.i != 0);
    case Kind::Int: return Message(static_cast<long long>(slot.u.i));
    case Kind::Float: return Message(slot.u.f);
    case Kind::Str:
        return Message(std::string(slot.u.text, std::min<std::size_t>(slot.length, 55)));
    case Kind::Bytes:
        return Message::bytes(std::string(slot.u.text, std::min<std::size_t>(slot.length, 55)));
    }
    return {};
}

std::string Message::encode() const {
    std::string wire(1, static_cast<char>(kind()));
    switch (kind()) {
    case Kind::None: break;
    case Kind::Bool: wire.push_back(std::get<bool>(value_) ? 1 : 0); break;
    case Kind::Int: {
        const int64_t v = std::get<int64_t>(value_);
        wire.append(reinterpret_cast<const char*>(&v), sizeof v);
        break;
    }
    case Kind::Float: {
        const double v = std::get<double>(value_);
        wire.append(reinterpret_cast<const char*>(&v), sizeof v);
        break;
    }
    case Kind::Str:
    case Kind::Bytes: wire += str(); break;
    }
    return wire;
}

Message Message::decode(std::string_view wire) {
    if (wire.empty())
        throw ValueError("empty message");
    const auto kind = static_cast<Kind>(wire[0]);
    const std::string_view body = wire.substr(1);
    switch (kind) {
    case Kind::None: return {};
    case Kind::Bool: return Message(!body.empty() && body[0] != 0);
    case Kind::Int: {
        int64_t v = 0;
        if (body.size() != sizeof v)
            throw ValueError("malformed int message");
        std::memcpy(&v, body.data(), sizeof v);
        return Message(static_cast<long long>(v));
    }
    case Kind::Float: {
        double v = 0;
        if (body.size() != sizeof v)
            throw ValueError("malformed float message");
        std::memcpy(&v, body.data(), sizeof v);
        return Message(v);
    }
    case Kind::Str: return Message(std::string(body));
    case Kind::Bytes: return Message::bytes(std::string(body));
    }
    throw ValueError("unknown message kind");
}

} // namespace proclab::mp
