#!/usr/bin/env bash
# Makes sure the tools `make demo` and `make test` need are installed: rustfmt, clippy and the
# wasm32 target always; with --extension also wasm-bindgen-cli (the Cargo.lock version), the npm
# packages and python3; with --browsers also Chromium, chromedriver and Firefox ESR from apt.
# Idempotent, and silent when everything is already there.
set -euo pipefail

# rustup installs into ~/.cargo/bin, which a fresh shell may not have on its PATH yet.
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo was not found. Sift needs a Rust toolchain (1.85 or newer) installed" >&2
  echo "setup: with rustup, with cargo on your PATH; then run make again." >&2
  exit 1
fi

# Each component is added only when its command does not answer.
missing=()
cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v rustup >/dev/null 2>&1; then
    echo "setup: ${missing[*]} missing and rustup not found; install them with your Rust toolchain." >&2
    exit 1
  fi
  echo "setup: adding ${missing[*]}"
  rustup component add "${missing[@]}"
fi

# The engine must keep compiling for WebAssembly (the browser extension's build).
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --extension: what building the browser extension needs (scripts/build-extension.sh).
# --browsers: the browsers the end-to-end tests drive (Debian's packages; never downloaded by npm).
want_extension=false
want_browsers=false
for arg in "$@"; do
  case "$arg" in
    --extension) want_extension=true ;;
    --browsers) want_extension=true; want_browsers=true ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

# System packages: python3 (extension/build.mjs packs the store zips with its zipfile module)
# and Node.js with npm for the extension build; the browsers the end-to-end tests drive.
apt_missing=()
if $want_extension; then
  command -v python3 >/dev/null 2>&1 || apt_missing+=(python3)
  command -v node >/dev/null 2>&1 || apt_missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || apt_missing+=(npm)
fi
if $want_browsers; then
  command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || apt_missing+=(chromium-driver)
  command -v firefox-esr >/dev/null 2>&1 || apt_missing+=(firefox-esr)
fi
if [ "${#apt_missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: ${apt_missing[*]} missing; install them with your system's package manager." >&2
    exit 1
  fi
  echo "setup: installing ${apt_missing[*]} from apt"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${apt_missing[@]}"
fi

if $want_extension; then
  # wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ -z "$version" ]; then
    echo "setup: could not read the wasm-bindgen version from Cargo.lock" >&2
    exit 1
  fi
  have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
  if [ "$have" != "$version" ]; then
    echo "setup: installing wasm-bindgen-cli $version (found: ${have:-none}; takes a few minutes)"
    cargo install wasm-bindgen-cli --version "$version" --force
  fi

  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$node_major" -lt 20 ]; then
    echo "setup: Node.js 20 or newer is needed for the extension build and its tests (found $(node --version))." >&2
    exit 1
  fi
  # Install the pinned npm tools when node_modules is missing or older than the lock file.
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages (package-lock.json)"
    npm ci --no-audit --no-fund
  fi
fi
