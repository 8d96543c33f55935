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
