#!/usr/bin/env bash
# Installs the Debian packages the project builds and tests with, only those that are missing.
# Usage: scripts/install-deps.sh [extra-package ...]
set -euo pipefail
packages=(pkg-config libzip-dev libisal-dev libxml2-dev libxlsxwriter-dev zlib1g-dev libsqlite3-dev sqlite3 gzip unzip "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
