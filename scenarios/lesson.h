#pragma once
// What a lesson is: its texts in Chinese and English, its parameters, the code a
// student sees (with a marker on each process's current line), and the function that
// runs as the lesson's main process. No Qt: the engine runs lessons, the window and
// the command line read their descriptions.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace proclab::scenarios {

enum class Language { Zh, En };

struct Text {
    std::string zh;
    std::string en;
    const std::string& in(Language language) const { return language == Language::Zh ? zh : en; }
};

enum class Topic { Processes, Locks, Ipc, Synchronization, Pools, Scheduling };
std::string_view topicId(Topic topic);
const Text& topicTitle(Topic topic);

struct ParamSpec {
    enum class Kind { Int, Real, Bool, Choice };
    std::string name;
    Kind kind = Kind::Int;
    double min = 0;
    double max = 0;
    double defaultValue = 0;          // Bool: 0/1; Choice: index into choices
    std::vector<std::string> choices; // Choice
    Text description;
};

// Parameter values of one run, by name (numbers; a bool is 0/1, a choice its index).
class Params {
public:
    int integer(std::string_view name) const;
    double real(std::string_view name) const;
    bool flag(std::string_view name) const;
    const std::string& choice(std::string_view name) const;

    void set(const std::string& name, double value) { values_[name] = value; }
    const std::map<std::string, double, std::less<>>& values() const { return values_; }
    void setSpecs(const std::vector<ParamSpec>* specs) { specs_ = specs; }

private:
    double value(std::string_view name) const;
    std::map<std::string, double, std::less<>> values_;
    const std::vector<ParamSpec>* specs_ = nullptr;
};

struct Lesson {
    std::string id;
    Topic topic = Topic::Processes;
    int order = 0; // place within its topic in the lesson browser
    Text title;
    Text summary;  // what it shows, in a sentence or two
    Text watch;    // what to watch while it runs
    Text question; // to ask the class before running it
    Text answer;   // what the run teaches
    Text race;     // where the tutorial has a race: the grant order that makes it happen
    std::vector<ParamSpec> params;
    std::string_view source;     // the lesson's code, shown in the window
    std::string_view sourceFile; // __FILE__ of that code, as trace records name it
    void (*run)(const Params&) = nullptr;

    const ParamSpec* param(std::string_view name) const;
    Params defaults() const;
    // Applies "name=value" settings over the defaults. On a bad one, returns a
    // one-line message naming the parameter and its allowed range.
    std::string apply(const std::vector<std::string>& settings, Params& params) const;
};

const std::vector<Lesson>& allLessons();
const Lesson* findLesson(std::string_view id);

} // namespace proclab::scenarios
