#!/usr/bin/env bash
# Builds DermaSeg's native installers with jlink + jpackage. Normally run by Maven:
#     mvn -B -Ppackage -DskipTests package          (CPU build; -Pgpu for the CUDA build)
# which calls: bash packaging/build.sh --variant cpu|gpu --version X --jar app/target/dermaseg.jar --dest packaging/target
#
# Steps: stage the jar (ONNX Runtime natives moved next to it), every model (cards + files), samples -> jdeps finds the
# Java modules -> jlink a trimmed runtime -> jpackage --type app-image -> quick smoke test of the image ->
# jpackage the OS installer from that same image (Linux .deb, Windows .msi, macOS .dmg) -> optional signing.
#
# Environment (all optional):
#   JAVA_HOME                  JDK whose jdeps/jlink/jpackage/jmods are used (Maven passes its own)
#   DERMASEG_PACKAGE_TYPES     installer types instead of the OS default (e.g. "app-image" only, "deb rpm")
#   DERMASEG_DEB_MAINTAINER    Debian maintainer e-mail (default packaging@dermaseg.invalid)
#   Windows signing:  WIN_SIGN_PFX (path to .pfx), WIN_SIGN_PASSWORD, WIN_SIGN_TIMESTAMP_URL
#   macOS signing:    MAC_SIGN_IDENTITY (the "Developer ID Application: ..." user name), MAC_SIGN_KEYCHAIN,
#                     MAC_NOTARY_PROFILE (an `xcrun notarytool store-credentials` profile) to notarize the .dmg
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

variant=cpu
version=
jar=app/target/dermaseg.jar
dest=packaging/target
while [ $# -gt 0 ]; do
    case "$1" in
        --variant) variant="$2"; shift 2 ;;
        --version) version="$2"; shift 2 ;;
        --jar) jar="$2"; shift 2 ;;
        --dest) dest="$2"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown argument $1" >&2; exit 1 ;;
    esac
done

die() { echo "build.sh: $*" >&2; exit 1; }
log() { echo "[package] $(date +%T) $*"; }

case "$variant" in cpu|gpu) ;; *) die "--variant must be cpu or gpu, not $variant" ;; esac
[ -f "$jar" ] || die "$jar not found: build it first (mvn -B -Ppackage -DskipTests package builds everything)"
if [ -z "$version" ]; then
    version="$(sed -n 's|^  <version>\(.*\)</version>.*|\1|p' pom.xml | head -1)"
fi
# installers want a numeric version: 0.1.0-SNAPSHOT -> 0.1.0
app_version="${version%%-*}"
[[ "$app_version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "version '$version' does not give a numeric x.y.z"

case "$(uname -s)" in
    Linux) os=linux; default_types="deb" ;;
    Darwin) os=macos; default_types="dmg" ;;
    MINGW*|MSYS*|CYGWIN*) os=windows; default_types="msi" ;;
    *) die "unsupported build OS $(uname -s)" ;;
esac
types="${DERMASEG_PACKAGE_TYPES:-$default_types}"

bin() { # a JDK tool, from JAVA_HOME when set
    if [ -n "${JAVA_HOME:-}" ] && { [ -x "$JAVA_HOME/bin/$1" ] || [ -x "$JAVA_HOME/bin/$1.exe" ]; }; then
        echo "$JAVA_HOME/bin/$1"
    else
        command -v "$1" || die "$1 not found (needs a full JDK 17+ with jpackage and jmods)"
    fi
}
JAVA="$(bin java)"; JDEPS="$(bin jdeps)"; JLINK="$(bin jlink)"; JPACKAGE="$(bin jpackage)"

if [ "$variant" = gpu ]; then
    package_name=dermaseg-gpu; conflicts=dermaseg; suffix=gpu-
    description="Skin lesion segmentation workstation (Mamba U-Nets), ONNX Runtime CUDA build"
else
    package_name=dermaseg; conflicts=dermaseg-gpu; suffix=
    description="Skin lesion segmentation workstation (Mamba U-Nets)"
fi

