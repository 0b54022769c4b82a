"""The GitHub workflows: actionlint, and what they must do."""

from __future__ import annotations

import yaml

from functions.localservices import PROJECT_ROOT
from tests.infra.conftest import BAD, run, tool

WORKFLOWS = PROJECT_ROOT / ".github" / "workflows"


def test_actionlint_passes():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = run(tool("actionlint"), "-no-color", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_bad_workflow():
    result = run(tool("actionlint"), "-no-color", str(BAD / "workflow.bad.yml"))
    assert result.returncode != 0
    assert "not-an-input" in result.stdout


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def steps(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + " " + str(step.get("uses", "")) for step in job["steps"])


def test_ci_runs_make_test_and_checkov():
    jobs = load("ci.yml")["jobs"]
    assert "make test" in steps(jobs["test"])
    assert "checkov" in steps(jobs["checkov"])


def test_deploy_logs_in_with_oidc_and_deploys_everything():
    workflow = load("deploy.yml")
    assert workflow["permissions"]["id-token"] == "write"
    jobs = workflow["jobs"]
    everything = "\n".join(steps(job) for job in jobs.values())
    assert "azure/login@" in everything
    for step in (s for job in jobs.values() for s in job["steps"]):
        if str(step.get("uses", "")).startswith("azure/login@"):
            assert set(step["with"]) == {"client-id", "tenant-id", "subscription-id"}  # OIDC: no creds secret
    assert "terraform apply" in steps(jobs["infrastructure"])
    assert "config-zip" in steps(jobs["functions"])
    assert "static-web-apps-deploy" in steps(jobs["web"])
    assert "eventgrid_subscription_enabled=true" in steps(jobs["eventgrid"])
    assert "/health/ready" in steps(jobs["smoke-test"])
