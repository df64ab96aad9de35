#!/usr/bin/env bash
# Installs bcf into PREFIX (default /usr/local): the program as PREFIX/bin/bcf and its shell completions
# for bash, zsh and fish under PREFIX/share. The definitions are inside the program, so nothing else is
# copied and no environment variable is needed.
# Usage: scripts/install.sh [--binary PATH] [PREFIX]
#   --binary PATH  install this built program instead of building a release one first
set -euo pipefail
cd "$(dirname "$0")/.."
binary=""
if [ "${1:-}" = "--binary" ]; then
  binary="${2:?--binary needs a path}"
  shift 2
fi
prefix="${1:-/usr/local}"
if [ -z "$binary" ]; then
  # The Swift runtime is linked in, so the program runs on a machine without the Swift toolchain
  # (it still needs the Debian libraries scripts/install-deps.sh installs: libzip, libxml2, libxlsxwriter, sqlite3).
  swift build -c release --product bcf --static-swift-stdlib
  binary="$(swift build -c release --show-bin-path)/bcf"
fi
install -d "$prefix/bin" "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
  "$prefix/share/fish/vendor_completions.d"
install -m 755 "$binary" "$prefix/bin/bcf"
"$prefix/bin/bcf" --generate-completion-script bash > "$prefix/share/bash-completion/completions/bcf"
"$prefix/bin/bcf" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_bcf"
"$prefix/bin/bcf" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/bcf.fish"
echo "installed $prefix/bin/bcf and its completions for bash, zsh and fish"
