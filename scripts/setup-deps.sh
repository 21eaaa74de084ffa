#!/usr/bin/env bash
# Installs exactly the Debian 12 packages dayzero's build and tests need. Idempotent: packages
# already present are left alone, and `apt-get update` runs at most once.
set -euo pipefail

PACKAGES=(
    g++ cmake make pkg-config
    default-jre-headless antlr4 libantlr4-runtime-dev
    librocksdb-dev libfmt-dev catch2 libcli11-dev libedit-dev libncurses-dev libbsd-dev libmd-dev
    libboost-dev nlohmann-json3-dev libssl-dev uuid-dev
    librsvg2-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
    tmux clang-format
)

# One dpkg-query for every package (one call each is slow on a busy machine). It exits 1 when
# any package was never installed, which is the fresh machine's normal case, so its status is
# ignored: the awk filter alone decides what is present.
installed=" $({ dpkg-query -W -f='${Package} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null || true; } |
    awk '$2 == "install" && $4 == "installed" { printf "%s ", $1 }')"
missing=()
for pkg in "${PACKAGES[@]}"; do
    [[ "$installed" == *" $pkg "* ]] || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

echo "setup-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "setup-deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
for pkg in "${missing[@]}"; do
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
        echo "setup-deps: package '$pkg' is not available from the configured Debian sources" >&2
        exit 1
    fi
done
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
echo "setup-deps: installed ${missing[*]}"
