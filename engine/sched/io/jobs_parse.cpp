#include "engine/sched/io/jobs_parse.h"

#include "engine/sched/io/csv.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <climits>
#include <fstream>
#include <sstream>

namespace proclab::sched {

namespace {

using nlohmann::json;

constexpr std::string_view kFields[] = {"name",    "arrival", "length", "priority", "io_every",
                                        "io_time", "tickets", "nice",   "bursts"};

bool knownField(std::string_view name) {
    for (std::string_view field : kFields)
        if (field == name)
            return true;
    return false;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
    text = trim(text);
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end)
        return std::nullopt;
    return value;
}

JobsParseResult failure(std::string message) {
    return JobsParseResult{std::nullopt, std::move(message)};
}

// Stores one named field of a job from its text or JSON value. Returns an error or nothing.
class JobBuilder {
public:
    explicit JobBuilder(std::string where) : where_(std::move(where)) {}

    std::optional<std::string> setInteger(std::string_view field, std::int64_t value) {
        seen(field);
        if (field == "arrival")
            job_.arrival = value;
        else if (field == "length")
            job_.length = value;
        else if (field == "io_every")
            job_.ioEvery = value;
        else if (field == "io_time")
            job_.ioTime = value;
        else if (field == "priority" || field == "tickets" || field == "nice") {
            if (value < INT_MIN || value > INT_MAX)
                return where_ + ": " + std::string(field) + " " + std::to_string(value) +
                       " is out of range";
            int& target = field == "priority" ? job_.priority
                                              : (field == "tickets" ? job_.tickets : job_.nice);
            target = static_cast<int>(value);
        }
        return std::nullopt;
    }

    std::optional<std::string> setText(std::string_view field, std::string_view text) {
        if (field == "name") {
            seen(field);
            job_.name = std::string(trim(text));
            return std::nullopt;
        }
        if (field == "bursts")
            return setBurstText(text);
        const auto value = parseInteger(text);
        if (!value)
            return where_ + ": " + std::string(field) + " must be an integer, got '" +
                   std::string(trim(text)) + "'";
        return setInteger(field, *value);
    }

    std::optional<std::string> setBursts(std::vector<Time> bursts) {
        seen("bursts");
        job_.bursts = std::move(bursts);
        return std::nullopt;
    }

    // Fields every job needs.
    std::optional<std::string> finish(Job& out) {
        for (std::string_view field : {"name", "arrival"})
            if (!has(field))
                return where_ + ": missing field '" + std::string(field) + "'";
        if (!has("length") && !has("bursts"))
            return where_ + ": missing field 'length'";
        out = std::move(job_);
        return std::nullopt;
    }

private:
    std::optional<std::string> setBurstText(std::string_view text) {
        std::vector<Time> bursts;
        std::string spaced(text);
        for (char& c : spaced)
            if (c == ';')
                c = ' ';
        std::istringstream in(spaced);
        std::string word;
        while (in >> word) {
            const auto value = parseInteger(word);
            if (!value)
                return where_ + ": bursts must be integers separated by ';', got '" + word + "'";
            bursts.push_back(*value);
        }
        if (bursts.empty())
            return std::nullopt; // an empty cell: no explicit bursts
        return setBursts(std::move(bursts));
    }

    void seen(std::string_view field) { seen_.emplace_back(field); }
    bool has(std::string_view field) const {
        for (const std::string& name : seen_)
            if (name == field)
                return true;
        return false;
    }

    std::string where_;
    Job job_;
    std::vector<std::string> seen_;
};

std::optional<std::string> readJsonJob(const json& object, std::size_t index, Job& out) {
    const std::string where = "job " + std::to_string(index + 1);
    if (!object.is_object())
        return where + ": expected an object";
    JobBuilder builder(where);
    for (const auto& [key, value] : object.items()) {
        if (!knownField(key))
            return where + ": unknown field '" + key + "'";
        std::optional<std::string> error;
        if (key == "name") {
            if (!value.is_string())
                return where + ": name must be a string";
            error = builder.setText(key, value.get<std::string>());
        } else if (key == "bursts") {
            if (!value.is_array())
                return where + ": bursts must be an array of integers";
            std::vector<Time> bursts;
            for (const json& burst : value) {
                if (!burst.is_number_integer())
                    return where + ": bursts must be an array of integers";
                bursts.push_back(burst.get<std::int64_t>());
            }
            error = builder.setBursts(std::move(bursts));
        } else {
            if (!value.is_number_integer())
                return where + ": " + key + " must be an integer";
            error = builder.setInteger(key, value.get<std::int64_t>());
        }
        if (error)
            return error;
    }
    return builder.finish(out);
}

} // namespace

