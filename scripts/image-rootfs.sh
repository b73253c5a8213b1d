#!/usr/bin/env bash
# The root file system of the ismsbook container image (see Dockerfile):
#
#   scripts/image-rootfs.sh ISMSBOOK BUSYBOX OUTDIR
#
# ISMSBOOK and BUSYBOX must be static executables (the image is `FROM
# scratch`: no libc, no loader). OUTDIR gets bin/ismsbook, bin/busybox with
# a link for each of its applets (sh among them, so the image works as a
# GitLab CI `image:`), an /etc/passwd and /etc/group that name root and the
# user ismsbook (10001), and /tmp. Both of the Dockerfile's paths (built from
# source, or from a release binary) run this script, so they give the same
# image.
set -euo pipefail
if [ "$#" -ne 3 ]; then
  echo "usage: $0 ISMSBOOK BUSYBOX OUTDIR" >&2
  exit 2
fi
ismsbook="$1"
busybox="$2"
out="$3"
for exe in "$ismsbook" "$busybox"; do
  if [ ! -x "$exe" ]; then
    echo "$0: $exe: not an executable file" >&2
    exit 2
  fi
  # A dynamic executable names its loader (PT_INTERP); scratch has none.
  if command -v readelf >/dev/null 2>&1 && readelf -l "$exe" 2>/dev/null | grep -q 'INTERP'; then
    echo "$0: $exe is dynamically linked; the image has no libc (build with -C target-feature=+crt-static)" >&2
    exit 1
  fi
done

rm -rf "$out"
mkdir -p "$out/bin" "$out/etc" "$out/tmp" "$out/work"
chmod 1777 "$out/tmp"
chmod 777 "$out/work"
cp "$ismsbook" "$out/bin/ismsbook"
cp "$busybox" "$out/bin/busybox"
chmod 755 "$out/bin/ismsbook" "$out/bin/busybox"
"$busybox" --list | while read -r applet; do
  case "$applet" in
    busybox | ismsbook | "") ;;
    *) ln -s busybox "$out/bin/$applet" ;;
  esac
done
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
  'ismsbook:x:10001:10001:ismsbook:/work:/bin/sh' >"$out/etc/passwd"
printf '%s\n' 'root:x:0:' 'ismsbook:x:10001:' >"$out/etc/group"
test -x "$out/bin/sh"
