#!/usr/bin/env bash
# Install check for the DermaSeg .deb: install it, run the installed CLI on a sample image (mask written,
# Dice printed), start the installed GUI under Xvfb from its desktop entry and take a screenshot, then
# uninstall and check that nothing is left. Measures the .deb size, the CLI's time to its first mask
# and the GUI's time to a visible window; writes packaging/target/check-deb.txt and gui.png.
#
#     bash packaging/check-deb.sh [PATH/TO/dermaseg_*.deb]     (default: the newest CPU .deb in packaging/target)
#
# As root (CI) it installs into the machine with apt-get/dpkg and removes it again (an installed dermaseg
# or dermaseg-gpu is purged first). Otherwise it unpacks the .deb into a scratch root (dpkg-deb -x) and
# checks the same files and programs there; maintainer scripts are then only inspected, not run.
# Needs: dpkg, Xvfb, xdotool, ImageMagick (import, convert), unzip, python3 (JSON).
# Limits (seconds; the targets are 3 s GUI, 2 s CLI - slower than the limit fails, slower than the
# target is reported): DERMASEG_CHECK_MAX_GUI_S (default 10), DERMASEG_CHECK_MAX_CLI_S (default 6).
# DERMASEG_CHECK_MAX_DEB_MB (default 150) limits the CPU .deb's size.
set -euo pipefail
cd "$(dirname "$0")/.."
# one check at a time per machine: two would install and purge the same package under each other
exec 9> /tmp/dermaseg-check-deb.lock
flock 9
repo="$(pwd)"
check_start=$(date +%s%N)

deb="${1:-}"
if [ -z "$deb" ]; then
    deb="$(ls -t packaging/target/dermaseg_*.deb 2>/dev/null | head -1 || true)"
fi
[ -n "$deb" ] && [ -f "$deb" ] || { echo "check-deb: no .deb given and none in packaging/target (mvn -B -Ppackage -DskipTests package)" >&2; exit 1; }
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"

max_gui_s="${DERMASEG_CHECK_MAX_GUI_S:-10}"
max_cli_s="${DERMASEG_CHECK_MAX_CLI_S:-6}"
max_deb_mb="${DERMASEG_CHECK_MAX_DEB_MB:-150}"
out="$repo/packaging/target"
mkdir -p "$out"
report="$out/check-deb.txt"
: > "$report"
tmp="$(mktemp -d /tmp/dermaseg-check.XXXXXX)"

failures=0
ok() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*" | tee -a "$report"; failures=$((failures + 1)); }
note() { echo "$*" | tee -a "$report"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "check-deb: $1 not found (install: $2)" >&2; exit 1; }; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }

need dpkg-deb dpkg
need Xvfb xvfb
need xdotool xdotool
need import imagemagick
need convert imagemagick
need python3 python3
need unzip unzip

pkg="$(dpkg-deb -f "$deb" Package)"
version="$(dpkg-deb -f "$deb" Version)"
deb_bytes=$(wc -c < "$deb")
deb_mb=$(awk -v b="$deb_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
note "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
note "package $pkg $version: $(basename "$deb"), $deb_mb MiB ($deb_bytes bytes), installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"

echo "== package metadata"
dpkg-deb -c "$deb" > "$tmp/contents.txt"   # (grep -q on a pipe would kill the writer: pipefail)
depends="$(dpkg-deb -f "$deb" Depends)"
for d in libgtk-3-0 libgl1 xdg-utils; do
    case ", $depends," in *", $d,"*|*", $d "*) ok "Depends lists $d" ;; *) fail "Depends lacks $d: $depends" ;; esac
done
if [ "$pkg" = dermaseg ]; then
    if awk -v b="$deb_bytes" -v m="$max_deb_mb" 'BEGIN { exit !(b <= m * 1048576) }'; then
        ok "CPU .deb $deb_mb MiB <= $max_deb_mb MiB"
    else
        fail "CPU .deb $deb_mb MiB > $max_deb_mb MiB"
    fi
    if grep -q 'providers_cuda' "$tmp/contents.txt"; then fail "CPU .deb carries the CUDA provider"; else ok "CPU .deb has no CUDA provider"; fi
