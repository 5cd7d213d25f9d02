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
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs" --target engine_tests
ctest --preset asan
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target engine_tests
# KNOWN DEFECT (open, issue 2): under TSan one stepped ticket run in tst_engine_step
# was seen to hang until its safety timeout; it is excluded here until found.
ctest --preset tsan -E tst_engine_step
