#!/usr/bin/env bash
# Package one built ismsbook binary as a release asset, the way
# .github/workflows/release.yml does for every platform:
#
#   scripts/package-release.sh BINARY TARGET OUTDIR
#
# writes OUTDIR/ismsbook-<version>-<TARGET>.tar.gz (.zip for a Windows
# target) holding the binary and README.md at the top level, and beside it
# <archive>.sha256 in the format `sha256sum -c` reads. The version is the one
# in Cargo.toml. A binary that still carries debug info is refused (the
# release profile drops it; the workflow also strips symbols), so an asset is
# never the 75 MB debug build. With GNU tar the archive is reproducible:
# sorted names, owner 0, mtime SOURCE_DATE_EPOCH (default 0). GZIP_LEVEL
# (default 9) only trades size for time (the tests use 1).
# tests/packaging.rs runs this script.
set -euo pipefail
if [ "$#" -ne 3 ]; then
  echo "usage: $0 BINARY TARGET OUTDIR" >&2
  exit 2
fi
bin="$1"
target="$2"
out="$3"
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
if [ -z "$version" ]; then
  echo "$0: no version in Cargo.toml" >&2
  exit 2
fi
if [ ! -f "$bin" ]; then
  echo "$0: $bin: no such file" >&2
  exit 2
fi
if command -v readelf >/dev/null 2>&1 && readelf -S "$bin" 2>/dev/null | grep -q '\.debug_info'; then
  echo "$0: $bin carries debug info; build with the release profile (or strip it)" >&2
  exit 1
fi

name="ismsbook-$version-$target"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"
out="$(cd "$out" && pwd)"
case "$target" in
  *windows*) exe=ismsbook.exe ;;
  *) exe=ismsbook ;;
esac
cp "$bin" "$stage/$exe"
chmod 755 "$stage/$exe"
cp "$root/README.md" "$stage/README.md"

case "$target" in
  *windows*)
    archive="$name.zip"
    rm -f "$out/$archive"
    (cd "$stage" && 7z a -tzip "$out/$archive" "$exe" README.md >/dev/null)
    ;;
  *)
    archive="$name.tar.gz"
    if tar --version 2>/dev/null | grep -q 'GNU tar'; then
      tar --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime="@${SOURCE_DATE_EPOCH:-0}" -C "$stage" -cf - "$exe" README.md |
        gzip -n "-${GZIP_LEVEL:-9}" >"$out/$archive"
    else
      tar -C "$stage" -czf "$out/$archive" "$exe" README.md
    fi
    ;;
esac

if command -v sha256sum >/dev/null 2>&1; then
  (cd "$out" && sha256sum "$archive" >"$archive.sha256")
else
  (cd "$out" && shasum -a 256 "$archive" >"$archive.sha256")
fi
echo "$out/$archive"
