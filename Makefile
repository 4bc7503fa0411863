# The two commands: `make demo` and `make test` (CI runs `make test` through .ci/run).
# Both install what is missing first (scripts/setup.sh).

CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test setup build eval bench clean

## demo: build the CLI and run it on samples/wire-story.html
demo: build
	@scripts/demo.sh

## test: formatting, lints, every test target, doc tests, then the evaluation summary
test: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings
	$(CARGO) test --all-targets --no-fail-fast
	$(CARGO) test --doc
	$(CARGO) run --quiet -- eval --format summary

setup:
	@scripts/setup.sh

build: setup
	$(CARGO) build --quiet --bin sift

## eval: the full evaluation table (fixtures, then corpus pages worst first)
eval: setup
	$(CARGO) run --quiet -- eval

## bench: parse-only versus extract timings over the corpus, in release mode
bench: setup
	$(CARGO) bench --bench speed

clean:
	$(CARGO) clean