fi
dpkg-deb -e "$deb" "$tmp/control"
grep -q 'ln -sfn /opt/[a-z-]*/bin/DermaSeg /usr/bin/dermaseg' "$tmp/control/postinst" && ok "postinst links /usr/bin/dermaseg" || fail "postinst does not link /usr/bin/dermaseg"
grep -q 'rm -f /usr/bin/dermaseg' "$tmp/control/prerm" && ok "prerm removes /usr/bin/dermaseg" || fail "prerm does not remove /usr/bin/dermaseg"

mode=none
cleanup() {
    [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
    [ -n "${gui_pid:-}" ] && kill -9 "$gui_pid" 2>/dev/null || true
    if [ "$mode" = system ] && [ "${uninstalled:-0}" != 1 ]; then
        echo "  (cleanup: purging $pkg)"
        dpkg --purge "$pkg" > /dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# ---- install ------------------------------------------------------------------------------------------
echo "== install"
if [ "$(id -u)" = 0 ] && [ "${DERMASEG_CHECK_SCRATCH:-0}" != 1 ]; then
    mode=system
    sysroot=""
    for p in dermaseg dermaseg-gpu; do
        if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            echo "  purging the $p installed before this check"
            dpkg --purge "$p" > /dev/null
        fi
    done
    install_start=$(date +%s%N)
    if command -v apt-get >/dev/null 2>&1; then
        # apt resolves the Depends (GTK, xdg-utils, ...) where they are missing
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" > "$tmp/install.log" 2>&1 \
            || { cat "$tmp/install.log"; echo "check-deb: install failed" >&2; exit 1; }
    else
        dpkg -i "$deb" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; echo "check-deb: dpkg -i failed" >&2; exit 1; }
    fi
    note "installed with $(command -v apt-get >/dev/null && echo apt-get || echo dpkg) in $(secs "$(ms_since "$install_start")") s"
    dpkg-query -W -f='${Status}' "$pkg" | grep -q 'install ok installed' && ok "dpkg: $pkg installed" || fail "dpkg does not list $pkg as installed"
else
    mode=scratch
    sysroot="$tmp/root"
    dpkg-deb -x "$deb" "$sysroot"
    note "not root (or DERMASEG_CHECK_SCRATCH=1): unpacked into scratch root $sysroot; maintainer scripts not run"
fi

appdir="$(awk '{print $6}' "$tmp/contents.txt" | grep -E '^\./opt/[^/]+/bin/DermaSeg$' | head -1 | sed 's|^\.||; s|/bin/DermaSeg$||' || true)"
[ -n "$appdir" ] || { echo "check-deb: no opt/*/bin/DermaSeg in the package" >&2; exit 1; }
app="$sysroot$appdir"
launcher="$app/bin/DermaSeg"
desktop_name="$pkg-DermaSeg.desktop"


echo "== installed files"
[ -x "$launcher" ] && ok "launcher $appdir/bin/DermaSeg" || fail "no executable $appdir/bin/DermaSeg"
# every model of the repository's model/: its card and the files the card names
model_files=()
for card in "$repo"/model/*.card.json; do
    model_files+=("lib/app/model/$(basename "$card")")
    while IFS= read -r f; do
        model_files+=("lib/app/model/$f")
    done < <(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])).get("artifacts",{})
for k in ("onnx","safetensors"):
    if a.get(k): print(a[k]["file"])' "$card")
done
[ "${#model_files[@]}" -gt 0 ] || fail "no *.card.json in $repo/model to check against"
for f in lib/app/dermaseg.jar "${model_files[@]}" lib/app/samples/SOURCES.md lib/app/THIRD-PARTY.txt \
         lib/app/native/libonnxruntime.so lib/app/native/libonnxruntime4j_jni.so \
         lib/app/dermaseg.classlist lib/runtime/lib/server/libjvm.so lib/runtime/bin/java lib/DermaSeg.png; do
    [ -f "$app/$f" ] && ok "$f" || fail "missing $appdir/$f"
done
n_images=$(ls "$app/lib/app/samples/images" 2>/dev/null | wc -l)
n_masks=$(ls "$app/lib/app/samples/masks" 2>/dev/null | wc -l)
[ "$n_images" -eq 10 ] && [ "$n_masks" -eq 10 ] && ok "10 sample images + 10 masks" || fail "samples: $n_images images, $n_masks masks (want 10 + 10)"
grep -q -- '-Ddermaseg.model.dir=$APPDIR/model' "$app/lib/app/DermaSeg.cfg" && ok "launcher cfg sets dermaseg.model.dir" || fail "DermaSeg.cfg lacks -Ddermaseg.model.dir"
unzip -v "$app/lib/app/dermaseg.jar" > "$tmp/jar.txt"
if grep -q 'ai/onnxruntime/native/' "$tmp/jar.txt"; then
    fail "ONNX Runtime natives still inside the jar (extracted on every start)"
else
    ok "ONNX Runtime natives outside the jar"
fi
grep -q 'libglassgtk3.so' "$tmp/jar.txt" && ok "JavaFX Linux natives in the jar" || fail "no JavaFX Linux natives in the jar"
grep -qE ' Stored .*libopencv_java[0-9]*\.so$' "$tmp/jar.txt" && ok "OpenCV natives in the jar, stored uncompressed" || fail "no uncompressed OpenCV natives in the jar"
runtime_modules="$(sed -n 's/^MODULES="\(.*\)"/\1/p' "$app/lib/runtime/release")"
n_modules=$(echo "$runtime_modules" | wc -w)
if [ "$n_modules" -gt 0 ] && [ "$n_modules" -le 20 ] && ! echo " $runtime_modules " | grep -qE ' (jdk.compiler|java.compiler|jdk.jshell|java.se) '; then
    ok "trimmed runtime: $n_modules modules ($runtime_modules)"
else
    fail "runtime not trimmed: $n_modules modules ($runtime_modules)"
fi
extra_bin="$(ls "$app/lib/runtime/bin" 2>/dev/null | grep -vx java || true)"
[ -z "$extra_bin" ] && ok "runtime commands: java only" || fail "runtime has more commands: $extra_bin"
n_listed=$(grep -c '^[a-z]' "$app/lib/app/dermaseg.classlist" 2>/dev/null || echo 0)
if grep -q '^javafx/stage/Stage$' "$app/lib/app/dermaseg.classlist" && grep -q '^org/dermaseg/app/cli/SegmentCommand$' "$app/lib/app/dermaseg.classlist"; then
    ok "class list for the CDS archive: $n_listed classes, CLI and GUI"
else
    fail "class list lacks the GUI or CLI classes ($n_listed lines)"
fi
if grep -q '/lib/app/dermaseg.jsa$' "$tmp/contents.txt"; then fail "the package ships a CDS archive (made for another path)"; else ok "no CDS archive in the package (postinst makes it)"; fi
note "installed at $appdir: $(du -sh "$app" | cut -f1) (runtime $(du -sh "$app/lib/runtime" | cut -f1), $n_modules modules)"

if [ "$mode" = system ]; then
    [ "$(readlink /usr/bin/dermaseg)" = "$appdir/bin/DermaSeg" ] && ok "/usr/bin/dermaseg -> $appdir/bin/DermaSeg" || fail "/usr/bin/dermaseg is not a symlink to the launcher"
    command -v dermaseg >/dev/null && ok "dermaseg on the PATH" || fail "dermaseg not on the PATH"
    [ -f "$app/lib/app/dermaseg.jsa" ] && ok "postinst made the CDS archive ($(du -h "$app/lib/app/dermaseg.jsa" | cut -f1))" || fail "postinst made no CDS archive"
    JAVA_TOOL_OPTIONS=-Xshare:on dermaseg --version > "$tmp/xshare.txt" 2>&1 && ok "the launcher maps the CDS archive (-Xshare:on starts)" || fail "the CDS archive does not load: $(tail -2 "$tmp/xshare.txt")"
    desktop_file="/usr/share/applications/$desktop_name"
    [ -f "$desktop_file" ] && ok "desktop entry $desktop_file" || fail "no desktop entry $desktop_file"
    [ -f "/usr/share/mime/packages/$pkg-DermaSeg-MimeInfo.xml" ] && ok "MIME info registered" || fail "MIME info not in /usr/share/mime/packages"
    cli=(dermaseg)
else
    desktop_file="$app/lib/$desktop_name"
    cli=("$launcher")
fi
if [ -f "$desktop_file" ]; then
    for m in image/jpeg image/png image/bmp image/tiff; do
        grep -q "^MimeType=.*$m" "$desktop_file" && ok "desktop entry opens $m" || fail "desktop entry lacks MimeType $m"
    done
    grep -q '^Exec=.*/bin/DermaSeg %f$' "$desktop_file" && ok "desktop Exec passes the file (%f)" || fail "desktop Exec: $(grep '^Exec=' "$desktop_file")"
    icon="$(sed -n 's/^Icon=//p' "$desktop_file")"
    [ -f "$sysroot$icon" ] && ok "desktop icon $icon" || fail "desktop icon $icon missing"
fi
for ext in jpg jpeg png bmp tif; do
    grep -q "pattern=\"\*\.$ext\"" "$app/lib/$pkg-DermaSeg-MimeInfo.xml" && ok "file association *.$ext" || fail "no file association for *.$ext"
done

# ---- CLI ----------------------------------------------------------------------------------------------
echo "== CLI"
work="$tmp/work"   # outside the repository, so nothing can come from ./model or ./assets
mkdir -p "$work/gt" "$tmp/config"
cd "$work"
sample="$app/lib/app/samples/images/IMD002.png"
cp "$app/lib/app/samples/masks/IMD002_lesion.png" "$work/gt/"
cli_ms=()
for run in 1 2 3; do
    rm -rf "$work/masks"
    t0=$(date +%s%N)
    rc=0
    "${cli[@]}" segment "$sample" -o "$work/masks" > "$tmp/segment.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$tmp/segment.log"; fail "dermaseg segment exited $rc"; break
    fi
    cli_ms+=("$(ms_since "$t0")")
done
mask="$work/masks/IMD002_segmentation.png"
if [ -f "$mask" ] && file "$mask" | grep -q 'PNG image data, 765 x 572'; then
    ok "mask written: $mask ($(file -b "$mask" | cut -d, -f1-2))"
else
    fail "no 765x572 PNG mask at $mask: $(file "$mask" 2>&1)"
fi
rc=0; "${cli[@]}" evaluate --pred "$work/masks" --gt "$work/gt" > "$tmp/evaluate.log" 2>&1 || rc=$?
[ "$rc" -eq 0 ] && ok "dermaseg evaluate exit 0" || fail "dermaseg evaluate exited $rc"
grep -E 'IMD002_segmentation.png +[0-9.]+' "$tmp/evaluate.log" | head -1 | sed 's/^/        /'
dice="$(awk '$1 == "IMD002_segmentation.png" { print $2; exit }' "$tmp/evaluate.log")"
if awk -v d="${dice:-0}" 'BEGIN { exit !(d >= 0.80) }'; then ok "Dice of the installed CLI's mask for IMD002: $dice (>= 0.80)"; else cat "$tmp/evaluate.log"; fail "Dice for IMD002 is '${dice}' (want >= 0.80)"; fi
rc=0; "${cli[@]}" samples --json > "$tmp/samples.json" 2> "$tmp/samples.err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/samples.err"; fail "dermaseg samples exited $rc"; }
read -r pooled mean_dice n_failed < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.4f %.4f %d" % (d["pooledDscPaper"], d["meanDice"], d["failed"]))' "$tmp/samples.json" 2>/dev/null || echo "0 0 -1")
if awk -v d="$pooled" 'BEGIN { exit !(d >= 0.88) }' && [ "$n_failed" = 0 ]; then
    ok "samples: 10 PH2 samples, mean Dice $mean_dice, pooled DSC $pooled (>= 0.88)"
