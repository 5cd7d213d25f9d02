// proclab: the window (once gui/ lands) or a command-line subcommand.
#include "app/commands.h"

#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

void printUsage(std::FILE* out) {
    std::fputs(
        "usage: proclab <command> [options]\n"
        "\n"
        "commands:\n"
        "  list    the lessons\n"
        "  run     run a lesson on real processes, without a window; see 'proclab run --help'\n"
        "  sched   CPU-scheduling simulator (and --real mode); see 'proclab sched --help'\n",
        out);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        // The window (gui/) is not part of this build yet: run the default lesson in
        // the terminal, as on a machine without a display, and say how to go on.
        std::fputs("ProcLab: the window is not part of this build yet; running the default lesson\n"
                   "(tickets) in the terminal. 'proclab list' lists the lessons, 'proclab run "
                   "--help' explains the options.\n\n",
                   stdout);
        std::fflush(stdout);
        char run[] = "run";
        char lesson[] = "tickets";
        char* args[] = {run, lesson, nullptr};
        return proclab::app::runCommand(2, args);
    }
    const std::string_view command = argv[1];
    if (command == "sched")
        return proclab::app::schedCommand(argc - 1, argv + 1);
    if (command == "run")
        return proclab::app::runCommand(argc - 1, argv + 1);
    if (command == "list")
        return proclab::app::listCommand(argc - 1, argv + 1);
    if (command == "-h" || command == "--help") {
        printUsage(stdout);
        return 0;
    }
    std::fprintf(stderr, "proclab: unknown command '%s'\n", argv[1]);
    printUsage(stderr);
    return 2;
}
