"""Helpers for the static infrastructure checks (no Docker engine, no terraform providers).

The linters live in their own venv, .venv-infra (`make check-infra` installs it from
requirements-infra.txt). Without it these tests skip, unless INFRA_TOOLS_REQUIRED=1 (set by
`make check-infra`), when a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import hcl2
import pytest
import yaml

from functions.localservices import PROJECT_ROOT

INFRA_BIN = PROJECT_ROOT / ".venv-infra" / "bin"
BAD = Path(__file__).parent / "bad"
TERRAFORM = PROJECT_ROOT / "terraform"
# Values for the compose file's required variables (${VAR:?...}) when validating it.
COMPOSE_ENV = {"JWT_SECRET": "x" * 48, "POSTGRES_PASSWORD": "compose-check", "ADMIN_PASSWORD": "compose-check"}


def tool(name: str) -> str:
    path = INFRA_BIN / name
    if path.exists():
        return str(path)
    message = f"{name} is not installed: run `make check-infra` (installs .venv-infra)"
    if os.environ.get("INFRA_TOOLS_REQUIRED") == "1":
        pytest.fail(message)
    pytest.skip(message)


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in COMPOSE_ENV}
    full_env.update(env or {})
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600)


def unquote(value):
    """python-hcl2 keeps the quotes of string literals and keys: '"abc"' -> 'abc'."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def load_compose() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())


def load_terraform() -> dict[str, dict]:
    """Every .tf file, parsed: {file name: hcl2 document}."""
    return {path.name: hcl2.load(path.open()) for path in sorted(TERRAFORM.glob("*.tf"))}


def terraform_blocks(kind: str) -> dict[tuple[str, str], dict]:
    """All resources (kind='resource') or data sources (kind='data') by (type, name)."""
    found: dict[tuple[str, str], dict] = {}
    for doc in load_terraform().values():
        for entry in doc.get(kind, []):
            for rtype, named in entry.items():
                for name, body in named.items():
                    found[(unquote(rtype), unquote(name))] = body
    return found


def terraform_locals() -> dict:
    merged: dict = {}
    for doc in load_terraform().values():
        for entry in doc.get("locals", []):
            merged.update(entry)
    return merged


def terraform_binary() -> str | None:
    return shutil.which("terraform")