else
    fail "samples: pooled DSC $pooled, mean Dice $mean_dice, failed $n_failed (want DSC >= 0.88, none failed)"
fi
info="$("${cli[@]}" info 2>&1 || true)"
echo "$info" | grep -qE "^  directory +$app/lib/app/model" && ok "model found in $appdir/lib/app/model" || fail "info: model not from the package: $(echo "$info" | grep directory)"
rc=0; "${cli[@]}" info --json > "$tmp/info.json" 2>&1 || rc=$?
n_cards=$(ls "$repo"/model/*.card.json | wc -l)
usable=$(python3 -c 'import json,sys; print(sum(1 for m in json.load(open(sys.argv[1]))["models"] if m["usable"]))' "$tmp/info.json" 2>/dev/null || echo 0)
[ "$rc" -eq 0 ] && [ "$usable" -eq "$n_cards" ] && ok "info --json: $usable of $n_cards models usable" || fail "info --json (exit $rc): $usable usable models, want $n_cards"
cli_first=${cli_ms[0]:-999999}
cli_sorted=$(printf '%s\n' "${cli_ms[@]}" | sort -n | tr '\n' ' ')
cli_median=$(printf '%s\n' "${cli_ms[@]}" | sort -n | sed -n 2p)
note "CLI first mask (dermaseg segment IMD002.png, launch to exit): first run $(secs "$cli_first") s, runs $(for m in $cli_sorted; do printf '%s ' "$(secs "$m")"; done)s, median $(secs "${cli_median:-$cli_first}") s (target 2 s)"
if [ "${cli_median:-$cli_first}" -le $((max_cli_s * 1000)) ]; then ok "CLI median within the ${max_cli_s} s limit"; else fail "CLI median $(secs "$cli_median") s over the ${max_cli_s} s limit"; fi

# ---- GUI ----------------------------------------------------------------------------------------------
echo "== GUI under Xvfb"
disp=99
while [ -e "/tmp/.X11-unix/X$disp" ] || [ -e "/tmp/.X$disp-lock" ]; do disp=$((disp + 1)); done
Xvfb ":$disp" -screen 0 1600x1000x24 -nolisten tcp > "$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=":$disp"
for _ in $(seq 1 100); do xdotool getdisplaygeometry > /dev/null 2>&1 && break; sleep 0.1; done
xdotool getdisplaygeometry > /dev/null 2>&1 || { cat "$tmp/xvfb.log"; echo "check-deb: Xvfb did not start" >&2; exit 1; }
export XDG_CONFIG_HOME="$tmp/config"   # the GUI's preferences stay in the scratch folder

# the menu entry's own command line, with %f replaced by a sample image (what "Open with DermaSeg" runs)
gui_run() { # $1 = label, $2 = window name meaning "content shown", rest = command
    # sets gui_ms (launch -> first visible DermaSeg window) and content_ms (-> window titled $2)
    local label="$1" name="$2"; shift 2
    local t0 wid=""
    t0=$(date +%s%N)
    gui_ms=""; content_ms=""; gui_wid=""
    "$@" > "$tmp/gui-$label.log" 2>&1 &
    gui_pid=$!
    while [ "$(ms_since "$t0")" -lt $(( (max_gui_s + 30) * 1000 )) ]; do
        if [ -z "$gui_ms" ]; then
            wid="$(xdotool search --onlyvisible --name 'DermaSeg' 2>/dev/null | head -1 || true)"
            [ -n "$wid" ] && { gui_ms="$(ms_since "$t0")"; gui_wid="$wid"; }
        fi
        if [ -n "$gui_ms" ]; then
            if xdotool search --onlyvisible --name "$name" > /dev/null 2>&1; then
                content_ms="$(ms_since "$t0")"; break
            fi
        fi
        kill -0 "$gui_pid" 2>/dev/null || break
        sleep 0.05
    done
}
gui_stop() {
    kill "$gui_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$gui_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$gui_pid" 2>/dev/null || true
    wait "$gui_pid" 2>/dev/null || true
    gui_pid=""
}

if [ -f "$desktop_file" ]; then
    exec_line="$(sed -n 's/^Exec=//p' "$desktop_file")"
    read -r -a exec_cmd <<< "${exec_line% %f}"
    exec_cmd[0]="$sysroot${exec_cmd[0]}"
else
    exec_cmd=("$launcher")
fi

# 1) the menu entry with no file: the empty workstation window
gui_run plain 'DermaSeg' "${exec_cmd[@]}"
plain_ms=${gui_ms:-999999}
if [ -n "$gui_wid" ]; then ok "GUI window (menu entry, no file) visible after $(secs "$plain_ms") s"; else cat "$tmp/gui-plain.log"; fail "GUI window did not appear (menu entry, no file)"; fi
gui_stop

# 2) "Open with DermaSeg" on a sample image: the window shows that image, segmented; screenshot
gui_run open 'IMD002\.png' "${exec_cmd[@]}" "$sample"
open_ms=${gui_ms:-999999}
if [ -n "$gui_wid" ]; then
    ok "GUI window (file association command, IMD002.png) visible after $(secs "$open_ms") s"
    if [ -n "$content_ms" ]; then
        ok "window shows IMD002.png after $(secs "$content_ms") s: '$(xdotool getwindowname "$gui_wid")'"
    else
        fail "window never showed IMD002.png: '$(xdotool getwindowname "$gui_wid" 2>/dev/null)'"
    fi
    geom="$(xdotool getwindowgeometry "$gui_wid" | sed -n 's/.*Geometry: //p')"
    w=${geom%x*}; h=${geom#*x}
    [ "${w:-0}" -ge 600 ] && [ "${h:-0}" -ge 400 ] && ok "window size $geom" || fail "window too small: $geom"
    sleep "${DERMASEG_CHECK_SCREENSHOT_DELAY_S:-3}"   # let the segmentation finish and paint
    kill -0 "$gui_pid" 2>/dev/null && ok "GUI still running at the screenshot" || fail "GUI exited: $(tail -5 "$tmp/gui-open.log")"
    import -window root "$out/gui.png"
    colours=$(convert "$out/gui.png" -format '%k' info:)
    [ "$colours" -ge 200 ] && ok "screenshot $out/gui.png ($colours colours)" || fail "screenshot looks blank ($colours colours)"
else
    cat "$tmp/gui-open.log"; fail "GUI window for IMD002.png did not appear"
fi
gui_stop
if grep -E 'Exception|Error:' "$tmp"/gui-*.log | grep -v 'WARNING' > "$tmp/gui-errors.txt"; then
    fail "GUI logged errors: $(head -3 "$tmp/gui-errors.txt")"
else
    ok "no exceptions in the GUI's output"
fi
note "GUI window shown (launch to visible window under Xvfb): menu entry $(secs "$plain_ms") s, open-with IMD002.png $(secs "$open_ms") s (image in the title after $(secs "${content_ms:-0}") s) (target 3 s)"
worst=$(( plain_ms > open_ms ? plain_ms : open_ms ))
if [ "$worst" -le $((max_gui_s * 1000)) ]; then ok "GUI window within the ${max_gui_s} s limit"; else fail "GUI window after $(secs "$worst") s, over the ${max_gui_s} s limit"; fi
kill "$xvfb_pid" 2>/dev/null || true; xvfb_pid=""
cd "$repo"

# ---- uninstall ----------------------------------------------------------------------------------------
echo "== uninstall"
if [ "$mode" = system ]; then
    dpkg -r "$pkg" > "$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; fail "dpkg -r $pkg failed"; }
    dpkg --purge "$pkg" > /dev/null 2>&1 || true
    uninstalled=1
    [ ! -e "$appdir" ] && ok "$appdir gone" || fail "$appdir left behind: $(find "$appdir" | head -5)"
    [ ! -e /usr/bin/dermaseg ] && [ ! -L /usr/bin/dermaseg ] && ok "/usr/bin/dermaseg gone" || fail "/usr/bin/dermaseg left behind"
    [ ! -e "/usr/share/applications/$desktop_name" ] && ok "desktop entry gone" || fail "desktop entry left behind"
    [ ! -e "/usr/share/mime/packages/$pkg-DermaSeg-MimeInfo.xml" ] && ok "MIME info gone" || fail "MIME info left behind"
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'installed' && fail "dpkg still lists $pkg" || ok "dpkg no longer lists $pkg"
else
    rm -rf "$sysroot"
    [ ! -e "$sysroot" ] && ok "scratch root removed"
fi

total_ms=$(ms_since "$check_start")
note "install check ($mode) took $(secs "$total_ms") s; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
if [ "$failures" -gt 0 ]; then
    note "check-deb: $failures check(s) FAILED"
    exit 1
fi
note "check-deb: all checks passed"
