// Presenter mode: `?present=1` opens the tour in the projector theme; a reproduction is
// stepped through by keyboard (→, Space, PageDown, ←, Home/r, End) with its notes as
// captions and the scenario's position following; Escape leaves and gives back the
// user's own layout and theme; a step that waits on a real guest says so while keys
// pressed meanwhile are ignored. At 1280×720, the projector's size.
import { expect, test, type Page } from "@playwright/test";
import { pageErrors, panel } from "./helpers";

test.use({ viewport: { width: 1280, height: 720 } });

const position = (page: Page) => page.evaluate(() => window.__xenlab!.scenario()?.position);
const caption = (page: Page) => page.getByRole("region", { name: "Presenter caption" });
const docs = process.env.XENLAB_SCREENSHOTS === "docs";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await page.evaluate(() => localStorage.clear());
});

/** Press a key and wait for the scenario to reach `to`. */
async function press(page: Page, key: string, to: number): Promise<void> {
  await page.keyboard.press(key);
  await expect.poll(() => position(page)).toBe(to);
  await expect(caption(page).getByTestId("caption-position")).toContainText(`step ${to} of`);
}

test("steps a reproduction by keyboard, notes as captions, and leaves with Escape", async ({
  page,
}) => {
  const errors = pageErrors(page);
  await page.goto("/?present=1");
  const cap = caption(page);
  // A new visitor gets the tour, in the projector theme, without the page's controls.
  await expect(cap.getByTestId("caption-note")).toContainText("A tour of Xen");
  await expect(cap.getByTestId("caption-position")).toHaveText("step 0 of 54");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "projector");
  await expect(page.getByRole("button", { name: "Presenter mode", exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Profile")).toHaveCount(0);

  await cap.getByLabel("Scenario").selectOption({ label: "arm64-set-address-size" });
  await expect(cap.getByTestId("caption-position")).toHaveText("step 0 of 13");
  const note = cap.getByTestId("caption-note");
  await expect(note).toContainText("arm64 domain type: 32 by default");
  await press(page, "ArrowRight", 1);
  await expect(cap.getByTestId("caption-step")).toContainText("domctl createdomain returned 0");
  await press(page, "Space", 2);
  await press(page, "PageDown", 3);
  await press(page, "ArrowRight", 4);
  await expect(cap.getByTestId("caption-step")).toContainText("mode: AArch32, hcr-rw: 0");
  // Step 5 is a note: it becomes the caption, and the stage shows what it introduces.
  await press(page, "ArrowRight", 5);
  await expect(note).toHaveText("The toolstack probed a 64-bit kernel: set_address_size(64).");
  await expect(panel(page, "vCPUs")).toBeVisible();
  await press(page, "ArrowRight", 6);
  await expect(note).toHaveText("The toolstack probed a 64-bit kernel: set_address_size(64).");
  await expect(cap.getByTestId("caption-step")).toContainText("set_address_size returned 0");
  // Back: a fresh lab replayed to the step before; the caption follows.
  await press(page, "ArrowLeft", 5);
  await press(page, "PageUp", 4);
  await expect(note).toContainText("arm64 domain type: 32 by default");
  await press(page, "End", 13);
  await expect(cap.getByTestId("caption-verdict")).toHaveText("Test result: FAILURE");
  await expect(note).toHaveText("A 32-bit domain must not run its vCPUs in AArch64.");
  await expect(cap.getByTestId("caption-step")).toContainText("hcr-rw: expected 0, found 1");
  // At the verdict, next does nothing (no silent replay).
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(300);
  expect(await position(page)).toBe(13);
  await press(page, "r", 0);
  await press(page, "ArrowRight", 1);
  await press(page, "Home", 0);

  await page.keyboard.press("Escape");
  await expect(cap).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Presenter mode", exact: true })).toBeVisible();
  await expect(panel(page, "Scenario")).toBeVisible();
  expect(new URL(page.url()).searchParams.get("present")).toBeNull();
  expect(errors).toEqual([]);
});

test("the toolbar button and Alt+P enter it; the user's layout and theme come back", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("tab", { name: "Hypercall composer" }).click();
  const theme = await page.locator("html").getAttribute("data-theme");
  await page.getByRole("button", { name: "Presenter mode", exact: true }).click();
  await expect(caption(page)).toBeVisible();
  expect(new URL(page.url()).searchParams.get("present")).toBe("1");
  // The tour, at step 0: the panel for its first steps is the domain list.
  await expect(caption(page).getByTestId("caption-position")).toHaveText("step 0 of 54");
  await expect(panel(page, "Domains")).toBeVisible();
  await expect(panel(page, "Hypercall composer")).toHaveCount(0);
  await page.getByRole("button", { name: "Leave presenter mode" }).click();
  await expect(panel(page, "Hypercall composer")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme!);
  await page.keyboard.press("Alt+p");
  await expect(caption(page)).toBeVisible();
  await page.keyboard.press("Alt+p");
  await expect(caption(page)).toHaveCount(0);
  // Outside presenter mode the arrows are not scenario keys.
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(200);
  expect(await position(page)).toBe(0);
});

/** A real guest, then a line it never prints: the second wait runs to its timeout. */
const SLOW = `format: xenlab/1
name: slow-guest
title: A guest that never prints the line we wait for
arch: x86_64
files:
  lk1.cfg: |
    name = "lk1"
    type = "pvh"
    kernel = "labkernel"
    memory = 16
steps:
  - xl: create lk1.cfg
  - wait: { dom: lk1, serial: "lab> ", timeout-ms: 20000 }
  - wait: { dom: lk1, serial: "never printed", timeout-ms: 4000 }
  - note: "the end"
`;

test("a step waiting on a real guest says so; keys pressed meanwhile are ignored", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await page.evaluate((text) => window.__xenlab!.setScenario(text), SLOW);
  await page.keyboard.press("Alt+p");
  const cap = caption(page);
  await expect(cap.getByTestId("caption-position")).toHaveText("step 0 of 4");
  await press(page, "ArrowRight", 1);
  await expect.poll(() => position(page), { timeout: 60_000 }).toBe(1);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => position(page), { timeout: 60_000 }).toBe(2);
  // Step 3 waits for a line lk1 never prints: the caption says it waits, and how long.
  await page.keyboard.press("ArrowRight");
  await expect(cap.getByTestId("caption-step")).toContainText(
    "Step 3: waiting for lk1's console (at most 4 s)",
  );
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  await page.keyboard.press("End");
  await expect.poll(() => position(page), { timeout: 30_000 }).toBe(3);
  await page.waitForTimeout(500);
  expect(await position(page)).toBe(3);
  await expect(cap.getByTestId("caption-step")).toContainText("step 3");
});

test("the tour's FIFO queue on stage, for the README", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/?present=1");
  const cap = caption(page);
  await expect(cap.getByTestId("caption-position")).toHaveText("step 0 of 54");
  // To the check after the second send: g1's two ports linked on its queue.
  for (let at = 0; at < 49;) {
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => position(page)).toBeGreaterThan(at);
    at = (await position(page))!;
  }
  await expect(cap.getByTestId("caption-note")).toContainText("A second channel and one send");
  const evtchn = panel(page, "Event channels");
  await expect(evtchn.getByTestId("evtchn-abi")).toHaveText("FIFO");
  await expect(evtchn.getByTestId("debug-keys-e")).toContainText("2 [1/0/  0   ]: s=3");
  await page.screenshot({
    path: `${docs ? "docs" : "test-results"}/screenshots/presenter.png`,
  });
});
