// Under React's StrictMode (the dev server, where renders and effects run twice), the
// main paths work and nothing is logged as an error: terminals attach once, Monaco is
// created and disposed cleanly, effects return cleanups.
import { expect, test } from "@playwright/test";
import { panel, terminalText } from "./helpers";

test("StrictMode: scenario, composer, consoles, layout, without errors", async ({ page }) => {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto("/");
  await page.evaluate(() => localStorage.clear());
  await page.goto("/");
  const scenario = panel(page, "Scenario");
  await expect(scenario.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
  await scenario.getByRole("button", { name: /Run/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("Test result: FAILURE");
  await page.keyboard.press("Alt+7");
  const composer = panel(page, "Hypercall composer");
  await composer.getByRole("button", { name: /Issue HVC/ }).click();
  await composer.getByRole("button", { name: /Issue HVC/ }).click();
  await expect(composer.getByTestId("compose-result")).toContainText("returned");
  await expect.poll(() => terminalText(page, "xen")).toContain("LOADING DOMAIN 0");
  // One terminal, however many times the effect ran.
  await expect(panel(page, "Consoles").locator(".xterm")).toHaveCount(1);
  await page.keyboard.press("Alt+t");
  await page.getByRole("tab", { name: "Domains" }).dblclick();
  await page.keyboard.press("Escape");
  await expect(panel(page, "Consoles")).toBeVisible();
  expect(problems).toEqual([]);
});

test("StrictMode: presenter mode steps, goes back and leaves without errors", async ({ page }) => {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto("/");
  await page.evaluate(() => localStorage.clear());
  await page.goto("/?present=1&scenario=arm64-set-address-size");
  const position = page
    .getByRole("region", { name: "Presenter caption" })
    .getByTestId("caption-position");
  await expect(position).toHaveText("step 0 of 13", { timeout: 30_000 });
  for (let i = 1; i <= 6; i++) {
    await page.keyboard.press("ArrowRight");
    await expect(position).toHaveText(`step ${i} of 13`);
  }
  await page.keyboard.press("ArrowLeft");
  await expect(position).toHaveText("step 5 of 13");
  // One xterm at most, however many times the effects ran.
  expect(await page.locator(".xterm").count()).toBeLessThanOrEqual(1);
  await page.keyboard.press("Escape");
  await expect(panel(page, "Scenario")).toBeVisible();
  expect(problems).toEqual([]);
});
