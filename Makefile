# The two commands a new machine needs: `make demo` (an invite against the bundled mock
# Atlas) and `make test` (everything, including the interop servers it installs).

CARGO ?= cargo
BIN := target/release/atlas
MOCK := target/release/examples/mock-atlas
TARGET_DIR ?= target
RUNS ?= 25
# Flags for the static binary: no PIE (file(1) says "statically linked"), and no unwind
# tables, which a panic=abort program never reads.
STATIC_FLAGS := -C relocation-model=static -C force-unwind-tables=no -C link-arg=-Wl,--no-eh-frame-hdr
# 2.5 MiB, the size budget of the static binary.
BUDGET := 2621440

.PHONY: build demo test deps lint clean release bench

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
	sleep 0.2; echo; echo "what the mock received:"; cat $$tmp/mock.log

# One static x86-64 binary: musl when that target is installed, else static glibc.
# The last line printed is the binary's path.
release:
	@set -e; \
	if rustup target list --installed 2>/dev/null | grep -qx x86_64-unknown-linux-musl; then \
	  target=x86_64-unknown-linux-musl; flags="$(STATIC_FLAGS)"; \
	else \
	  target=x86_64-unknown-linux-gnu; flags="-C target-feature=+crt-static $(STATIC_FLAGS)"; \
	fi; \
	RUSTFLAGS="$$flags" $(CARGO) build --quiet --release --bin atlas --target $$target --target-dir $(TARGET_DIR); \
	out=$(TARGET_DIR)/$$target/release/atlas; \
	file -b $$out | grep -q 'statically linked' || { echo "release: not static: $$(file -b $$out)" >&2; exit 1; }; \
	size=$$(stat -c %s $$out); \
	echo "release: $$target, statically linked, $$size bytes (budget $(BUDGET))" >&2; \
	[ $$size -le $(BUDGET) ] || { echo "release: over the 2.5 MiB budget" >&2; exit 1; }; \
	echo $$out

deps:
	bash .ci/install-deps

# Our static binary versus curl --digest against the mock, one run; the table is printed
# and written to target/bench.md.
bench: deps
	@bin=$$($(MAKE) --no-print-directory -s release) && \
	$(CARGO) build --quiet --release --example bench && \
	target/release/examples/bench $$bin target/bench.md $(RUNS)

test: deps
	bin=$$($(MAKE) --no-print-directory -s release) && ATLAS_STATIC_BIN=$$bin $(CARGO) test

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

clean:
	$(CARGO) clean
