import AxeBuilder from "@axe-core/playwright";
import { expect } from "@playwright/test";
import type { Page } from "@playwright/test";
import path from "node:path";

export const BASE_URL = () => process.env.E2E_BASE_URL ?? "";
export const ARTIFACTS = () => path.join(process.env.E2E_REPO ?? "..", "test-artifacts");

export async function signIn(page: Page, username: string, password: string, start = "/") {
  await page.goto(BASE_URL() + start);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export const signInAsAdmin = (page: Page, start = "/") =>
  signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "", start);
export const signInAsViewer = (page: Page, start = "/") =>
  signIn(page, "viewer1", process.env.E2E_VIEWER_PASSWORD ?? "", start);

/** The plants table's body rows. */
export const plantRows = (page: Page) => page.getByRole("region", { name: "Plants table" }).locator("tbody tr");

/** axe on the whole page: no serious or critical violations. */
export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** The state dropdown (the map's group also mentions "states"). */
export const stateSelect = (page: Page) => page.getByRole("combobox", { name: "State", exact: true });
