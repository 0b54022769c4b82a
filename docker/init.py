"""One-shot init for docker compose: create the uploads container, apply migrations.

Runs in the functions image (`python docker/init.py`) with the same environment as the
functions service; idempotent, so every `docker compose up` may run it again.
"""

from __future__ import annotations

import contextlib
import sys
import time

from azure.core.exceptions import ResourceExistsError

from functions.settings import get_settings
from functions.storage import blob_service
from functions.store.migrate import migrate


def retry(step, what: str, attempts: int = 30, wait: float = 2.0):
    for attempt in range(1, attempts + 1):
        try:
            return step()
        except Exception as error:  # noqa: BLE001 - any failure is retried, then reported
            if attempt == attempts:
                print(f"init: {what} failed: {error}", file=sys.stderr)
                raise SystemExit(1) from None
            time.sleep(wait)


def create_container() -> None:
    settings = get_settings()
    with contextlib.suppress(ResourceExistsError):
        blob_service(settings).create_container(settings.uploads_container)


def main() -> None:
    settings = get_settings()
    retry(create_container, f"creating container {settings.uploads_container!r}")
    print(f"init: container {settings.uploads_container!r} ready")
    applied = retry(lambda: migrate(settings.require_database()), "migrating the database")
    print(f"init: applied {len(applied)} migration(s)")


if __name__ == "__main__":
    main()
