#!/usr/bin/env bash
# The Debian package, end to end: cpack makes it from the build tree, dpkg -x unpacks it into a
# scratch folder, and the unpacked programs run from there (--version, a studio screenshot);
# the desktop entry and the AppStream metadata pass their validators; the control file lists
# the shared-library dependencies.
# Usage: test_studio_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

(cd "$build" && cpack -G DEB -B "$scratch/out" >/dev/null)
deb=$(ls "$scratch"/out/shnn-studio_*.deb)
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) kB)"
dpkg-deb -f "$deb" Package Version Architecture Depends
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libqt6widgets6 libqcustomplot libopenblas liblapacke libginac; do
  grep -q "$lib" <<<"$depends" || { echo "FAIL: Depends lacks $lib"; exit 1; }
done

root="$scratch/root"
dpkg -x "$deb" "$root"
for f in usr/bin/shnn usr/bin/shnn-studio usr/share/applications/shnn-studio.desktop \
         usr/share/metainfo/io.github.shnn_studio.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/shnn-studio.svg \
         usr/share/icons/hicolor/48x48/apps/shnn-studio.png usr/share/icons/hicolor/256x256/apps/shnn-studio.png; do
  [ -s "$root/$f" ] || { echo "FAIL: $f missing from the package"; exit 1; }
done
desktop-file-validate "$root/usr/share/applications/shnn-studio.desktop"
appstreamcli validate --no-net --pedantic "$root/usr/share/metainfo/io.github.shnn_studio.metainfo.xml" >/dev/null

version=$("$root/usr/bin/shnn" --version)
echo "shnn --version: $version"
grep -q "$(dpkg-deb -f "$deb" Version)" <<<"$version" || { echo "FAIL: version mismatch"; exit 1; }
"$root/usr/bin/shnn-studio" --version >/dev/null
QT_QPA_PLATFORM=offscreen "$root/usr/bin/shnn-studio" --system spring --width 50 --train 500 --test 200 \
  --view phase --screenshot "$scratch/shot.png" >/dev/null
[ "$(head -c 8 "$scratch/shot.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || { echo "FAIL: no PNG"; exit 1; }
echo "unpacked programs run; screenshot $(du -k "$scratch/shot.png" | cut -f1) kB"
