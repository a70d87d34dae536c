#!/usr/bin/env bash
# Screenshot gallery: every page, view and main dialog of the real app at 1280×800 and at
# 1024×640, as PNG files in docs/screenshots/ (NAME-1280x800.png, NAME-1024x640.png).
#   bash docs/gallery.sh [--readme] [BUILD_DIR]      (default: build)
# It builds the app and its GUI tests, then runs the GUI test that walks through the app on a
# demo database it creates (tests/app/test_gui_shots.cpp, case gallery_of_every_page_at_two_sizes)
# under Xvfb with VS_SHOTS_DIR set. That case also runs the layout check (tests/app/layout_check.h)
# on every picture's window: what it finds is listed, the pictures are still written (to look at
# it), and the script then fails. The three pictures of
# README.md and the user guide (dashboard.png, visit-form.png, branch.png), the only ones
# committed, are replaced only with --readme: copied from the 1280×800 ones and reduced to 256
# colours (pngquant, else ImageMagick). VS_BUILD_LOCK=FILE runs the build under `flock FILE` (a machine shared by builds).
set -euo pipefail
cd "$(dirname "$0")/.."
readme=false
if [ "${1:-}" = --readme ]; then
    readme=true
    shift
fi
build=${1:-build}
out=docs/screenshots
lock=()
[ -n "${VS_BUILD_LOCK:-}" ] && lock=(flock "$VS_BUILD_LOCK")
for tool in xvfb-run import; do
    command -v "$tool" >/dev/null || { echo "gallery: $tool is missing (bash .ci/setup --install-only)" >&2; exit 1; }
done

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
"${lock[@]}" cmake --build "$build" -j "$(nproc)" --target visitscore gui_tests

mkdir -p "$out"
rm -f "$out"/*-1280x800.png "$out"/*-1024x640.png
shots=$(realpath "$out")
# The screen is as large as the larger size; each picture is the part a window covers.
status=0
VS_SHOTS_DIR=$shots xvfb-run -a -s "-screen 0 1280x800x24" \
    "$build/tests/app/gui_tests" --run_test=gui_screens/gallery_of_every_page_at_two_sizes \
    --log_level=warning || status=$?

# The README's pictures are not replaced by ones of a walk that failed.
if $readme && [ "$status" -eq 0 ]; then
    for name in dashboard visit-form branch; do
        src=$out/$name-1280x800.png dst=$out/$name.png
        if command -v pngquant >/dev/null; then
            pngquant --force --speed 1 --output "$dst" "$src"
        else
            convert "$src" -colors 256 -strip "PNG8:$dst"
        fi
    done
fi
echo "gallery: $(ls "$out"/*-1280x800.png "$out"/*-1024x640.png | wc -l) pictures in $out/;" \
     "the README's:"
ls -l "$out"/dashboard.png "$out"/visit-form.png "$out"/branch.png
if [ "$status" -ne 0 ]; then
    echo "gallery: the walk failed (layout problems or a page that did not come up: see above)" >&2
    exit "$status"
fi
