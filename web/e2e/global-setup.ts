// Starts the app exactly as `make dev` does (`python -m functions.devstack`) with its own
// DATA_DIR and a free port, waits until the bundled GEN23 sample has loaded, adds a viewer
// through the CLI, and hands the URLs and passwords to the tests in the environment.
// The returned teardown sends SIGTERM and waits for the stack to exit.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPO = path.resolve(WEB_DIR, "..");
const PYTHON = path.join(REPO, ".venv", "bin", "python");
const READY = "devstack: ready";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitFor<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export default async function globalSetup() {
  if (!existsSync(path.join(WEB_DIR, "dist", "index.html"))) {
    throw new Error("web/dist is missing: run `npm run build` (make test does) before the e2e tests");
  }
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run \`make setup\``);

  const runDir = mkdtempSync(path.join(tmpdir(), "egrid-e2e-"));
  const port = await freePort();
  const adminPassword = randomBytes(18).toString("base64url");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.AzureWebJobsStorage;
  Object.assign(env, {
    DATA_DIR: path.join(runDir, "data"),
    PORT: String(port),
    TRIGGER_POLL_SECONDS: "0.5",
    ADMIN_USERNAME: "admin",
    ADMIN_PASSWORD: adminPassword,
    JWT_SECRET: randomBytes(48).toString("base64url"),
  });
  const logPath = path.join(runDir, "devstack.log");
  const log = openSync(logPath, "a"); // a file, not a pipe: a full pipe would block it
  const stack = spawn(PYTHON, ["-m", "functions.devstack"], { cwd: REPO, env, stdio: ["ignore", log, log] });
  const output = () => readFileSync(logPath, "utf8");

  const teardown = async () => {
    if (stack.exitCode === null && stack.signalCode === null) {
      stack.kill("SIGTERM");
      if (!(await exited(stack, 45_000))) {
        stack.kill("SIGKILL");
        throw new Error(`the devstack did not exit within 45 s of SIGTERM; log: ${logPath}`);
      }
    }
    // Its log is kept with the screenshots; its data (PostgreSQL, Azurite) is not.
    const artifacts = path.join(REPO, "test-artifacts");
    mkdirSync(artifacts, { recursive: true });
    copyFileSync(logPath, path.join(artifacts, "devstack.log"));
    if (stack.exitCode !== 0) throw new Error(`the devstack exited with ${stack.exitCode}; log: ${logPath}`);
    rmSync(runDir, { recursive: true, force: true });
  };

  try {
    await waitFor("the devstack to be ready", 180, async () => {
      if (stack.exitCode !== null) throw new Error(`the devstack exited with ${stack.exitCode}:\n${output()}`);
      return output().includes(READY) ? true : undefined;
    });
    const baseURL = `http://127.0.0.1:${port}`;
    const databaseUrl = /PostgreSQL\s+(postgresql:\/\/\S+)/.exec(output())?.[1];
    if (!databaseUrl) throw new Error(`no database URL in the devstack output:\n${output()}`);

    // The sample is ingested by the trigger loop shortly after start: wait for it.
    const tokenResponse = await fetch(`${baseURL}/api/v1/auth/token`, {
      method: "POST",
      body: new URLSearchParams({ username: "admin", password: adminPassword }),
    });
    if (!tokenResponse.ok) throw new Error(`admin sign-in failed: HTTP ${tokenResponse.status}`);
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    await waitFor("the GEN23 sample to be ingested", 120, async () => {
      const response = await fetch(`${baseURL}/api/v1/ingestions`, { headers: { Authorization: `Bearer ${token}` } });
      const { ingestions } = (await response.json()) as { ingestions: { blob_name: string; status: string }[] };
      const sample = ingestions.find((i) => i.blob_name === "GEN23.csv");
      if (sample?.status === "failed") throw new Error("the GEN23 sample failed to ingest");
      return sample?.status === "succeeded" ? true : undefined;
    });

    const viewerPassword = randomBytes(12).toString("base64url");
    const added = spawnSync(PYTHON, ["-m", "functions", "users", "add", "viewer1", "--role", "viewer", "--password-stdin"], {
      cwd: REPO,
      env: { ...env, DATABASE_URL: databaseUrl },
      input: `${viewerPassword}\n`,
      encoding: "utf8",
    });
    if (added.status !== 0) throw new Error(`adding the viewer failed: ${added.stderr}`);

    Object.assign(process.env, {
      E2E_BASE_URL: baseURL,
      E2E_ADMIN_PASSWORD: adminPassword,
      E2E_VIEWER_PASSWORD: viewerPassword,
      E2E_REPO: REPO,
    });
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  return teardown;
}
