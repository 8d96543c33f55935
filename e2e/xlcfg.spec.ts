// Create domain's xl.cfg tab: the same domain as a config, kept in step with the form,
// checked live by xl's parser and libxl (markers where the problem is), a dropped
// kernel probed (a garbage file says so), `xl create` in the lab's dom0 shell; and the
// dom0 shell console itself (history, completion).
import { expect, test, type Page } from "@playwright/test";
import { editorText, freshPage, panel, showPanel, terminalText } from "./helpers";

/** The xl.cfg tab, its group maximized (as a user would, to have room to edit). */
async function xlcfgTab(page: Page) {
  await showPanel(page, "Create domain");
  const create = panel(page, "Create domain");
  await create.getByRole("tab", { name: "xl.cfg" }).click();
  await page.getByRole("tab", { name: "Create domain" }).dblclick();
  await expect(create.locator(".monaco-editor")).toBeVisible();
  return create;
}

test.beforeEach(async ({ page }) => freshPage(page));

test("create a domain from xl.cfg; the form follows the config and back", async ({ page }) => {
  const create = await xlcfgTab(page);
  const verdict = create.getByTestId("xl-verdict");
  await expect(verdict).toContainText("xl create would succeed: guest1, 1 vCPU, 128 MiB");
  await expect(create.getByTestId("kernel-probe")).toContainText(
    "images/sample-arm64.Image: Linux zImage (ARM64) took it: xen-3.0-aarch64 (64-bit)",
  );
  // Edit the config: two vCPUs, another name. The form reads them back.
  await create.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type('\nvcpus = 2\nname = "web"\n');
  await expect(verdict).toContainText("xl create would succeed: web, 2 vCPUs");
  await create.getByRole("tab", { name: "Form" }).click();
  await expect(create.getByLabel("name")).toHaveValue("web");
  await expect(create.getByLabel("max_vcpus")).toHaveValue("2");
  // The form's change goes into the config's own line.
  await create.getByLabel("memory (MiB)").fill("256");
  await create.getByRole("tab", { name: "xl.cfg" }).click();
  await expect.poll(() => editorText(page, "xlcfg")).toContain("memory = 256");
  await expect(verdict).toContainText("256 MiB");
  await create.getByRole("button", { name: "xl create" }).click();
  await page.keyboard.press("Escape");
  const row = panel(page, "Domains").locator("tbody tr", { hasText: "web" });
  await expect(row).toBeVisible();
  await expect(panel(page, "Domains").getByRole("status")).toContainText(
    "xl create web.cfg: domain 1 created",
  );
  // The dom0 shell shows it as if typed, with xl's own lines.
  await panel(page, "Consoles").getByRole("tab", { name: "dom0 shell" }).click();
  await expect
    .poll(() => terminalText(page, "dom0"))
    .toContain("root@xendom0:~# xl create web.cfg");
  await expect.poll(() => terminalText(page, "dom0")).toContain("Parsing config from web.cfg");
});

test("an invalid xl.cfg says what is wrong, where it is", async ({ page }) => {
  const create = await xlcfgTab(page);
  await create.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type('\nmemory = [ "1",\nvcpus = two\n');
  const verdict = create.getByTestId("xl-verdict");
  await expect(verdict).toContainText("xl create would fail (exit 1)");
  await expect(verdict).toContainText("config parsing error near `vcpus': syntax error");
  await expect(create.locator(".squiggly-error").first()).toBeVisible();
});

test("a garbage file dropped as a kernel is named as such", async ({ page }) => {
  const create = await xlcfgTab(page);
  await create.getByLabel("Kernel file").setInputFiles({
    name: "not-a-kernel.bin",
    mimeType: "application/octet-stream",
    buffer: Buffer.alloc(8192, 0x5a),
  });
  await expect(create.getByTestId("kernel-probe")).toContainText(
    "not-a-kernel.bin is not a kernel the domain builder can load: xc: error: panic:",
  );
  await expect(create.getByTestId("kernel-probe")).toContainText("no loader found: Invalid kernel");
  await expect.poll(() => editorText(page, "xlcfg")).toContain('kernel = "not-a-kernel.bin"');
  await expect(create.getByTestId("xl-verdict")).toContainText("xl create would fail");
});

test("the dom0 shell: completion, history, xl output", async ({ page }) => {
  const consoles = panel(page, "Consoles");
  await consoles.getByRole("tab", { name: "dom0 shell" }).click();
  await consoles.locator('[data-terminal="dom0"] .xterm').click();
  await page.keyboard.type("xl li");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect.poll(() => terminalText(page, "dom0")).toMatch(/Domain-0\s+0\s+1024\s+2\s+r-----/);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  const text = await terminalText(page, "dom0");
  expect(text.match(/root@xendom0:~# xl list $/gm)).toHaveLength(2);
});
