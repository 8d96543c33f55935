// Real guests: an x86 lab's `kernel = "labkernel"` domain runs labkernel in v86; its
// serial console is a tab; typing reaches the guest, its output comes back (read from
// xterm's buffer). A second guest pings the first through an event channel.
import { expect, test, type Page } from "@playwright/test";
import { editorText, freshPage, panel, showPanel, terminalText } from "./helpers";

async function createLabkernel(page: Page, name: string): Promise<void> {
  await showPanel(page, "Create domain");
  const create = panel(page, "Create domain");
  await create.getByRole("tab", { name: "xl.cfg" }).click();
  await page.getByRole("tab", { name: "Create domain" }).dblclick();
  await create.getByLabel("Kernel image").selectOption("labkernel");
  await expect.poll(() => editorText(page, "xlcfg")).toContain('kernel = "labkernel"');
  await create.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(`\nname = "${name}"\nmemory = 16\n`);
  await expect(create.getByTestId("xl-verdict")).toContainText(`xl create would succeed: ${name}`);
  await create.getByRole("button", { name: "xl create" }).click();
  await page.keyboard.press("Escape");
  await expect(panel(page, "Domains").locator("tbody tr", { hasText: name })).toBeVisible();
}

async function serial(page: Page, domid: number, line: string, expected: RegExp): Promise<void> {
  const consoles = panel(page, "Consoles");
  await consoles.getByRole("tab", { name: new RegExp(`^d${domid} serial`) }).click();
  await expect.poll(() => terminalText(page, `d${domid}`), { timeout: 30_000 }).toMatch(/lab> $/m);
  await consoles.locator(`[data-terminal="d${domid}"] .xterm`).click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  await expect.poll(() => terminalText(page, `d${domid}`), { timeout: 30_000 }).toMatch(expected);
}

test.beforeEach(async ({ page }) => {
  await freshPage(page);
  await page.getByLabel("Host").selectOption("x86_64");
});

test("boot labkernel, type in its serial console, see its output", async ({ page }) => {
  await createLabkernel(page, "lk1");
  // labkernel's boot lines, then its shell: echo of what we type, then the answer.
  await serial(page, 1, "mode", /lab> mode\nmode: paging \(CR0=0x80000011/);
  const text = await terminalText(page, "d1");
  expect(text).toMatch(/^xen: version 4\.22/m);
  expect(text).toMatch(/^xen: domid 1$/m);
  // The vCPU's mode, sampled from the real CPU, is on the timeline.
  const lane = panel(page, "vCPUs").locator("[data-lane='d1v0']");
  await expect(lane).toBeVisible();
  await expect(
    panel(page, "vCPUs").getByRole("button", { name: /seq \d+: vcpu-mode protected -> paging/ }),
  ).toHaveCount(1);
});

test("two real guests ping each other through an event channel", async ({ page }) => {
  await createLabkernel(page, "lk1");
  await createLabkernel(page, "lk2");
  await serial(page, 2, "info", /xen: domid 2/);
  await serial(page, 1, "ping 2 5", /ping: d2 5 round trips/);
});
