# SPDX-License-Identifier: EUPL-1.2
# Two commands do all the set-up on a fresh machine with Python >= 3.11 and make:
#   make run    install, start PostgreSQL (embedded unless DATABASE_URL is set), migrate, load data, serve
#   make test   the same set-up, then ruff, mypy and the whole pytest suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# The local federal-login simulator `passage serve` starts beside the app when
# PASSAGE_OIDC_ISSUER is unset (docs/identity.md); it stops with the app.
OIDC_PORT ?= 8300
# Two workers (pytest-xdist), one test database each: the suite in about 3 minutes on 2 cores.
PYTEST_ARGS ?= -n 2

.PHONY: fuzz install run test lint typecheck pytest db migrate data lock bench bench-peer bench-peer-install smoke-embedded browser pki pki-up pki-down clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# The lock files pin every version with its hash; `uv pip sync` installs exactly them.
$(VENV)/.installed: $(BIN)/uv requirements/dev.txt pyproject.toml
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements/dev.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	# Bytecode written once: with PYTHONDONTWRITEBYTECODE set (as on CI machines) every
	# command would otherwise recompile what it imports (`passage rules check` 0.15 -> 0.095 s).
	$(BIN)/python -m compileall -q -j 0 src
	touch $@

install: $(VENV)/.installed

# Recompile the lock files after changing pyproject.toml (versions and hashes only, no index URLs).
lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/lock.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements/dev.txt

db: install
	$(BIN)/passage db up

migrate: db
	$(BIN)/passage manage migrate --no-input

data: migrate
	$(BIN)/passage data load
	$(BIN)/passage data demo

# The development PKI (shaped like the Belgian eID) runs beside the app, and its root is the
# trust anchor of signed application forms unless PASSAGE_SIGNATURE_TRUST_ANCHORS says otherwise;
# `.venv/bin/python -m passage.signatures.pki sign IN.pdf OUT.pdf` signs a form as a test citizen.
run: data pki-up
	PASSAGE_SIGNATURE_TRUST_ANCHORS="$${PASSAGE_SIGNATURE_TRUST_ANCHORS:-var/pki/trust}" \
	$(BIN)/passage serve --host $(HOST) --port $(PORT) --oidc-port $(OIDC_PORT)

# The test PKI shaped like the Belgian eID (docs/signatures.md): certomancer's Animator with
# OCSP, CRLs and an RFC 3161 time-stamp authority on 127.0.0.1:$(PKI_PORT), keys in var/pki
# (generated once). `make pki` runs it in the foreground; `pki-up` / `pki-down` in the
# background. Point PASSAGE_SIGNATURE_TRUST_ANCHORS at var/pki/trust to trust its root.
PKI_PORT ?= 8310
pki: install
	$(BIN)/python -m passage.signatures.pki serve --port $(PKI_PORT) --keys var/pki

pki-up: install
	$(BIN)/python -m passage.signatures.pki up --port $(PKI_PORT) --keys var/pki

pki-down:
	-$(BIN)/python -m passage.signatures.pki down --keys var/pki

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: db
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# A quick proof that the embedded PostgreSQL 18 path works even when DATABASE_URL points elsewhere.
smoke-embedded: install
	env -u DATABASE_URL $(BIN)/pytest -q -p no:randomly tests/test_embedded_postgres.py

bench: data
	$(BIN)/passage bench rules
	$(BIN)/passage bench casework
	$(BIN)/passage bench portal
	$(BIN)/passage bench monitoring
	$(BIN)/passage bench outbox
	$(MAKE) --no-print-directory bench-peer

# The OpenFisca 46 peer of the bulk benchmark (benchmarks/openfisca_peer), in a venv of its own:
# only `make bench` installs it; openfisca-core is never a dependency of Passage.
PEER_VENV := .venv-peer
$(PEER_VENV)/.installed: benchmarks/openfisca_peer/pyproject.toml
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e benchmarks/openfisca_peer
	touch $@

bench-peer-install: $(PEER_VENV)/.installed

# passage rules bulk against the peer, whole processes alternated 5 times, 1 000 000 cases:
# benchmarks/results/rules_vs_openfisca.json (the ratio, and disagreements on SAL and FR-01).
bench-peer: install bench-peer-install
	$(BIN)/python benchmarks/openfisca_peer/generate_parameters.py
	$(BIN)/python benchmarks/bulk_vs_openfisca.py

# The long fuzz (issue 12): schemathesis over every API operation as every role, 100 examples
# each (`make test` runs 6, derandomised). The seed is printed; FUZZ_SEED=N repeats a run.
FUZZ_SEED ?= $(shell python3 -c "import random; print(random.randrange(2**32))")
fuzz: db
	@echo "fuzz seed: $(FUZZ_SEED)"
	PASSAGE_FUZZ_EXAMPLES=$${PASSAGE_FUZZ_EXAMPLES:-100} PASSAGE_FUZZ_SEED=$(FUZZ_SEED) \
	$(BIN)/pytest -q tests/fuzz -p no:cacheprovider --hypothesis-seed=$(FUZZ_SEED)

# Debian's Chromium for the browser tests (tests/browser); Playwright never downloads one.
# Needs root on Debian; without it the browser tests skip and say why. axe-core comes from the
# npm registry at the version and integrity hash of tests/browser/package-lock.json.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@test -f tests/browser/node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund --prefix tests/browser

clean:
	-$(BIN)/python -m passage.signatures.pki down --keys var/pki
	-$(BIN)/passage db down
	rm -rf $(VENV) $(PEER_VENV) var .pytest_cache .mypy_cache .ruff_cache
