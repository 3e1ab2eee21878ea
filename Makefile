# nifcheck: the commands a newcomer and CI run. `make demo` and `make test` come first.
CARGO ?= cargo
NIFCHECK_CORPUS ?= $(abspath ../shared/corpus)
export NIFCHECK_CORPUS

.PHONY: demo test fmt fmt-check lint unit snap bench docs ci clean

## Build, then validate the sample payloads against the embedded reference framework.
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

## Formatting, lints and every test (what CI runs).
test: fmt-check lint unit

fmt:
	$(CARGO) fmt

fmt-check:
	$(CARGO) fmt --check

lint:
	$(CARGO) clippy --all-targets -- -D warnings

unit:
	INSTA_UPDATE=no $(CARGO) test --lib --bins --tests

## Review and accept changed insta snapshots (needs cargo-insta).
snap:
	INSTA_UPDATE=always $(CARGO) test --all-targets || true
	@echo "review the snapshot changes with git diff tests/snapshots"

## Benchmarks against peers (not part of the tests).
bench:
	bash benches/run.sh
	bash benches/compat.sh
	bash benches/lint.sh
	bash benches/xml.sh

docs:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps

ci: test docs

clean:
	$(CARGO) clean
	rm -rf bench-data
