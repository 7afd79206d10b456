#!/usr/bin/env bash
# Runs every test: the Maven reactor (unit, golden-parity and end-to-end tests), then model/'s Python tests.
# GUI tests need a display; without one, Maven runs under a virtual X server when xvfb-run exists.
set -euo pipefail
cd "$(dirname "$0")/.."

# on a fresh Debian machine (as root) this installs the packages the tests need; elsewhere it names what
# is missing and the tests run with what there is (another distribution may have the same under other names)
bash scripts/install-test-deps.sh || echo "test.sh: going on without the packages above" >&2

# Packaging check (on unless DERMASEG_PACKAGING_CHECK=0): the same Maven run also builds the Linux .deb
# (-Ppackage), and packaging/check-deb.sh then installs it, runs the installed CLI and GUI, uninstalls it.
packaging_check="${DERMASEG_PACKAGING_CHECK:-1}"
mvn_cmd=(mvn -B verify "$@")
if [ "$packaging_check" != 0 ]; then
    mvn_cmd=(mvn -B verify -Ppackage "$@")
fi
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a "${mvn_cmd[@]}"
else
    "${mvn_cmd[@]}"
fi

if [ -d model/tests ]; then
    /usr/bin/python3 -m unittest discover -s model/tests -v
fi

if [ "$packaging_check" != 0 ]; then
    bash packaging/check-deb.sh
fi
