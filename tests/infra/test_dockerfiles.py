"""The two images, checked without building them: hadolint and their shape."""

from __future__ import annotations

import re

import pytest

from functions.localservices import PROJECT_ROOT
from tests.infra.conftest import BAD, run, tool

FUNCTIONS = PROJECT_ROOT / "Dockerfile"
WEB = PROJECT_ROOT / "web" / "Dockerfile"


@pytest.mark.parametrize("dockerfile", [FUNCTIONS, WEB], ids=["functions", "web"])
def test_hadolint_passes(dockerfile):
    result = run(tool("hadolint"), "--no-color", str(dockerfile))
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_rejects_a_bad_dockerfile():
    result = run(tool("hadolint"), "--no-color", str(BAD / "Dockerfile.bad"))
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # the latest tag


def instructions(path) -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", path.read_text())
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
            for line in (raw.strip() for raw in text.splitlines()) if line and not line.startswith("#")]


def test_the_functions_image_is_the_real_host_with_cached_layers_as_non_root():
    steps = instructions(FUNCTIONS)
    assert steps[0] == ("FROM", "mcr.microsoft.com/azure-functions/python:4-python3.11")
    env = " ".join(arg for op, arg in steps if op == "ENV")
    assert "AzureWebJobsScriptRoot=/home/site/wwwroot" in env
    order = [arg for op, arg in steps if op in ("COPY", "RUN")]
    requirements = next(i for i, arg in enumerate(order) if "requirements.txt" in arg and arg.startswith("requirements"))
    install = next(i for i, arg in enumerate(order) if "pip install" in arg)
    code = next(i for i, arg in enumerate(order) if arg.startswith("--chown") and " . " in f" {arg} ")
    assert requirements < install < code  # dependencies are a layer of their own
    users = [arg for op, arg in steps if op == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")


def test_the_web_image_builds_with_npm_and_serves_with_unprivileged_nginx():
    steps = instructions(WEB)
    froms = [arg for op, arg in steps if op == "FROM"]
    assert froms[0].startswith("node:20") and froms[0].endswith("AS build")
    assert froms[-1].startswith("nginxinc/nginx-unprivileged:")
    runs = " ".join(arg for op, arg in steps if op == "RUN")
    assert "npm ci" in runs and "npm run build" in runs
    assert ("COPY", "--from=build /src/dist /usr/share/nginx/html") in steps
    assert [arg for op, arg in steps if op == "USER"][-1] not in ("root", "0")


def test_nginx_falls_back_to_the_spa_and_proxies_the_api_to_the_functions_container():
    conf = (PROJECT_ROOT / "web" / "nginx.conf").read_text()
    assert re.search(r"listen 8080;", conf)
    assert re.search(r"location /api/ \{[^}]*proxy_pass \$functions_upstream;", conf, re.S)
    assert "set $functions_upstream http://functions:80;" in conf
    assert re.search(r"location / \{[^}]*try_files \$uri \$uri/ /index\.html;", conf, re.S)
    assert "client_max_body_size 200m;" in conf  # MAX_UPLOAD_MB's default


def test_the_build_contexts_leave_out_secrets_and_local_state():
    functions = (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
    assert functions[next(i for i, line in enumerate(functions) if line and not line.startswith("#"))] == "*"
    allowed = [line[1:] for line in functions if line.startswith("!")]
    assert not any(a.startswith((".env", ".venv", "tests", ".local", "node_modules")) for a in allowed)
    web = (PROJECT_ROOT / "web" / ".dockerignore").read_text().splitlines()
    assert {"node_modules", "dist", ".env"} <= set(web)


def test_the_image_context_keeps_every_module_the_app_imports():
    import subprocess
    import sys

    # In a fresh interpreter: which project files does importing the app (and init) load?
    code = ("import sys, function_app, runpy; import functions.store.migrate; "
            "print('\\n'.join(m.__file__ for m in list(sys.modules.values()) if getattr(m, '__file__', None)))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    project = {str(p.relative_to(PROJECT_ROOT)) for p in map(__import__("pathlib").Path, loaded)
               if p.is_relative_to(PROJECT_ROOT) and ".venv" not in p.parts}
    assert "function_app.py" in project and "functions/settings.py" in project
    lines = [line.strip() for line in (PROJECT_ROOT / ".dockerignore").read_text().splitlines()]
    excluded = {line for line in lines if line and not line.startswith(("#", "!", "*"))}
    assert project & excluded == set()
