# `make dev` runs the local stack; `make test` runs every check. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup dev test lint unit integration bench-ingest bench-api clean web-build web-test chromium check-infra

setup: $(VENV)/.installed node_modules/.installed web/node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The web app (web/): npm packages of its own; Playwright never downloads a browser.
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

web-build: setup
	cd web && npm run build

# The browser tests use Debian's Chromium (Playwright's download cannot reach the internet).
chromium:
	command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends chromium)

# Lint and types, component tests (Vitest), the initial-JS budget, browser tests (Playwright).
web-test: web-build chromium
	cd web && npm run lint && npm run typecheck && npm test && npm run size && npm run test:e2e

dev: setup web-build
	$(BIN)/python -m functions.devstack

lint: setup
	$(BIN)/ruff check .

test: setup lint check-infra
	$(BIN)/python -m pytest -q --ignore=tests/infra
	$(MAKE) --no-print-directory web-test

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
	rm -rf .local bench/out .pytest_cache web/dist test-artifacts .venv-infra
