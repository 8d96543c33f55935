// Trace panel: decoded hypercalls and state changes, filters, links to steps, and a
// virtualised list that keeps 10^5 entries cheap.
import { expect, test } from "@playwright/test";
import { freshPage, lineOf, panel } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("decoded entries, filters, and the step that issued each", async ({ page }) => {
  const trace = panel(page, "Trace");
  await panel(page, "Scenario").getByRole("button", { name: /Run/ }).click();
  await expect(panel(page, "Scenario").getByTestId("scenario-status")).toContainText("Test result");
  const rows = trace.getByRole("row");
  await trace.getByLabel("Filter by hypercall").selectOption("domctl createdomain");
  await expect(trace.getByTestId("trace-count")).toContainText(/^1 of \d+/);
  const row = trace.locator(".trace-row").first();
  await expect(row).toContainText("createdomain");
  await expect(row).toContainText("flags=0x3");
  await expect(row.locator(".c-step")).toHaveText("1");
  await row.click();
  const line = lineOf("arm64-set-address-size.yaml", "cmd: createdomain");
  await expect(trace.getByTestId("trace-details")).toContainText(`step 1 (line ${line}, domctl)`);
  await trace.getByLabel("Filter by hypercall").selectOption("state");
  await trace.getByLabel("Filter by domain").selectOption("1");
  await expect(trace.locator(".trace-row .c-what").first()).toHaveText("domain-created");
  await trace.getByLabel("Filter by hypercall").selectOption("");
  await trace.getByLabel("Filter by domain").selectOption("");
  await expect(rows.first()).toBeVisible();
});

test("10^5 entries stay virtualised and followable", async ({ page }) => {
  const trace = panel(page, "Trace");
  await page.evaluate(() => window.__xenlab!.stress(100_000));
  await expect(trace.getByTestId("trace-count")).toContainText(/^100\d{3} of 100\d{3}/);
  // Only the rows in view (plus a margin) exist in the DOM.
  expect(await trace.locator(".trace-row").count()).toBeLessThan(80);
  // Following: the newest entry is on screen.
  const last = await page.evaluate(() => window.__xenlab!.traceLength());
  await expect(trace.locator(".trace-row").last()).toContainText("XENVER_version");
  const seqs = await trace.locator(".trace-row .c-seq").allTextContents();
  expect(Math.max(...seqs.map(Number))).toBeGreaterThanOrEqual(last);
  // Keyboard: arrows walk the entries.
  await trace.locator(".trace-row").last().click();
  await trace.getByRole("table", { name: "Trace entries" }).press("ArrowUp");
  await expect(trace.locator(".trace-row.selected .c-seq")).toHaveText(
    String(Math.max(...seqs.map(Number)) - 1),
  );
});
