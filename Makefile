# The two commands a new machine needs: `make demo` (invites, then a file's plan, run and
# re-run against the bundled mock Atlas) and `make test` (everything, including the
# interop servers it installs).

CARGO ?= cargo
BIN := target/release/atlas
MOCK := target/release/examples/mock-atlas
RUNS ?= 25
# The release architecture of `make release`: x86_64 or aarch64.
ARCH ?= x86_64
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -n 1)
DIST_X86 := dist/atlas-$(VERSION)-linux-x86_64
DIST_ARM := dist/atlas-$(VERSION)-linux-aarch64

.PHONY: build demo test deps lint clean release release-all bench

build:
	$(CARGO) build --release --bin atlas

$(MOCK): build
	$(CARGO) build --release --example mock-atlas

demo: build $(MOCK)
	@set -e; tmp=$$(mktemp -d); \
	export MONGODB_ATLAS_PUBLIC_API_KEY=demopublic MONGODB_ATLAS_PRIVATE_API_KEY=demo-0000-private-key; \
	$(MOCK) --ready $$tmp/ready 2>$$tmp/mock.log & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; rm -rf $$tmp' EXIT; \
	for i in $$(seq 100); do [ -s $$tmp/ready ] && break; sleep 0.1; done; \
	read url ca < $$tmp/ready; \
	export MONGODB_ATLAS_BASE_URL=$$url SSL_CERT_FILE=$$ca; \
	echo "mock Atlas at $$url (test CA in SSL_CERT_FILE, API keys in MONGODB_ATLAS_*_API_KEY)"; \
	echo; echo '$$ atlas users invite --email user@example.com --username user@example.com --orgRole 5dd56c847a3e5a1f363d424d:ORG_OWNER --firstName Example --lastName User --country US <<< "$$PASSWORD"'; \
	echo 'Correct-Horse-9' | $(BIN) users invite --email user@example.com --username user@example.com \
		--orgRole 5dd56c847a3e5a1f363d424d:ORG_OWNER --firstName Example --lastName User --country US; \
	echo; echo '$$ atlas users invite ... --projectRole 5f71e5255afec75a3d0f96dc:GROUP_READ_ONLY --output json'; \
	echo 'Correct-Horse-9' | $(BIN) users invite --email user2@example.com --username user2@example.com \
		--projectRole 5f71e5255afec75a3d0f96dc:GROUP_READ_ONLY --firstName Example --lastName User --country US --output json; \
	echo; echo '$$ atlas users invite ... --country UK   # validated before anything is sent'; \
	$(BIN) users invite --email user@example.com --username user@example.com --firstName Example \
		--lastName User --country UK --password 'Correct-Horse-9' || echo "(exit code $$?)"; \
	printf 'username,orgRole,teamId\nann@example.com,5dd56c847a3e5a1f363d424e:ORG_MEMBER,66b6d8e2a1b2c3d4e5f60719\nbob@example.com,5dd56c847a3e5a1f363d424e:ORG_MEMBER,\n' > $$tmp/team.csv; \
	count() { sleep 0.2; echo "(the mock has answered $$(grep -c 'digest ok' $$tmp/mock.log) authenticated requests so far)"; }; \
	echo; echo '$$ cat team.csv'; cat $$tmp/team.csv; count; \
	echo; echo '$$ atlas users invite --file team.csv --apiVersion 2025-02-19 --ensureMemberships --plan   # reads, sends nothing'; \
	$(BIN) users invite --file $$tmp/team.csv --apiVersion 2025-02-19 --ensureMemberships --plan; count; \
	echo; echo '$$ atlas users invite --file team.csv --apiVersion 2025-02-19 --ensureMemberships'; \
	$(BIN) users invite --file $$tmp/team.csv --apiVersion 2025-02-19 --ensureMemberships; count; \
	echo; echo '$$ atlas users invite --file team.csv --apiVersion 2025-02-19 --ensureMemberships   # again: only the read'; \
	$(BIN) users invite --file $$tmp/team.csv --apiVersion 2025-02-19 --ensureMemberships; count; \
	sleep 0.2; echo; echo "what the mock received:"; cat $$tmp/mock.log

# One static musl binary for ARCH into dist/ (see .ci/release for the routes), checked for
# static linking and its budget (x86_64 1.75 MiB, aarch64 1.6 MiB); SHA256SUMS is
# rewritten. The last line printed is the binary's path.
release:
	@bash .ci/release $(ARCH)

# Both architectures, then their checksums.
release-all:
	@bash .ci/release x86_64 >/dev/null && bash .ci/release aarch64 >/dev/null && cat dist/SHA256SUMS

deps:
	bash .ci/install-deps

# The benchmark (method: tests/support/bench_main.rs): our static binary against curl
# --digest and Apache httpd, long runs and desired state against the mock; the tables are
# printed and written to target/bench.md.
bench: deps
	@bin=$$($(MAKE) --no-print-directory -s release) && \
	$(CARGO) build --quiet --release --example bench && \
	target/release/examples/bench $$bin target/bench.md $(RUNS)

# Everything: the crate documentation (no warning), the suite (the empty-root test on both
# release binaries), the invite tests again against the arm64 binary under qemu, and the
# reproducibility check.
test: deps release-all
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --quiet
	ATLAS_STATIC_BIN=$(DIST_X86) ATLAS_STATIC_BIN_AARCH64=$(DIST_ARM) $(CARGO) test
	ATLAS_TEST_BIN=$(DIST_ARM) ATLAS_TEST_RUNNER=qemu-aarch64-static $(CARGO) test --test tests -- invite:: members::
	$(CARGO) test --test tests -- --ignored release::

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --quiet

clean:
	$(CARGO) clean
	rm -rf dist
