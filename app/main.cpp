// proclab: the window (once gui/ lands) or a command-line subcommand.
#include "app/commands.h"

#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

void printUsage(std::FILE* out) {
    std::fputs("usage: proclab <command> [options]\n"
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
        printUsage(stderr);
        return 2;
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
