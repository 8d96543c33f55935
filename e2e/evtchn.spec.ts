// Event channels: two modelled guests bind an interdomain channel from their consoles;
// a send to a masked port shows it pending (and masked) in the ports table and the
// 2-level grid; unmasking delivers it (xen/common/event_2l.c evtchn_2l_unmask).
import { expect, test } from "@playwright/test";
import { createGuest, freshPage, panel, showConsole, terminalText, typeLine } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("bind and send: the port goes pending in the table and the grid", async ({ page }) => {
  await createGuest(page, "a", "modelled-2l");
  await createGuest(page, "b", "modelled-2l");
  // The guests booted: their consoles say so, in Xen's words.
  await showConsole(page, 1);
  await expect.poll(() => terminalText(page, "d1")).toContain("evtchn: 2-level, 4096 channels");
  const alloc = await typeLine(page, 1, "evtchn alloc 2", /evtchn: alloc port \d+ for d2/);
  const port = /alloc port (\d+)/.exec(alloc)![1]!;
  const bind = await typeLine(page, 2, `evtchn bind 1 ${port}`, /evtchn: bound port \d+/);
  const local = /bound port (\d+)/.exec(bind)![1]!;
  await typeLine(page, 2, `evtchn mask ${local}`, new RegExp(`masked port ${local}`));
  await typeLine(page, 1, `evtchn send ${port}`, new RegExp(`sent port ${port}`));
  // Each line shows once: the local echo gave way to the guest's.
  const d1 = await terminalText(page, "d1");
  expect(d1.match(new RegExp(`lab> evtchn send ${port}$`, "gm"))).toHaveLength(1);

  await page.keyboard.press("Alt+8");
  const ev = panel(page, "Event channels");
  await ev.getByLabel("Domain").selectOption("2");
  await expect(ev.getByTestId("evtchn-abi")).toHaveText("2-level");
  const row = ev.getByRole("table", { name: "Ports" }).locator(`tr[data-port="${local}"]`);
  await expect(row).toContainText("interdomain");
  await expect(row).toContainText(`d1 p${port}`);
  await expect(row.locator("td").nth(5)).toHaveText("1");
  await expect(row.locator("td").nth(6)).toHaveText("1");
  const cell = ev
    .getByRole("group", { name: "2-level bitmaps" })
    .locator(`.cell[data-port="${local}"]`);
  await expect(cell).toHaveClass(/pending/);
  await expect(cell).toHaveClass(/masked/);
  await expect(ev.getByTestId("debug-keys-e")).toContainText(
    `Event channel information for domain 2:`,
  );

  // Unmask: Xen raises the event, the guest's upcall consumes it.
  await typeLine(page, 2, `evtchn unmask ${local}`, new RegExp(`evtchn: event port ${local}`));
  await page.keyboard.press("Alt+8");
  await expect(row.locator("td").nth(5)).toHaveText("0");
  await expect(cell).not.toHaveClass(/pending/);
});

test("FIFO guests show their queues and event words", async ({ page }) => {
  await createGuest(page, "a", "modelled-fifo");
  await showConsole(page, 1);
  await expect.poll(() => terminalText(page, "d1")).toContain("fifo: ok");
  await page.keyboard.press("Alt+8");
  const ev = panel(page, "Event channels");
  await ev.getByLabel("Domain").selectOption("1");
  await expect(ev.getByTestId("evtchn-abi")).toHaveText("FIFO");
  await expect(ev.getByRole("group", { name: "FIFO queues" })).toContainText(
    "v0: control block gfn 0x",
  );
  await expect(ev.getByRole("table", { name: "Event words" })).toBeVisible();
});

test("the debug-keys e text follows the profile's dump format", async ({ page }) => {
  // evtchn_fifo v5 1/4 prints "Event channel information for d0:" and the ABI line.
  await page.getByLabel("Profile").selectOption("evtchn-fifo-v5");
  await page.keyboard.press("Alt+8");
  const ev = panel(page, "Event channels");
  await ev.getByLabel("Domain").selectOption("0");
  const text = ev.getByTestId("debug-keys-e");
  await expect(text).toContainText("Event channel information for d0:");
  await expect(text).toContainText("ABI: ");
  await page.getByLabel("Profile").selectOption("upstream");
  await expect(text).toContainText("Event channel information for domain 0:");
  await expect(text).not.toContainText("ABI: ");
});
