#pragma once
// Subcommands of the `proclab` executable. Each takes the arguments after its name
// (argv[0] is the subcommand) and returns the process exit code.

namespace proclab::app {

int schedCommand(int argc, char** argv);
int runCommand(int argc, char** argv);
int listCommand(int argc, char** argv);

} // namespace proclab::app
