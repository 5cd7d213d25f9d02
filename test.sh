#!/usr/bin/env bash
# Sets up everything ProcLab needs on a fresh Debian machine, builds it and runs the
# whole test suite: every suite once, then the engine suites under ASan+UBSan and TSan.
set -euo pipefail
cd "$(dirname "$0")"

scripts/deps.sh

jobs=$(nproc)
cmake --preset default
cmake --build --preset default -j "$jobs"
ctest --preset default -j "$jobs"

# The engine suites again under the sanitizers (only the engine is rebuilt).
for preset in asan tsan; do
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs" --target engine_tests
    ctest --preset "$preset"
done
