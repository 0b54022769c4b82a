"""web/nginx.conf checked by nginx itself (`nginx -t`, Debian's nginx; the image runs 1.28)."""

from __future__ import annotations

import os
import shutil

import pytest

from functions.localservices import PROJECT_ROOT
from tests.infra.conftest import run

CONF = PROJECT_ROOT / "web" / "nginx.conf"


def nginx() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if path:
        return path
    message = "nginx is not installed (.ci/run installs nginx-light)"
    if os.environ.get("INFRA_TOOLS_REQUIRED") == "1":
        pytest.fail(message)
    pytest.skip(message)


def nginx_test(server_conf, tmp_path):
    """`nginx -t` with the server block included as the image's conf.d does."""
    main = tmp_path / "nginx.conf"
    main.write_text(f"""
pid {tmp_path}/nginx.pid;
error_log stderr;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {server_conf};
}}
""")
    return run(nginx(), "-t", "-p", str(tmp_path), "-c", str(main))


def test_nginx_accepts_the_web_config(tmp_path):
    result = nginx_test(CONF, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_nginx_rejects_a_broken_config(tmp_path):
    broken = tmp_path / "broken.conf"
    broken.write_text(CONF.read_text().replace("listen 8080;", "listen 8080", 1))
    result = nginx_test(broken, tmp_path)
    assert result.returncode != 0
