import { expect, test } from "@playwright/test";
import path from "node:path";
import { ARTIFACTS, BASE_URL, expectNoSeriousA11yViolations, plantRows, signInAsAdmin, stateSelect } from "./helpers";

test.describe("explore", () => {
  test("signs in and shows the national top 10 from GEN23", async ({ page }) => {
    await signInAsAdmin(page);
    await expect(page.getByRole("heading", { name: /Top 10 of [\d,]+ plants in the U\.S\., 2023/ })).toBeVisible();
    const rows = plantRows(page);
    await expect(rows).toHaveCount(10);
    await expect(rows.nth(0)).toContainText("Palo Verde");
    await expect(rows.nth(0)).toContainText("#6008");
    await expect(rows.nth(0)).toContainText("31.52 TWh");
    await expect(rows.nth(0).locator("abbr")).toHaveAttribute("title", "31,522,590 MWh");
    await expect(rows.nth(1)).toContainText("Browns Ferry");
    await expect(rows.nth(2)).toContainText("Vogtle");
    // The state list: all states with their full names and plant counts (52 codes in GEN23).
    const options = stateSelect(page).locator("option");
    await expect(options).toHaveCount(53);
    await expect(stateSelect(page)).toContainText(/Texas \([\d,]+ plants\)/);
  });

  test("Texas and N = 5 give five rows, South Texas Project first; the URL keeps the view", async ({ page }) => {
    await signInAsAdmin(page);
    await stateSelect(page).selectOption("TX");
    await page.getByLabel("Number of plants").fill("5");
    const rows = plantRows(page);
    await expect(rows).toHaveCount(5);
    await expect(rows.nth(0)).toContainText("South Texas Project");
    await expect(rows.nth(0).locator("abbr")).toHaveAttribute("title", "21,787,144 MWh");
    await expect(page).toHaveURL(/[?&]state=TX/);
    await expect(page).toHaveURL(/[?&]n=5/);
    await expect(page.getByRole("img", { name: /Bar chart/ })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Share of Texas total" })).toBeVisible();

    // A reload restores the same view (the session survives in sessionStorage).
    await page.reload();
    await expect(plantRows(page)).toHaveCount(5);
    await expect(plantRows(page).nth(0)).toContainText("South Texas Project");
    await expect(stateSelect(page)).toHaveValue("TX");
    await expect(page.getByLabel("Number of plants")).toHaveValue("5");

    // The back button returns to the previous selection (Texas, N = 10).
    await page.goBack();
    await expect(page).not.toHaveURL(/n=5/);
    await expect(plantRows(page)).toHaveCount(10);
    await expect(stateSelect(page)).toHaveValue("TX");

    // Screenshot for the record: explore at desktop width.
    await page.goForward();
    await expect(plantRows(page)).toHaveCount(5);
    await expect(page.getByRole("button", { name: /^Texas:/ })).toBeVisible();
    await page.screenshot({ path: path.join(ARTIFACTS(), "explore-desktop.png"), fullPage: true });
  });

  test("a shared link opens the same view after sign-in", async ({ page }) => {
    await signInAsAdmin(page, "/?state=CA&n=3");
    await expect(page).toHaveURL(/\?state=CA&n=3$/);
    await expect(plantRows(page)).toHaveCount(3);
    await expect(plantRows(page).nth(0)).toContainText("CA");
    await expect(stateSelect(page)).toHaveValue("CA");
  });

  test("clicking a state on the map selects it and the table follows", async ({ page }) => {
    await signInAsAdmin(page);
    await expect(plantRows(page)).toHaveCount(10);
    await page.getByRole("button", { name: /^Texas:/ }).click();
    await expect(page).toHaveURL(/state=TX/);
    await expect(stateSelect(page)).toHaveValue("TX");
    await expect(plantRows(page).nth(0)).toContainText("South Texas Project");
    await expect(page.getByRole("button", { name: /^Texas:/ })).toHaveAttribute("aria-pressed", "true");
    // By keyboard too: Enter on a focused state.
    await page.getByRole("button", { name: /^Arizona:/ }).focus();
    await page.keyboard.press("Enter");
    await expect(stateSelect(page)).toHaveValue("AZ");
    await expect(plantRows(page).nth(0)).toContainText("Palo Verde");
  });

  test("a bad N shows an inline error and sends no request", async ({ page }) => {
    await signInAsAdmin(page, "/?state=TX&n=5");
    await expect(plantRows(page)).toHaveCount(5);
    const requests: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/v1/plants/top")) requests.push(request.url());
    });
    const n = page.getByLabel("Number of plants");
    for (const bad of ["0", "1001", "abc", "2.5", ""]) {
      await n.fill(bad);
      await expect(n).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText(/Enter (a whole number|a number|how many plants)/)).toBeVisible();
      await n.press("Enter");
    }
    await page.waitForTimeout(1000); // longer than the commit pause
    expect(requests).toEqual([]);
    await expect(page).toHaveURL(/n=5/);
    await expect(plantRows(page)).toHaveCount(5); // the last good answer stays
  });

  test("works from the keyboard alone", async ({ page }) => {
    await signInAsAdmin(page, "/?state=TX");
    await expect(plantRows(page)).toHaveCount(10);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(stateSelect(page)).toBeFocused();
    await page.keyboard.press("Tab");
    const n = page.getByLabel("Number of plants");
    await expect(n).toBeFocused();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("3");
    await page.keyboard.press("Enter");
    await expect(plantRows(page)).toHaveCount(3);
    await page.keyboard.press("Tab"); // on to the map: its one stop is the selected state
    await expect(page.getByRole("button", { name: /^Texas:/ })).toBeFocused();
    await page.keyboard.press("End"); // the arrow keys, Home and End move between states by name
    await expect(page.getByRole("button", { name: /^Wyoming:/ })).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("button", { name: /^Wisconsin:/ })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(stateSelect(page)).toHaveValue("WI");
    await page.keyboard.press("Tab"); // the map was one Tab stop: on past it
    await expect(page.locator("path.map-state:focus")).toHaveCount(0);
  });

  test("works at 360 px wide", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    await signInAsAdmin(page, "/?state=TX&n=5");
    await expect(plantRows(page)).toHaveCount(5);
    await expect(page.getByRole("button", { name: /^Texas:/ })).toBeVisible();
    // Nothing but the table's own scroll region is wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS(), "explore-360px.png"), fullPage: true });
    await expectNoSeriousA11yViolations(page);
  });

  test("Download CSV saves the table shown", async ({ page }) => {
    await signInAsAdmin(page, "/?state=TX&n=5");
    await expect(plantRows(page)).toHaveCount(5);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("top-5-TX-2023.csv");
    const text = await (await download.createReadStream()).toArray();
    const lines = Buffer.concat(text).toString("utf8").trim().split("\r\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe("rank,plant_code,plant,state,primary_fuel,capacity_mw,net_generation_mwh,share_of_total_percent");
    expect(lines[1]).toMatch(/^1,6251,South Texas Project,TX,NUC,[\d.]+,21787144,[\d.]+$/);
  });

  test("the explore page has no serious accessibility violations", async ({ page }) => {
    await signInAsAdmin(page, "/?state=TX&n=5");
    await expect(plantRows(page)).toHaveCount(5);
    await expect(page.getByRole("button", { name: /^Texas:/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  test("signing out returns to sign-in; a rejected token does too, with a message", async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await signInAsAdmin(page, "/?state=TX&n=5");
    // An expired or revoked token: the API answers 401 to the next request.
    await page.evaluate(() => {
      const token = sessionStorage.getItem("egrid.session") ?? "";
      const [head, body] = token.split(".");
      sessionStorage.setItem("egrid.session", `${head}.${body}.invalid-signature`);
    });
    await page.goto(`${BASE_URL()}/?state=NY&n=2`);
    await expect(page.getByText("Your session has expired. Please sign in again.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    // Signing in again comes back to the view that was asked for.
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(process.env.E2E_ADMIN_PASSWORD ?? "");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\?state=NY&n=2$/);
    await expect(plantRows(page)).toHaveCount(2);
  });
});
