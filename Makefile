# The two commands: `make demo` and `make test` (CI runs `make test` through .ci/run).
# Both install what is missing first (scripts/setup.sh): Rust components and the wasm32 target,
# wasm-bindgen-cli at the crate's exact version, the npm tools, Chromium and Firefox from apt.

CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)
# wasm-bindgen-test runs the WebAssembly tests in Node.js.
WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	$(CARGO) test --target wasm32-unknown-unknown --no-default-features --test wasm

.PHONY: demo test setup extension lint e2e cli-demo eval bench clean

## demo: build the extension and run it in headless Chromium on samples/wire-story.html
demo: extension
	node scripts/demo.mjs

## test: formatting, lints, Rust tests (native and WebAssembly), the extension build and its
## lints, end-to-end tests in Chromium and Firefox, then the evaluation summary
test: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --tests --no-default-features --target wasm32-unknown-unknown -- -D warnings
	$(CARGO) test --all-targets --no-fail-fast
	$(CARGO) test --doc
	$(WASM_TEST)
	scripts/build-extension.sh
	$(MAKE) --no-print-directory lint e2e
	$(CARGO) run --quiet -- eval --format summary

setup:
	@scripts/setup.sh --browsers

## extension: extension/dist/{chromium,firefox} and their zips
extension: setup
	scripts/build-extension.sh

lint:
	npx eslint extension tests/e2e scripts eslint.config.js
	npx web-ext lint --source-dir extension/dist/firefox --self-hosted --no-config-discovery

e2e:
	node --test --test-concurrency=1 tests/e2e/

## cli-demo: the command-line tool on the sample page (cleaned text and syndication verdict)
cli-demo: setup
	$(CARGO) build --quiet --bin sift
	@scripts/demo.sh

## eval: the full evaluation table (fixtures, then corpus pages worst first)
eval: setup
	$(CARGO) run --quiet -- eval

## bench: parse-only versus extract timings over the corpus, in release mode
bench: setup
	$(CARGO) bench --bench speed

clean:
	$(CARGO) clean
	rm -rf extension/dist extension/pkg tests/artifacts
