import { expect, test } from "@playwright/test";
import { BASE_URL, plantRows, signInAsViewer } from "./helpers";

test("a viewer explores but sees no upload page", async ({ page }) => {
  await signInAsViewer(page);
  await expect(plantRows(page)).toHaveCount(10);
  await expect(page.getByRole("navigation", { name: "Pages" }).getByRole("link")).toHaveText(["Explore"]);
  await page.goto(`${BASE_URL()}/upload`);
  await expect(page.getByText("Uploading files is for administrators.")).toBeVisible();
  await expect(page.getByLabel(/eGRID generator file/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Upload" })).toHaveCount(0);
});
