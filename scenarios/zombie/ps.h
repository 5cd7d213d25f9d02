#pragma once
// `ps` for the process lessons (zombie, orphan, process-states): what the kernel
// says about a process, read from /proc/<pid>/stat. Reading /proc changes nothing
// in the run, so it is no step point; what it shows is the kernel's own view — the
// STAT letter and PPID that `ps` and `top` print.

#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace proclab::scenarios::ps {

struct Stat {
    int pid = 0;
    std::string comm; // the command name, as ps shows it in brackets
    char state = '?'; // R running or ready, S/D blocked (sleeping), T stopped, Z zombie
    int ppid = 0;
};

// /proc/<pid>/stat: "pid (comm) state ppid ...". Nothing when no such process is
// left (it has been reaped).
inline std::optional<Stat> stat(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!in || !std::getline(in, line))
        return std::nullopt;
    const auto open = line.find('(');
    const auto close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 4 > line.size())
        return std::nullopt;
    Stat s;
    s.pid = pid;
    s.comm = line.substr(open + 1, close - open - 1);
    s.state = line[close + 2];
    s.ppid = std::atoi(line.c_str() + close + 4);
    return s;
}

// Every process whose parent is `ppid` (what `ps --ppid` lists).
inline std::vector<Stat> children(int ppid) {
    std::vector<Stat> out;
    DIR* proc = opendir("/proc");
    if (proc == nullptr)
        return out;
    while (const dirent* entry = readdir(proc)) {
        const int pid = std::atoi(entry->d_name);
        if (pid <= 0)
            continue;
        if (auto s = stat(pid); s && s->ppid == ppid)
            out.push_back(*s);
    }
    closedir(proc);
    return out;
}

// One line as `ps -o pid,ppid,stat,cmd` would print it; a zombie is "<defunct>".
inline std::string line(const Stat& s) {
    std::string text = "PID " + std::to_string(s.pid) + "  PPID " + std::to_string(s.ppid) +
                       "  STAT " + std::string(1, s.state) + "  [" + s.comm + "]";
    if (s.state == 'Z')
        text += " <defunct>";
    return text;
}

// The diagram's name for a STAT letter.
inline const char* stateZh(char state) {
    switch (state) {
    case 'R': return "运行态或就绪态";
    case 'S':
    case 'D': return "阻塞态";
    case 'Z': return "终止态（僵尸，等父进程回收）";
    case 'T':
    case 't': return "被暂停";
    default: return "已不存在";
    }
}
inline const char* stateEn(char state) {
    switch (state) {
    case 'R': return "running or ready";
    case 'S':
    case 'D': return "blocked";
    case 'Z': return "terminated (a zombie, waiting for its parent to reap it)";
    case 'T':
    case 't': return "stopped";
    default: return "gone";
    }
}

} // namespace proclab::scenarios::ps
