// proclab-engine: runs one lesson as its host. The viewer (`proclab`) spawns it with
// --control-fd; without one it prints the lesson's narrative to the terminal.
// Single-threaded on purpose: lesson processes are forked from here.
#include "app/engine_run.h"

int main(int argc, char** argv) {
    return proclab::host::engineMain(argc, argv);
}
