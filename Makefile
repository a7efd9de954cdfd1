# Two commands do all the set-up on a fresh machine:
#   make demo   the main job on the bundled sample (embedded store)
#   make test   the whole test suite (installs Chromium and fetches Neo4j when missing)
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install bytecode chromium neo4j-jars neo4j neo4j-stop bench fuzz lint clean

install: $(VENV)/.installed bytecode

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The package's modules compiled to bytecode, as pip does for an installed package: an editable
# install writes it on first import, unless PYTHONDONTWRITEBYTECODE is set (then every command
# would compile its modules again, about 0.07 s). Only changed modules are compiled.
bytecode: $(VENV)/.installed
	@$(BIN)/python -m compileall -q kg queries ingest visualize >/dev/null

demo: install
	$(BIN)/kg demo

test: install chromium neo4j-jars
	$(BIN)/pytest -q

# Debian's Chromium for the browser tests (never `playwright install`).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# Neo4j Community 5.26 from Maven Central into .cache/neo4j (ignored by git).
neo4j-jars: install
	$(BIN)/python -m kg.store.local_neo4j fetch

# A local Neo4j in the background, data in .neo4j/ (or $$NEO4J_HOME), on the port it had last time;
# prints the export lines to paste. NEO4J_OPTS="--auth --tls": a password and TLS (remembered).
neo4j: neo4j-jars
	$(BIN)/python -m kg.store.local_neo4j start $(NEO4J_OPTS)

neo4j-stop:
	$(BIN)/python -m kg.store.local_neo4j stop

# Slow measurements, outside the test run; each writes its section of BENCHMARKS.md.
# store and engine generate their networks once into .cache/bench (10,000 and 100,000 actors;
# about an hour in all on 2 cores, most of it the exact bridges and networkx at 100,000).
bench: install neo4j-jars chromium
	$(BIN)/python -m benchmarks.ingest
	$(BIN)/python -m benchmarks.neo4j_load
	$(BIN)/python -m benchmarks.store
	$(BIN)/python -m benchmarks.engine --bounded
	$(BIN)/python -m benchmarks.viz

# The long fuzz (tests/test_fuzz.py): generated datasets, valid and broken, through ingest and the
# queries for FUZZ_SECONDS (default 10 minutes); the cases and failures land in .fuzz-result.json.
FUZZ_SECONDS ?= 600
fuzz: install
	KG_FUZZ_PROFILE=fuzz KG_FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/pytest -q -p no:cacheprovider \
		tests/test_fuzz.py -k traceback; status=$$?; cat .fuzz-result.json; exit $$status

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .cache .pytest_cache build *.egg-info