JobsParseResult parseJobList(std::string_view list) {
    Workload workload;
    std::size_t index = 0;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string_view entry = trim(list.substr(start, comma - start));
        start = comma + 1;
        ++index;
        const std::string where =
            "jobs entry " + std::to_string(index) + " '" + std::string(entry) + "'";
        std::vector<std::string_view> parts;
        for (std::size_t from = 0;;) {
            const std::size_t colon = entry.find(':', from);
            parts.push_back(entry.substr(from, colon - from));
            if (colon == std::string_view::npos)
                break;
            from = colon + 1;
        }
        if (parts.size() < 3 || parts.size() > 6)
            return failure(where +
                           ": expected name:arrival:length[:priority[:io_every[:io_time]]]");
        static constexpr std::string_view kPositions[] = {"name",     "arrival",  "length",
                                                          "priority", "io_every", "io_time"};
        JobBuilder builder(where);
        for (std::size_t i = 0; i < parts.size(); ++i)
            if (auto error = builder.setText(kPositions[i], parts[i]))
                return failure(*error);
        Job job;
        if (auto error = builder.finish(job))
            return failure(*error);
        workload.jobs.push_back(std::move(job));
    }
    return JobsParseResult{std::move(workload), {}};
}

JobsParseResult parseJobsJson(std::string_view text) {
    json document;
    try {
        document = json::parse(text);
    } catch (const json::parse_error& error) {
        return failure(std::string("invalid JSON: ") + error.what());
    }
    if (!document.is_object() || !document.contains("jobs") || !document["jobs"].is_array())
        return failure(R"(expected an object {"jobs": [...]})");
    for (const auto& [key, value] : document.items())
        if (key != "jobs")
            return failure("unknown top-level field '" + key + "'");
    Workload workload;
    const json& jobs = document["jobs"];
    workload.jobs.resize(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (auto error = readJsonJob(jobs[i], i, workload.jobs[i]))
            return failure(*error);
    return JobsParseResult{std::move(workload), {}};
}

JobsParseResult parseJobsCsv(std::string_view text) {
    CsvReader reader(text);
    std::vector<std::string> header;
    std::string error;
    if (!reader.nextRecord(header, error))
        return failure(error.empty() ? "empty CSV: expected a header line" : error);
    for (std::string& column : header) {
        column = std::string(trim(column));
        if (!knownField(column))
            return failure("unknown CSV column '" + column + "'");
    }
    Workload workload;
    std::vector<std::string> cells;
    while (reader.nextRecord(cells, error)) {
        const std::string where = "CSV line " + std::to_string(reader.lineNumber()) + " (job " +
                                  std::to_string(workload.jobs.size() + 1) + ")";
        if (cells.size() != header.size())
            return failure(where + ": expected " + std::to_string(header.size()) + " fields, got " +
                           std::to_string(cells.size()));
        JobBuilder builder(where);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (trim(cells[i]).empty() && header[i] != "name")
                continue; // optional field left blank
            if (auto problem = builder.setText(header[i], cells[i]))
                return failure(*problem);
        }
        Job job;
        if (auto problem = builder.finish(job))
            return failure(*problem);
        workload.jobs.push_back(std::move(job));
    }
    if (!error.empty())
        return failure(error);
    return JobsParseResult{std::move(workload), {}};
}

JobsParseResult loadJobsFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return failure("jobs file " + path + ": cannot open");
    std::ostringstream content;
    content << in.rdbuf();
    const std::string text = content.str();
    const bool isCsv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
    const bool isJson = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
    if (!isCsv && !isJson)
        return failure("jobs file " + path + ": expected a .json or .csv file");
    JobsParseResult result = isCsv ? parseJobsCsv(text) : parseJobsJson(text);
    if (!result.workload)
        result.error = "jobs file " + path + ": " + result.error;
    return result;
}

} // namespace proclab::sched
