// Consoles: the Xen console ring in xterm, read through the terminal buffer.
import { expect, test } from "@playwright/test";
import { freshPage, panel, terminalText } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("the Xen console ring is in the terminal, with each new line as Xen prints it", async ({
  page,
}) => {
  const consoles = panel(page, "Consoles");
  await expect(consoles.getByRole("tab", { name: "Xen console" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect.poll(() => terminalText(page, "xen")).toContain("(XEN) *** LOADING DOMAIN 0 ***");
  const create = panel(page, "Create domain");
  await create.getByLabel(/nested_virt/).check();
  await create.getByRole("button", { name: "Create" }).click();
  await expect
    .poll(() => terminalText(page, "xen"))
    .toContain("(XEN) arch/arm/domain.c:571: Unsupported configuration 0x43");
  // Switching the host boots a new lab; the console says so and keeps the history.
  await page.getByLabel("Host").selectOption("x86_64");
  await expect
    .poll(() => terminalText(page, "xen"))
    .toContain("--- xenlab: x86_64 host, profile upstream");
  const text = await terminalText(page, "xen");
  expect(text).toContain("Unsupported configuration 0x43");
});

test("output survives the terminal being unmounted (tab moved, panel hidden)", async ({ page }) => {
  await expect.poll(() => terminalText(page, "xen")).toContain("LOADING DOMAIN 0");
  // Maximize another group: the Consoles panel unmounts; restore: the backlog returns.
  await page.getByRole("tab", { name: "Domains" }).dblclick();
  await expect(panel(page, "Consoles")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect.poll(() => terminalText(page, "xen")).toContain("LOADING DOMAIN 0");
});
