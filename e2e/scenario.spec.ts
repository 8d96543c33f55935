// Scenario panel: built-ins in Monaco, run to the verdict, step with the current step
// highlighted, per-step results, a broken scenario's errors as markers where the user
// looks, and the A/B diff.
import { expect, test } from "@playwright/test";
import { freshPage, lineOf, pageErrors, panel } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("runs a built-in scenario to its verdict", async ({ page }) => {
  const errors = pageErrors(page);
  const scenario = panel(page, "Scenario");
  // Monaco loads lazily from its own chunk, with the scenario tokenizer.
  await expect(scenario.locator(".monaco-editor")).toBeVisible();
  await expect(scenario.locator(".view-lines")).toContainText("What it shows");
  await scenario.getByRole("button", { name: /Run/ }).click();
  const status = scenario.getByTestId("scenario-status");
  await expect(status).toContainText("step 13 of 13");
  await expect(status).toContainText("Test result: FAILURE");
  await expect(scenario.getByRole("list", { name: "Step results" })).toContainText(
    "hcr-rw: expected 0, found 1",
  );
  // The run's lab is what every panel shows.
  await expect(page.getByText("playing arm64-set-address-size")).toBeVisible();
  const snap = await page.evaluate(() => window.__xenlab!.snapshot().domains.map((d) => d.domid));
  expect(snap).toEqual([0, 1]);
  expect(errors).toEqual([]);
});

test("the quirk passes under is-32bits-v1 and the A/B diff names the first divergence", async ({
  page,
}) => {
  const scenario = panel(page, "Scenario");
  await scenario.getByLabel("Built-in").selectOption({ label: "arm64-64-to-32-quirk" });
  await scenario.getByLabel("Run under").selectOption("is-32bits-v1");
  await scenario.getByRole("button", { name: /Run/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("Test result: SUCCESS");
  await scenario.getByLabel("Compare with").selectOption("upstream");
  await scenario.getByRole("button", { name: "A/B diff" }).click();
  // The comparison opens in its own panel; the scenario panel keeps a one-line summary.
  const diff = panel(page, "A/B diff").getByTestId("ab-diff");
  const line = lineOf("arm64-64-to-32-quirk.yaml", "set_address_size, dom: g1, size: 32");
  await expect(diff).toContainText(`first divergence: step 5 (line ${line}, domctl)`);
  await expect(diff).toContainText("B upstream: Test result: FAILURE");
  // It opened maximized; Escape gives the layout back, with the summary in Scenario.
  await page.keyboard.press("Escape");
  await expect(scenario.getByTestId("ab-first-summary")).toHaveText("first divergence: step 5");
});

test("steps one at a time with the current step highlighted", async ({ page }) => {
  const scenario = panel(page, "Scenario");
  await expect(scenario.locator(".monaco-editor")).toBeVisible();
  await scenario.getByRole("button", { name: /Step/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("step 1 of 13");
  await page.keyboard.press("F10");
  await expect(scenario.getByTestId("scenario-status")).toContainText("step 2 of 13");
  // The next step's line (3: max_vcpus at line 26) carries the current-step decoration.
  await expect(scenario.locator(".step-current")).toHaveCount(1);
  const results = scenario.getByRole("list", { name: "Step results" });
  await expect(results.locator("[data-step='3']")).toHaveClass(/st-current/);
  await expect(results.locator("[data-step='1']")).toContainText("ok");
  await page.keyboard.press("Alt+r");
  await expect(scenario.getByTestId("scenario-status")).toContainText("step 0 of 13");
});

test("a broken scenario says what is wrong, with line and column, in the editor", async ({
  page,
}) => {
  const errors = pageErrors(page);
  const scenario = panel(page, "Scenario");
  await expect(scenario.locator(".monaco-editor")).toBeVisible();
  await scenario.locator(".view-lines").click();
  await page.keyboard.press("Control+a");
  await page.keyboard.type(
    "format: xenlab/1\nname: Bad Name\ntitle: t\nsteps:\n  - frobnicate: 1\n",
  );
  await page.keyboard.press("Control+Enter");
  const alert = scenario.getByTestId("scenario-errors");
  await expect(alert).toContainText("The scenario does not parse (2 problems)");
  await expect(alert).toContainText("line 2, col 7: 'name' must be kebab-case");
  await expect(alert).toContainText("step 1 (line 5, col 5): unknown step kind 'frobnicate'");
  // Monaco shows them as markers (squiggles) at those positions.
  await expect(scenario.locator(".squiggly-error")).toHaveCount(2);
  expect(errors).toEqual([]);
});
