#!/usr/bin/env bash
# The Debian 12 packages the tests need, installed where missing (idempotent; a no-op when all are there).
# Needs root and apt-get to install; otherwise it names what is missing and fails.
#   GUI tests: Xvfb and JavaFX's GTK glass (GTK 3, GL, Xxf86vm, Xtst)
#   model tests: Debian's PyTorch, ONNX, numpy, OpenCV, PIL, PyYAML (no PyPI here)
#   packaging check: jpackage needs fakeroot and dpkg-dev; packaging/check-deb.sh needs xdotool, ImageMagick,
#   file, unzip, xdg-utils (the .deb's own dependencies come with its installation)
set -euo pipefail

pkgs=(xvfb libgtk-3-0 libgl1 libxxf86vm1 libxtst6
      python3-torch python3-onnx python3-numpy python3-opencv python3-pil python3-yaml
      fakeroot dpkg-dev binutils xdotool imagemagick file unzip xdg-utils)
# the image normally ships JDK 17 and Maven; install them only where it does not
if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
    pkgs+=(openjdk-17-jdk-headless maven)
fi

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-test-deps: as root: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
