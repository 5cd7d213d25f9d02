#!/usr/bin/env bash
# Sets up everything ProcLab needs on a fresh Debian machine, builds it and starts it:
# the window when there is a display, otherwise the default lesson in the terminal.
set -euo pipefail
cd "$(dirname "$0")"

scripts/deps.sh

cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)"

exec build/app/proclab "$@"
