"""docker-compose.yml: valid for the Compose Specification and for Docker Compose itself,
and shaped as the system needs (no Docker engine here: nothing is started)."""

from __future__ import annotations

import json

from functions.localservices import PROJECT_ROOT
from tests.infra.conftest import BAD, COMPOSE_ENV, load_compose, run, tool

COMPOSE = PROJECT_ROOT / "docker-compose.yml"


def test_the_compose_file_matches_the_compose_specification():
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(COMPOSE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_bad_compose_file():
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec",
                 str(BAD / "docker-compose.bad.yml"))
    assert result.returncode != 0
    assert "healthchek" in result.stdout + result.stderr


def test_docker_compose_accepts_the_file():
    result = run(tool("docker-compose"), "-f", str(COMPOSE), "config", "--quiet", env=COMPOSE_ENV)
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_run_without_the_secrets():
    result = run(tool("docker-compose"), "-f", str(COMPOSE), "--env-file", "/dev/null", "config", "--quiet",
                 env={"POSTGRES_PASSWORD": "x", "ADMIN_PASSWORD": "x"})
    assert result.returncode != 0
    assert "JWT_SECRET" in result.stderr


def resolved() -> dict:
    """The file as Docker Compose resolves it (anchors, merges and variables applied)."""
    result = run(tool("docker-compose"), "-f", str(COMPOSE), "--env-file", "/dev/null", "config",
                 "--format", "json", env=COMPOSE_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_azurite_runs_all_three_services_leniently_with_a_volume_and_a_healthcheck():
    azurite = load_compose()["services"]["azurite"]
    command = " ".join(azurite["command"])
    for flag in ("--blobHost=0.0.0.0", "--queueHost=0.0.0.0", "--tableHost=0.0.0.0",
                 "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location=/data"):
        assert flag in command
    assert any(v.endswith(":/data") for v in azurite["volumes"])
    assert azurite["healthcheck"]["test"]


def test_the_functions_service_is_the_real_host_wired_to_azurite_by_service_name():
    services = resolved()["services"]
    functions = services["functions"]
    env = functions["environment"]
    storage = env["AzureWebJobsStorage"]
    assert "UseDevelopmentStorage" not in storage  # that would be the functions container itself
    for endpoint in ("BlobEndpoint=http://azurite:10000/", "QueueEndpoint=http://azurite:10001/",
                     "TableEndpoint=http://azurite:10002/"):
        assert endpoint in storage
    assert env["AzureFunctionsWebHost__hostid"]  # fixed: a recreated container reprocesses nothing
    assert len(env["AzureFunctionsWebHost__hostid"]) <= 32
    assert env["DATABASE_URL"].startswith("postgresql://egrid:compose-check@postgres:5432/")
    assert [(p["published"], p["target"]) for p in functions["ports"]] == [("7071", 80)]
    assert functions["build"]["dockerfile"] == "Dockerfile"
    assert functions["healthcheck"]["test"]


def test_the_services_start_in_order_on_health():
    services = resolved()["services"]
    assert services["init"]["image"] == services["functions"]["image"]  # init reuses the image
    assert services["init"]["command"] == ["python", "docker/init.py"]
    assert services["init"]["depends_on"] == {
        "azurite": {"condition": "service_healthy", "required": True},
        "postgres": {"condition": "service_healthy", "required": True}}
    assert services["functions"]["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert services["web"]["depends_on"]["functions"]["condition"] == "service_healthy"
    for name in ("azurite", "postgres", "functions", "web"):
        assert services[name].get("healthcheck", {}).get("test"), name


def test_the_web_app_is_on_8080_and_data_is_in_volumes():
    config = resolved()
    web = config["services"]["web"]
    assert [(p["published"], p["target"]) for p in web["ports"]] == [("8080", 8080)]
    assert web["build"]["context"].endswith("/web")
    assert set(config["volumes"]) >= {"azurite-data", "postgres-data"}
    assert any(v["target"] == "/var/lib/postgresql/data" for v in config["services"]["postgres"]["volumes"])


def test_host_json_pins_a_v4_extension_bundle_and_keeps_the_api_prefix():
    host = json.loads((PROJECT_ROOT / "host.json").read_text())
    bundle = host["extensionBundle"]
    assert bundle["id"] == "Microsoft.Azure.Functions.ExtensionBundle"
    # A bounded v4 range: SDK-type blob bindings need bundle 4.x (blob extension >= 5.2).
    assert bundle["version"].startswith("[4.") and bundle["version"].endswith("5.0.0)")
    assert host["extensions"]["http"]["routePrefix"] == "api"  # nginx and SWA proxy /api as is


def test_env_files_stay_out_of_git_and_images():
    ignored = (PROJECT_ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
    assert (PROJECT_ROOT / ".env.example").exists()


def healthcheck_script() -> list[str]:
    return load_compose()["services"]["azurite"]["healthcheck"]["test"]


def test_the_azurite_healthcheck_passes_on_a_running_azurite_and_fails_without_one(azurite):
    import shutil
    import socket

    node = shutil.which("node")
    assert node, "node is needed (make setup installs Azurite with npm)"
    test = healthcheck_script()
    assert test[:3] == ["CMD", "node", "-e"]
    blob, queue = azurite.ports[0], azurite.ports[1]
    script = test[3].replace("10000", str(blob)).replace("10001", str(queue))
    assert run(node, "-e", script).returncode == 0
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    assert run(node, "-e", test[3].replace("10000", str(closed)).replace("10001", str(closed))).returncode != 0
