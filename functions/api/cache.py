"""A small in-process cache of query answers, keyed by the data version.

Every load that commits changes the version (store.queries.data_version), which drops the
cache. The version itself is read at most once a second, so an answer can lag a finished
ingestion by that second; no request ever mixes data versions.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

VERSION_TTL_SECONDS = 1.0
MAX_ENTRIES = 2048


class VersionedCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._checked = 0.0
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()

    def current(self) -> str | None:
        """The version if checked within the last second, else None (then call `version`)."""
        if self._version is not None and time.monotonic() - self._checked < VERSION_TTL_SECONDS:
            return self._version
        return None

    def version(self, read_version: Callable[[], str]) -> str:
        now = time.monotonic()
        if self._version is None or now - self._checked >= VERSION_TTL_SECONDS:
            version = read_version()
            with self._lock:
                if version != self._version:
                    self._entries.clear()
                self._version, self._checked = version, now
        return self._version

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._version = None
