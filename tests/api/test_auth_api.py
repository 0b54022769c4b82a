"""Tokens: issued for good credentials; refused when missing, forged, expired or foreign."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from functions.api.auth import ConfigError, signing_key
from functions.settings import Settings
from tests.api.conftest import ADMIN, SECRET

pytestmark = pytest.mark.integration
TOP = "/api/v1/plants/top"


def claims(**overrides) -> dict:
    now = int(time.time())
    return {"sub": "admin", "role": "admin", "iss": "egrid-plants", "aud": "egrid-plants-api",
            "iat": now, "exp": now + 60, **overrides}


def b64(part: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def test_token_route(client):
    response = client.post("/api/v1/auth/token", data={"username": ADMIN[0], "password": ADMIN[1]})
    body = response.json()
    assert response.status_code == 200 and body["token_type"] == "bearer" and body["expires_in"] == 3600
    bad = client.post("/api/v1/auth/token", data={"username": ADMIN[0], "password": "wrong"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
    unknown = client.post("/api/v1/auth/token", data={"username": "nobody", "password": "x"})
    assert unknown.status_code == 401


@pytest.mark.parametrize("token", [
    None,
    "garbage",
    jwt.encode(claims(exp=int(time.time()) - 10), SECRET, algorithm="HS256"),  # expired
    jwt.encode(claims(), "another-secret-0123456789-abcdefghijklmnop", algorithm="HS256"),  # wrong key
    b64({"alg": "none", "typ": "JWT"}) + "." + b64(claims()) + ".",  # alg: none
    jwt.encode(claims(aud="someone-else"), SECRET, algorithm="HS256"),
    jwt.encode(claims(iss="someone-else"), SECRET, algorithm="HS256"),
    jwt.encode(claims(role="root"), SECRET, algorithm="HS256"),
    jwt.encode(claims(), SECRET, algorithm="HS256")[:-4] + "AAAA",  # tampered signature
])
def test_bad_tokens_are_401(client, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get(TOP, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert set(response.json()) == {"detail"}


def test_a_token_signed_with_the_right_key_works(client):
    token = jwt.encode(claims(), SECRET, algorithm="HS256")
    assert client.get(TOP, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_viewers_cannot_use_admin_routes(client, viewer_headers, admin_headers):
    for path in ("/api/v1/ingestions", "/api/v1/ingestions/1"):
        assert client.get(path, headers=viewer_headers).status_code == 403
        assert client.get(path).status_code == 401
    assert client.get("/api/v1/ingestions", headers=admin_headers).status_code == 200
    upload = client.post("/api/v1/uploads", headers=viewer_headers,
                         files={"file": ("a.csv", b"x", "text/csv")})
    assert upload.status_code == 403


@pytest.mark.parametrize("secret, dev_mode, ok", [
    ("", False, False), ("short", False, False), ("a" * 40, False, False), ("changeme", True, True),
    ("", True, True), (SECRET, False, True),
])
def test_weak_or_missing_secrets_are_refused_outside_dev_mode(secret, dev_mode, ok):
    settings = Settings(JWT_SECRET=secret, DEV_MODE=dev_mode)
    if ok:
        assert signing_key(settings)
    else:
        with pytest.raises(ConfigError):
            signing_key(settings)


def test_the_app_refuses_to_start_without_a_strong_secret(monkeypatch, api_database):
    from fastapi.testclient import TestClient

    from functions.api.app import create_app
    from functions.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", api_database)
    monkeypatch.setenv("JWT_SECRET", "too-short")
    monkeypatch.delenv("DEV_MODE", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="JWT_SECRET must be set"), TestClient(create_app()):
            pass
    finally:
        get_settings.cache_clear()
