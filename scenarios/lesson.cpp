#include "scenarios/lesson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace proclab::scenarios {

std::string_view topicId(Topic topic) {
    switch (topic) {
    case Topic::Processes: return "processes";
    case Topic::Locks: return "locks";
    case Topic::Ipc: return "ipc";
    case Topic::Synchronization: return "synchronization";
    case Topic::Pools: return "pools";
    case Topic::Scheduling: return "scheduling";
    }
    return "?";
}

const Text& topicTitle(Topic topic) {
    static const Text titles[] = {
        {"进程", "Processes"},
        {"锁", "Locks"},
        {"进程间通信", "Inter-process communication"},
        {"同步", "Synchronization"},
        {"进程池", "Pools"},
        {"进程调度", "Scheduling"},
    };
    return titles[static_cast<int>(topic)];
}

double Params::value(std::string_view name) const {
    const auto it = values_.find(name);
    if (it == values_.end())
        throw std::out_of_range("lesson parameter '" + std::string(name) + "' is not defined");
    return it->second;
}

int Params::integer(std::string_view name) const {
    return static_cast<int>(std::lround(value(name)));
}
double Params::real(std::string_view name) const {
    return value(name);
}
bool Params::flag(std::string_view name) const {
    return value(name) != 0;
}

const std::string& Params::choice(std::string_view name) const {
    const auto index = static_cast<std::size_t>(integer(name));
    if (specs_ != nullptr)
        for (const auto& spec : *specs_)
            if (spec.name == name && index < spec.choices.size())
                return spec.choices[index];
    throw std::out_of_range("lesson parameter '" + std::string(name) + "' is not a choice");
}

const ParamSpec* Lesson::param(std::string_view name) const {
    for (const auto& spec : params)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

Params Lesson::defaults() const {
    Params p;
    p.setSpecs(&params);
    for (const auto& spec : params)
        p.set(spec.name, spec.defaultValue);
    return p;
}

namespace {

std::string describe(const ParamSpec& spec) {
    std::ostringstream out;
    switch (spec.kind) {
    case ParamSpec::Kind::Int: out << "an integer from " << spec.min << " to " << spec.max; break;
    case ParamSpec::Kind::Real: out << "a number from " << spec.min << " to " << spec.max; break;
    case ParamSpec::Kind::Bool: out << "true or false"; break;
    case ParamSpec::Kind::Choice: {
        out << "one of ";
        for (std::size_t i = 0; i < spec.choices.size(); ++i)
            out << (i ? ", " : "") << spec.choices[i];
        break;
    }
    }
    return out.str();
}

bool parseNumber(std::string_view text, double& out) {
    if (text.empty())
        return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size() && std::isfinite(out);
}

} // namespace

std::string Lesson::apply(const std::vector<std::string>& settings, Params& p) const {
    p.setSpecs(&params);
    for (const std::string& setting : settings) {
        const auto eq = setting.find('=');
        if (eq == std::string::npos || eq == 0)
            return "bad setting '" + setting + "': expected name=value";
        const std::string name = setting.substr(0, eq);
        const std::string text = setting.substr(eq + 1);
        const ParamSpec* spec = param(name);
        if (spec == nullptr) {
            std::string known;
            for (const auto& s : params)
                known += (known.empty() ? "" : ", ") + s.name;
            return "lesson '" + id + "' has no parameter '" + name +
                   "' (parameters: " + (known.empty() ? "none" : known) + ")";
        }
        double value = 0;
        bool ok = false;
        switch (spec->kind) {
        case ParamSpec::Kind::Bool:
            ok = text == "true" || text == "false" || text == "1" || text == "0";
            value = (text == "true" || text == "1") ? 1 : 0;
            break;
        case ParamSpec::Kind::Choice: {
            const auto it = std::find(spec->choices.begin(), spec->choices.end(), text);
            ok = it != spec->choices.end();
            value = static_cast<double>(it - spec->choices.begin());
            break;
        }
        case ParamSpec::Kind::Int:
            ok = parseNumber(text, value) && value == std::floor(value) && value >= spec->min &&
                 value <= spec->max;
            break;
        case ParamSpec::Kind::Real:
            ok = parseNumber(text, value) && value >= spec->min && value <= spec->max;
            break;
        }
        if (!ok)
            return "parameter '" + name + "' must be " + describe(*spec) + ", not '" + text + "'";
        p.set(name, value);
    }
    return {};
}

const Lesson* findLesson(std::string_view id) {
    for (const auto& lesson : allLessons())
        if (lesson.id == id)
            return &lesson;
    return nullptr;
}

} // namespace proclab::scenarios
