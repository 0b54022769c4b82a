from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordRequestForm

from functions.api import auth
from functions.api.deps import SettingsDep, pool, unauthorized
from functions.api.models import Token

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token", response_model=Token, summary="Exchange a username and password for a token")
async def token(form: Annotated[OAuth2PasswordRequestForm, Depends()], settings: SettingsDep) -> Token:
    def check() -> auth.Principal:
        with pool().connection() as conn:
            return auth.authenticate(conn, form.username, form.password)

    try:
        principal = await run_in_threadpool(check)
    except auth.AuthError as error:
        raise unauthorized(str(error)) from None
    access_token, expires_in = auth.issue_token(settings, principal)
    return Token(access_token=access_token, expires_in=expires_in)
