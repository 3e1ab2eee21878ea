# nifcheck: the commands a newcomer and CI run. `make demo` and `make test` come first.
CARGO ?= cargo
NIFCHECK_CORPUS ?= $(abspath ../shared/corpus)
export NIFCHECK_CORPUS

.PHONY: demo test test-build fmt fmt-check lint unit snap bench bench-serve fuzz docs static ci clean

## Build, then run the main jobs on the embedded reference framework: validate the sample
## payloads, lint the sample APIs, and publish the report on the sample government.
demo:
	$(CARGO) build --quiet
	./target/debug/nifcheck framework list
	@echo
	@echo '$$ nifcheck validate fixtures/payloads'
	@./target/debug/nifcheck validate fixtures/payloads; status=$$?; \
	  echo "(exit code $$status: 0 conforms, 1 findings, 2 could not check)"; test $$status -le 1
	@echo
	@echo '$$ nifcheck lint fixtures/apis/civil-registry/openapi.yaml fixtures/apis/noncompliant/openapi.yaml --format github'
	@./target/debug/nifcheck lint fixtures/apis/civil-registry/openapi.yaml fixtures/apis/noncompliant/openapi.yaml \
	  --format github > target/demo-lint.txt; status=$$?; tail -5 target/demo-lint.txt; \
	  echo "... $$(wc -l < target/demo-lint.txt) annotations (exit code $$status)"; test $$status -le 1
	@echo
	@echo '$$ nifcheck report fixtures/government --out target/government-site'
	@./target/debug/nifcheck report fixtures/government --out target/government-site > target/demo-report.txt; \
	  status=$$?; tail -3 target/demo-report.txt; echo "(exit code $$status)"; test $$status -le 1
	@echo
	@echo "The government's conformance site: file://$(CURDIR)/target/government-site/index.html"

## Formatting, lints, every test (doctests included) and the documentation build: what CI runs.
## One build does the lint, test and documentation work: the crate is compiled through
## .ci/lint-and-doc (clippy-driver, warnings denied, and rustdoc in the same build), so
## no dependency is built twice (`make lint` and `make docs` alone would each check every
## dependency again).
ONE_BUILD = RUSTC_WORKSPACE_WRAPPER="$(CURDIR)/.ci/lint-and-doc"
# mimalloc hands freed pages back to the system 10 ms after they empty; the test processes free
# and allocate the same amounts again and again, so each page was faulted and zeroed anew. Kept,
# the integration tests take a twelfth less CPU time.
TEST_ENV = INSTA_UPDATE=no MIMALLOC_PURGE_DELAY=-1
test: test-build
	$(ONE_BUILD) $(TEST_ENV) $(CARGO) test
	.ci/doc-wait

## The build `make test` runs its tests on, alone (CI installs the tests' tools meanwhile).
test-build: fmt-check
	$(ONE_BUILD) $(CARGO) build --all-targets

fmt:
	$(CARGO) fmt

fmt-check:
	$(CARGO) fmt --check

lint:
	$(CARGO) clippy --all-targets -- -D warnings

# `cargo test` with no target selected runs the library's unit tests, the integration tests
# (one binary, `tests/main.rs`) and the doctests; snapshots are never written here.
unit:
	$(TEST_ENV) $(CARGO) test

## Write changed snapshots beside the accepted ones as `.snap.new`, then review them one by one.
snap:
	INSTA_UPDATE=new INSTA_FORCE_PASS=1 $(CARGO) test
	@if command -v cargo-insta >/dev/null; then cargo insta review; else \
	  echo "$$(find tests src -name '*.snap.new' | wc -l) changed snapshots (*.snap.new): review them with"; \
	  echo "cargo insta review (cargo install cargo-insta), or diff each against its .snap and rename to accept"; fi

## Benchmarks against peers (not part of the tests).
bench:
	bash benches/run.sh
	bash benches/json.sh
	bash benches/compat.sh
	bash benches/lint.sh
	bash benches/xml.sh

## Load test of `nifcheck serve` (release build, 64 connections, 20 s; SECONDS_PER_RUN=60 for
## the memory run). Not part of `make bench`: it needs the machine to itself.
bench-serve:
	bash benches/serve.sh

## Fuzz one target for a while (nightly toolchain and cargo-fuzz; not part of the tests), e.g.
## `make fuzz TARGET=json_payload SECONDS=600`; with no TARGET, lists the targets.
## See docs/development.md, "Fuzzing".
TARGET ?=
SECONDS ?= 600
fuzz:
	bash fuzz/run.sh $(TARGET) $(SECONDS)

## The API documentation; a broken intra-doc link fails.
docs:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps

## A fully static Linux binary, target/x86_64-unknown-linux-musl/release/nifcheck: musl libc linked
## in, so it runs on any x86-64 Linux (no C library needed, host names resolved by musl itself).
## Needs the musl target (added here through rustup) and musl-gcc for ring's and mimalloc's C
## code (Debian: musl-tools). A release build of every dependency: not part of `make test`.
STATIC_TARGET = x86_64-unknown-linux-musl
static:
	rustup target add $(STATIC_TARGET)
	@command -v musl-gcc >/dev/null || { echo "musl-gcc is missing (Debian: apt-get install musl-tools)" >&2; exit 2; }
	$(CARGO) build --release --locked --target $(STATIC_TARGET) --bin nifcheck
	.ci/check-static "$${CARGO_TARGET_DIR:-target}/$(STATIC_TARGET)/release/nifcheck"

## What CI runs: the tests, then the documentation.
ci: test

clean:
	$(CARGO) clean
	rm -rf bench-data
