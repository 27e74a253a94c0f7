#!/usr/bin/env bash
# install_test.sh BUILD_DIR — `cmake --install` into a scratch prefix; the installed binary must find
# the installed packs (not the source tree's) when run from an unrelated folder.
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
cd /
out=$("$prefix/bin/stancheck" rules show L16-002)
case "$out" in
  *"source:    $prefix/share/stancheck/rules/link16.rules:"*) echo "installed packs found" ;;
  *) echo "installed binary did not use the installed packs:"; echo "$out" | head -8; exit 1 ;;
esac
