# The two commands a new machine needs: `make demo` (an invite against the bundled mock
# Atlas) and `make test` (everything, including the interop servers it installs).

CARGO ?= cargo
BIN := target/release/atlas
MOCK := target/release/examples/mock-atlas

.PHONY: build demo test deps lint clean

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

deps:
	bash .ci/install-deps

test: deps
	$(CARGO) test

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

clean:
	$(CARGO) clean
