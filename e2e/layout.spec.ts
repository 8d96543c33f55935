// The shell: shortcuts in a help dialog, themes, a layout that persists, panels that
// move between groups, and a page that stays up under StrictMode.
import { expect, test } from "@playwright/test";
import { freshPage, pageErrors, panel } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("every panel is a named landmark region", async ({ page }) => {
  const errors = pageErrors(page);
  for (const name of ["Domains", "Create domain", "vCPUs", "Consoles", "Scenario", "Trace"]) {
    await expect(panel(page, name)).toBeVisible();
  }
  await page.keyboard.press("Alt+7");
  await expect(panel(page, "Hypercall composer")).toBeVisible();
  expect(errors).toEqual([]);
});

test("? opens the shortcut list; Escape closes it", async ({ page }) => {
  await page.locator("body").press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Run the scenario to its verdict");
  await expect(dialog).toContainText("Alt+3");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("theme and layout are remembered across reloads", async ({ page }) => {
  const html = page.locator("html");
  const initial = await html.getAttribute("data-theme");
  const other = initial === "dark" ? "light" : "dark";
  await page.getByRole("button", { name: `Switch to the ${other} theme` }).click();
  await expect(html).toHaveAttribute("data-theme", other);
  const sep = page.locator("[role=separator][aria-orientation=vertical]").first();
  const before = Number(await sep.getAttribute("aria-valuenow"));
  await sep.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(sep).toHaveAttribute("aria-valuenow", String(before + 4));
  await page.keyboard.press("Alt+7");
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", other);
  await expect(page.locator("[role=separator][aria-orientation=vertical]").first()).toHaveAttribute(
    "aria-valuenow",
    String(before + 4),
  );
  await expect(panel(page, "Hypercall composer")).toBeVisible();
  await page.getByRole("button", { name: "Reset layout" }).click();
  await expect(panel(page, "Create domain")).toBeVisible();
});

test("a tab dragged onto another group moves the panel there", async ({ page }) => {
  await page
    .getByRole("tab", { name: "Trace" })
    .dragTo(page.locator("[data-group='g-domains'] .tab-strip"));
  const group = page.locator("[data-group='g-domains']");
  await expect(group.getByRole("tab", { name: "Trace" })).toHaveAttribute("aria-selected", "true");
  await expect(group.getByRole("region", { name: "Trace" })).toBeVisible();
  // The group it left shows its other tab; once that goes too, the group stays, empty.
  const left = page.locator("[data-group='g-trace']");
  await expect(left.getByRole("tab", { name: "A/B diff" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await left
    .getByRole("tab", { name: "A/B diff" })
    .dragTo(page.locator("[data-group='g-domains'] .tab-strip"));
  await expect(group.getByRole("tab", { name: "A/B diff" })).toBeVisible();
  await expect(left.locator(".empty-group")).toBeVisible();
});

test("presenter mode: larger text everywhere, remembered", async ({ page }) => {
  const size = () => page.evaluate(() => getComputedStyle(document.body).fontSize);
  expect(await size()).toBe("14px");
  await page.getByRole("button", { name: "Larger text" }).click();
  await page.keyboard.press("Alt+Equal");
  expect(await size()).toBe("18.2px");
  await page.getByRole("tab", { name: "Domains" }).dblclick();
  await expect(page.locator("[data-group='g-domains']")).toHaveClass(/maximized/);
  await page.reload();
  expect(await size()).toBe("18.2px");
  await page.keyboard.press("Alt+Digit0");
  expect(await size()).toBe("14px");
});
