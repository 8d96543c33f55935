// The main views, captured for a look (test-results/screenshots), and for the README
// when XENLAB_SCREENSHOTS=docs (docs/screenshots). Each view is asserted before its
// capture, so a screenshot never shows a broken state silently.
import { expect, test, type Page } from "@playwright/test";
import { createGuest, freshPage, panel, showPanel, typeLine } from "./helpers";

/** The views the README shows; the others are for a look, in test-results only. */
const FOR_DOCS = new Set([
  "lab-scenario",
  "lab-quirk-light",
  "composer",
  "event-channels",
  "xlcfg",
  "real-guests",
  "ab-diff",
]);
const docs = process.env.XENLAB_SCREENSHOTS === "docs";
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `${docs && FOR_DOCS.has(name) ? "docs" : "test-results"}/screenshots/${name}.png`,
  });

test.use({ viewport: { width: 1280, height: 720 } });

test("the main views", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
  await freshPage(page);
  const scenario = panel(page, "Scenario");
  await expect(scenario.locator(".monaco-editor")).toBeVisible();
  for (let i = 0; i < 6; i++) await scenario.getByRole("button", { name: /Step/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("step 6 of 13");
  const vcpus = panel(page, "vCPUs");
  await vcpus
    .getByRole("button", { name: /vcpu-mode AArch32 -> AArch64/ })
    .nth(2)
    .click();
  await expect(vcpus.getByTestId("switch-details")).toContainText("set_address_size");
  await vcpus.locator("[data-lane='d1v0']").click();
  await shot(page, "lab-scenario");

  await scenario.getByRole("button", { name: /Run/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("Test result: FAILURE");
  await page.keyboard.press("Alt+t");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await expect(vcpus.locator("rect.seg.inconsistent")).toHaveCount(2);
  await shot(page, "lab-quirk-light");

  await page.keyboard.press("Alt+t");
  await showPanel(page, "Hypercall composer");
  const composer = panel(page, "Hypercall composer");
  await composer.getByLabel("Domain").selectOption("1");
  await composer.getByLabel("Operation").selectOption("XENVER_extraversion");
  await composer.getByLabel("stale upper halves").fill("0xdead");
  await composer.getByRole("button", { name: /Issue HVC/ }).click();
  await expect(composer.getByTestId("compose-result")).toContainText("xen_version returned");
  await shot(page, "composer");

  // Two modelled guests with an interdomain channel, one port masked and pending.
  await page.getByRole("button", { name: "Switch to the light theme" }).waitFor();
  await page.evaluate(() => localStorage.clear());
  await page.goto("/");
  await createGuest(page, "a", "modelled-2l");
  await createGuest(page, "b", "modelled-2l");
  const alloc = await typeLine(page, 1, "evtchn alloc 2", /alloc port \d+/);
  const port = /alloc port (\d+)/.exec(alloc)![1]!;
  const bind = await typeLine(page, 2, `evtchn bind 1 ${port}`, /bound port \d+/);
  const local = /bound port (\d+)/.exec(bind)![1]!;
  await typeLine(page, 2, `evtchn mask ${local}`, /masked port/);
  await typeLine(page, 1, `evtchn send ${port}`, /sent port/);
  await page.keyboard.press("Alt+8");
  const ev = panel(page, "Event channels");
  await ev.getByLabel("Domain").selectOption("2");
  await expect(ev.locator(`.cell[data-port="${local}"]`)).toHaveClass(/pending/);
  await shot(page, "event-channels");

  await page.evaluate(() => window.__xenlab!.stress(100_000));
  await expect(panel(page, "Trace").getByTestId("trace-count")).toContainText(/^100\d{3} of/);
  await page.getByRole("tab", { name: "Trace" }).dblclick();
  await shot(page, "trace-maximized");
});

test("the toolstack and real guests", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
  await freshPage(page);
  // xl.cfg with a problem xl reports, as an editor marker.
  await showPanel(page, "Create domain");
  const create = panel(page, "Create domain");
  await create.getByRole("tab", { name: "xl.cfg" }).click();
  await create.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nvcpus = 2\nmaxvcpus = 1\n");
  await expect(create.getByTestId("xl-verdict")).toContainText("maxvcpus < vcpus");
  await shot(page, "xlcfg");

  // An x86 lab: labfw and labkernel in v86, the mode switches on the vCPU lanes.
  await page.getByLabel("Host").selectOption("x86_64");
  const scenario = panel(page, "Scenario");
  await scenario.getByLabel("Built-in").selectOption({ label: "x86-labkernel-modes" });
  await scenario.getByRole("button", { name: /Run/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("Test result: SUCCESS", {
    timeout: 60_000,
  });
  const consoles = panel(page, "Consoles");
  await consoles.getByRole("tab", { name: /^d1 serial/ }).click();
  await expect(consoles.locator('[data-terminal="d1"]')).toContainText("lab>");
  await shot(page, "real-guests");
});

test("the A/B view (README: Reproduce a bug)", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
  await freshPage(page);
  const scenario = panel(page, "Scenario");
  await scenario.getByLabel("Built-in").selectOption({ label: "arm64-64-to-32-quirk" });
  await scenario.getByLabel("Compare with").selectOption("is-32bits-v1");
  await scenario.getByRole("button", { name: "A/B diff" }).click();
  const ab = panel(page, "A/B diff");
  await expect(ab.getByTestId("ab-diff")).toContainText("first divergence: step 5");
  // Opened maximized, so both traces and the state table have room.
  await expect(panel(page, "Scenario")).toBeHidden();
  const state = ab.getByRole("region", { name: "State compared" });
  await state.getByLabel("Step compared").fill("5");
  await expect(state.getByTestId("ab-state-where")).toContainText("after step 5");
  await shot(page, "ab-diff");
  // Escape restores the layout (once focus has left the slider, which keeps its keys).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Escape");
  await expect(panel(page, "Scenario")).toBeVisible();
});
