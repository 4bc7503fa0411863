#!/usr/bin/env bash
# Makes sure the tools `make demo` and `make test` need are installed: cargo, rustfmt and clippy.
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