work="$dest/work-$variant"
image_dest="$dest/app-image-$variant"
rm -rf "$work" "$image_dest"
mkdir -p "$work/input/model" "$work/input/samples" "$work/tmp" "$image_dest"
start=$(date +%s)

# ---- 1. stage what goes into the app folder -------------------------------------------------------------
log "staging $jar ($variant) for $os"
cp "$jar" "$work/input/dermaseg.jar"
# the ONNX Runtime natives of this OS go to native/ (loaded in place, see common/app-image.options);
# OpenCV's, which its loader copies out on every start, are stored uncompressed (faster copy)
"$JAVA" packaging/tools/MoveNatives.java "$work/input/dermaseg.jar" "$work/input/native" > "$work/natives.txt"
cuda_libs=$(grep -c 'providers_cuda' "$work/natives.txt" || true)
if [ "$variant" = gpu ] && [ "$cuda_libs" -eq 0 ]; then
    die "variant gpu, but $jar holds no CUDA provider: build the jar with -Pgpu"
fi
if [ "$variant" = cpu ] && [ "$cuda_libs" -ne 0 ]; then
    die "variant cpu, but $jar holds ONNX Runtime's CUDA build: rebuild the jar without -Pgpu"
fi
# every model: each model/*.card.json and the files it names, as the app's own registry reads them (a refused
# model or a damaged file stops the build); the installed app finds them all in $APPDIR/model
model_files="$("$JAVA" -cp "$jar" packaging/tools/ModelFiles.java model)" || die "model/ cannot be packaged (above)"
[ -n "$model_files" ] || die "no model in model/"
while IFS= read -r f; do
    cp "model/$f" "$work/input/model/"
done <<< "$model_files"
log "models: $(grep -c '\.card\.json$' <<< "$model_files") cards, $(wc -l <<< "$model_files") files"
cp -r assets/samples/images assets/samples/masks assets/samples/SOURCES.md "$work/input/samples/"
cp packaging/common/THIRD-PARTY.txt "$work/input/"

# ---- 2. a trimmed Java runtime ----------------------------------------------------------------------------
modules="$("$JDEPS" --multi-release 17 --ignore-missing-deps --print-module-deps "$work/input/dermaseg.jar")"
extra="$(grep -v '^\s*#' packaging/common/modules.txt | tr -s ' \n' ',' | sed 's/^,//;s/,$//' || true)"
[ -n "$extra" ] && modules="$modules,$extra"
log "jlink modules: $modules"
echo "$modules" > "$work/modules.txt"
# Class-data sharing (CDS). Linux: an archive of the JDK *and* app classes the app loads at start
# (recorded below into lib/app/dermaseg.classlist, dumped by the .deb's postinst to lib/app/dermaseg.jsa,
# because JDK 17 accepts it only at the path it was made for): about 0.7 s off the GUI's start, 0.2 s off
# the CLI's. Windows/macOS installers have no such hook, so they get jlink's archive of the JDK classes.
cds=()
[ "$os" != linux ] && cds=(--generate-cds-archive)
"$JLINK" --add-modules "$modules" --output "$work/runtime" \
    --strip-debug --no-header-files --no-man-pages ${cds[@]+"${cds[@]}"}
# of the commands only java stays (postinst runs it to dump the archive); as --strip-native-commands would
find "$work/runtime/bin" -type f ! -name java ! -name java.exe -delete
# the archive for heaps over 32 GB (no compressed oops) is 10 MB the app does not need
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"

sign=() # macOS signing options, for the image and the .dmg
if [ "$os" = macos ] && [ -n "${MAC_SIGN_IDENTITY:-}" ]; then
    sign=(--mac-sign --mac-signing-key-user-name "$MAC_SIGN_IDENTITY")
    [ -n "${MAC_SIGN_KEYCHAIN:-}" ] && sign+=(--mac-signing-keychain "$MAC_SIGN_KEYCHAIN")
fi

