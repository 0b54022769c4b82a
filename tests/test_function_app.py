"""function_app.py: what the Functions host indexes."""

from __future__ import annotations

import subprocess
import sys

from functions.localservices import PROJECT_ROOT

# Run in a fresh interpreter with no settings, where any network connection raises.
IMPORT_WITHOUT_SETTINGS = """
import socket

def refuse(*args, **kwargs):
    raise AssertionError(f"connection attempted at import: {args}")

socket.socket.connect = refuse
socket.create_connection = refuse

import function_app

functions = {f.get_function_name(): f for f in function_app.app.get_functions()}
trigger = functions["ingest_blob"].get_bindings()[0]
print(trigger.type, trigger.path, trigger.connection, trigger.source)
"""


def test_importing_function_app_needs_no_setting_and_opens_no_connection():
    result = subprocess.run([sys.executable, "-c", IMPORT_WITHOUT_SETTINGS], cwd=PROJECT_ROOT,
                            env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["blobTrigger", "uploads/{name}", "AzureWebJobsStorage",
                                     "LogsAndContainerScan"]


def test_the_trigger_source_and_container_come_from_app_settings():
    env = {"PATH": "/usr/bin:/bin", "BLOB_TRIGGER_SOURCE": "EventGrid", "UPLOADS_CONTAINER": "egrid-in"}
    result = subprocess.run([sys.executable, "-c", IMPORT_WITHOUT_SETTINGS], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["blobTrigger", "egrid-in/{name}", "AzureWebJobsStorage", "EventGrid"]
