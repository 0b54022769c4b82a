import { expect, test } from "@playwright/test";
import path from "node:path";
import { ARTIFACTS, expectNoSeriousA11yViolations, plantRows, signInAsAdmin, stateSelect } from "./helpers";

// The repository's neighbour ../shared/data holds the real eGRID exports.
const DISPLAY_FORMATTED = () => path.resolve(process.env.E2E_REPO ?? "..", "..", "shared", "data", "GEN23_display_formatted.csv");

test.describe("upload (admin)", () => {
  test("an admin uploads GEN23_display_formatted.csv and sees it load", async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole("link", { name: "Upload" }).click();
    await expect(page.getByRole("heading", { name: "Upload an eGRID file" })).toBeVisible();
    // The history already shows the sample make dev loaded.
    await expect(page.getByRole("region", { name: "Ingestions table" })).toContainText("GEN23.csv");

    await page.getByLabel("eGRID generator file (GEN sheet as .csv)").setInputFiles(DISPLAY_FORMATTED());
    await expect(page.getByText("Chosen: GEN23_display_formatted.csv")).toBeVisible();
    await page.getByRole("button", { name: "Upload", exact: true }).click();

    await expect(page.getByLabel("Uploaded")).toHaveAttribute("value", "1", { timeout: 30_000 });
    const status = page.locator(".ingestion-status");
    await expect(status).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
    await expect(status).toContainText("Loaded");
    await expect(status).toContainText("year 2023");
    await expect(page.locator(".counts")).toContainText(/Rows loaded\s*[\d,]{6}/);
    await expect(page.locator(".counts")).toContainText(/Rows rejected\s*0/);
    const newest = page.getByRole("region", { name: "Ingestions table" }).locator("tbody tr").first();
    await expect(newest).toContainText("succeeded");
    await expect(newest).toContainText("GEN23_display_formatted.csv"); // the admin's name for it
    await expect(newest).toContainText("upload by admin");
    await page.screenshot({ path: path.join(ARTIFACTS(), "upload-desktop.png"), fullPage: true });
    await expectNoSeriousA11yViolations(page);

    // The explore page shows the data the file holds: the same leaders.
    await page.getByRole("link", { name: "Explore" }).click();
    await stateSelect(page).selectOption("TX");
    await expect(plantRows(page).nth(0)).toContainText("South Texas Project");
  });

  test("the upload page works at 360 px wide", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    await signInAsAdmin(page, "/upload");
    await expect(page.getByRole("region", { name: "Ingestions table" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS(), "upload-360px.png"), fullPage: true });
    await expectNoSeriousA11yViolations(page);
  });

  test("a file that is not .csv is refused before sending", async ({ page }) => {
    await signInAsAdmin(page, "/upload");
    const requests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/uploads")) requests.push(r.url());
    });
    await page.getByLabel("eGRID generator file (GEN sheet as .csv)").setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("hello"),
    });
    await expect(page.getByRole("alert")).toHaveText("notes.txt is not a .csv file.");
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    expect(requests).toEqual([]);
  });

  test("the server's refusal of a CSV that is not a GEN sheet is shown", async ({ page }) => {
    await signInAsAdmin(page, "/upload");
    await page.getByLabel("eGRID generator file (GEN sheet as .csv)").setInputFiles({
      name: "other.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("a,b,c\n1,2,3\n"),
    });
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("The upload failed.");
    await expect(page.getByRole("alert")).toContainText(/no header row|missing required column/);
  });
});