# ---- 3. the application image -----------------------------------------------------------------------------
log "jpackage app-image"
"$JPACKAGE" --type app-image @packaging/common/app-image.options @packaging/$os/app-image.options ${sign[@]+"${sign[@]}"} \
    --app-version "$app_version" --description "$description" \
    --input "$work/input" --runtime-image "$work/runtime" --dest "$image_dest" --temp "$work/tmp/app-image"

case "$os" in
    linux) image="$image_dest/DermaSeg"; launcher="$image/bin/DermaSeg" ;;
    macos) image="$image_dest/DermaSeg.app"; launcher="$image/Contents/MacOS/DermaSeg" ;;
    windows) image="$image_dest/DermaSeg"; launcher="$image/dermaseg-cli.exe" ;;
esac

# quick smoke test of the image itself (the full install check is packaging/check-deb.sh)
log "smoke test: $launcher info"
"$launcher" info > "$work/info.txt" 2>&1 || { cat "$work/info.txt"; die "the app image does not start"; }
grep -Eq '^onnxRuntime +[0-9]' "$work/info.txt" || { cat "$work/info.txt"; die "ONNX Runtime does not load in the app image"; }
grep -Eq '^ +onnx .*sha256 OK' "$work/info.txt" || { cat "$work/info.txt"; die "the app image does not find its model"; }

# the classes loaded by a CLI run and a GUI start (under Xvfb, where there is one), for the CDS archive
if [ "$os" = linux ]; then
    log "recording the classes loaded at start (lib/app/dermaseg.classlist)"
    sample="$image/lib/app/samples/images/IMD002.png"
    rm -f "$work/classes-cli.txt" "$work/classes-gui.txt"
    JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/classes-cli.txt" "$launcher" samples > "$work/train-cli.txt" 2>&1 \
        || { cat "$work/train-cli.txt"; die "dermaseg samples fails in the app image"; }
    if command -v Xvfb > /dev/null 2>&1; then
        d=90
        while [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ]; do d=$((d + 1)); done
        Xvfb ":$d" -screen 0 1600x1000x24 -nolisten tcp > "$work/train-xvfb.txt" 2>&1 &
        xvfb_pid=$!
        for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done
        DISPLAY=":$d" XDG_CONFIG_HOME="$work/train-config" JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/classes-gui.txt" \
            "$launcher" "$sample" > "$work/train-gui.txt" 2>&1 &
        gui_pid=$!
        # until the window shows the segmented image (xdotool), or 15 s
        for _ in $(seq 1 150); do
            kill -0 "$gui_pid" 2> /dev/null || break
            if command -v xdotool > /dev/null 2>&1 && DISPLAY=":$d" xdotool search --name 'IMD002' > /dev/null 2>&1; then
                sleep 3; break
            fi
            sleep 0.1
        done
        kill "$gui_pid" 2> /dev/null || true; wait "$gui_pid" 2> /dev/null || true
        kill "$xvfb_pid" 2> /dev/null || true; wait "$xvfb_pid" 2> /dev/null || true
    else
        log "no Xvfb here: the class list covers the CLI only, so the installed GUI starts slower"
    fi
    cat "$work/classes-gui.txt" "$work/classes-cli.txt" 2> /dev/null | awk '!seen[$0]++' > "$image/lib/app/dermaseg.classlist"
    log "$(wc -l < "$image/lib/app/dermaseg.classlist") classes listed ($(grep -c '^javafx/' "$image/lib/app/dermaseg.classlist" || true) javafx.*)"
fi

