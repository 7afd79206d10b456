#!/usr/bin/env bash
# Runs every test: the Maven reactor (unit, golden-parity and end-to-end tests), then model/'s Python tests.
# GUI tests need a display; without one, Maven runs under a virtual X server when xvfb-run exists.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn_cmd=(mvn -B verify "$@")
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a "${mvn_cmd[@]}"
else
    "${mvn_cmd[@]}"
fi

if [ -d model/tests ]; then
    /usr/bin/python3 -m unittest discover -s model/tests -v
fi