# ---- 4. signing hooks for the image (before it is sealed into an installer) ------------------------------
if [ "$os" = windows ] && [ -n "${WIN_SIGN_PFX:-}" ]; then
    log "signing launchers with $WIN_SIGN_PFX"
    for exe in "$image"/*.exe; do
        signtool sign /f "$WIN_SIGN_PFX" /p "${WIN_SIGN_PASSWORD:-}" /fd SHA256 \
            /tr "${WIN_SIGN_TIMESTAMP_URL:-http://timestamp.digicert.com}" /td SHA256 "$exe"
    done
fi

# ---- 5. installers from the image ------------------------------------------------------------------------
for type in $types; do
    [ "$type" = app-image ] && continue
    log "jpackage $type"
    case "$os" in
        linux)
            res="$work/resources"
            mkdir -p "$res"
            for f in packaging/linux/resources/*; do
                sed -e "s|@INSTALL_DIR@|/opt/$package_name|g" -e "s|@CONFLICTS@|$conflicts|g" "$f" > "$res/$(basename "$f")"
            done
            "$JPACKAGE" --type "$type" --app-image "$image" @packaging/linux/deb.options \
                --app-version "$app_version" --description "$description" \
                --linux-package-name "$package_name" \
                --linux-deb-maintainer "${DERMASEG_DEB_MAINTAINER:-packaging@dermaseg.invalid}" \
                --resource-dir "$res" --dest "$dest" --temp "$work/tmp/$type"
            ;;
        windows)
            "$JPACKAGE" --type "$type" --app-image "$image" @packaging/windows/msi.options \
                --app-version "$app_version" --description "$description" \
                --dest "$dest" --temp "$work/tmp/$type"
            installer="$dest/DermaSeg-$app_version.msi"
            if [ "$variant" = gpu ]; then
                mv "$installer" "$dest/DermaSeg-gpu-$app_version.msi"; installer="$dest/DermaSeg-gpu-$app_version.msi"
            fi
            if [ -n "${WIN_SIGN_PFX:-}" ]; then
                signtool sign /f "$WIN_SIGN_PFX" /p "${WIN_SIGN_PASSWORD:-}" /fd SHA256 \
                    /tr "${WIN_SIGN_TIMESTAMP_URL:-http://timestamp.digicert.com}" /td SHA256 "$installer"
            fi
            ;;
        macos)
            "$JPACKAGE" --type "$type" --app-image "$image" @packaging/macos/dmg.options ${sign[@]+"${sign[@]}"} \
                --app-version "$app_version" --description "$description" \
                --dest "$dest" --temp "$work/tmp/$type"
            dmg="$dest/DermaSeg-$app_version.dmg"
            if [ "$variant" = gpu ]; then # not built by ONNX Runtime for macOS; kept for symmetry
                mv "$dmg" "$dest/DermaSeg-gpu-$app_version.dmg"; dmg="$dest/DermaSeg-gpu-$app_version.dmg"
            fi
            if [ -n "${MAC_NOTARY_PROFILE:-}" ]; then
                xcrun notarytool submit "$dmg" --keychain-profile "$MAC_NOTARY_PROFILE" --wait
                xcrun stapler staple "$dmg"
            fi
            ;;
    esac
done

# the in-place app image gets its CDS archive too, now that the installers are made without it
if [ "$os" = linux ] && [ -f "$image/lib/app/dermaseg.classlist" ]; then
    app_abs="$(cd "$image/lib/app" && pwd -P)"   # the path the launcher passes as the class path
    "$image/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$app_abs/dermaseg.classlist" \
        -XX:SharedArchiveFile="$app_abs/dermaseg.jsa" -cp "$app_abs/dermaseg.jar" > "$work/cds-dump.txt" 2>&1 \
        || log "warning: no CDS archive for the app image (see $work/cds-dump.txt)"
fi

# ---- 6. what was built ------------------------------------------------------------------------------------
{
    echo "variant: $variant"
    echo "version: $app_version"
    echo "modules: $modules"
    echo "app-image: $image ($(du -sh "$image" | cut -f1))"
    echo "runtime: $(du -sh "$work/runtime" | cut -f1)"
    for f in "$dest/${package_name}_$app_version"-*.deb "$dest/${package_name}-$app_version"-*.rpm \
             "$dest/DermaSeg-${suffix}$app_version".{msi,exe,dmg,pkg}; do
        [ -f "$f" ] && echo "installer: $f ($(du -h "$f" | cut -f1), $(wc -c < "$f") bytes)"
    done
    echo "seconds: $(( $(date +%s) - start ))"
} | tee "$dest/build-$variant.txt"
