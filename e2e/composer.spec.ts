// Hypercall composer: issue a hypercall as a chosen vCPU, with the registers as the
// guest loads them, and see the result, the trace entry and the register pane change.
import { expect, test } from "@playwright/test";
import { freshPage, panel, showPanel } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("xen_version from dom0 (AArch64) and from a new guest (AArch32)", async ({ page }) => {
  await showPanel(page, "Hypercall composer");
  const composer = panel(page, "Hypercall composer");
  await expect(composer.getByTestId("exec-state")).toHaveText("AArch64");
  const regs = composer.getByRole("table", { name: "Registers the guest loads" });
  await expect(regs.getByRole("row", { name: /x16/ })).toContainText("0x0000000000000011");
  await composer.getByRole("button", { name: /Issue HVC #0xea1 as d0v0/ }).click();
  const result = composer.getByTestId("compose-result");
  await expect(result).toContainText("xen_version returned 262166");
  await expect(result).toContainText(/d0v0 xen_version XENVER_version\(.*\) = 262166/);
  // The Trace panel has it too.
  await expect(panel(page, "Trace").locator(".trace-row").last()).toContainText("XENVER_version");

  // A guest: create it from the form, then call as its vCPU0, which is AArch32.
  await showPanel(page, "Create domain");
  // No kernel: the domain has no RAM yet, so its structs cannot be passed.
  await panel(page, "Create domain").getByLabel("kernel").selectOption("none");
  await panel(page, "Create domain").getByRole("button", { name: "Create" }).click();
  await showPanel(page, "Hypercall composer");
  await composer.getByLabel("Domain").selectOption("1");
  await expect(composer.getByTestId("exec-state")).toHaveText("AArch32");
  await expect(regs.getByRole("row", { name: /r12/ })).toContainText("00000011");
  await composer.getByLabel("Operation").selectOption("XENVER_extraversion");
  await composer.getByRole("button", { name: /Issue HVC/ }).click();
  await expect(result).toContainText("xen_version returned -EFAULT (-14)");
  await composer.getByRole("button", { name: "Give d1 a page at the buffer" }).click();
  await expect(result).toContainText("gfn 0x40000 is RAM now");
  await composer.getByRole("button", { name: /Issue HVC/ }).click();
  await expect(result).toContainText("xen_version returned 0");
  await expect(result).toContainText('extraversion = ".0"');
  // The register pane shows r0 = 0 and the debug clobber of r1, highlighted.
  const vcpus = panel(page, "vCPUs");
  await vcpus.locator("[data-lane='d1v0']").click();
  await expect(vcpus.locator("tr[data-reg='x1']")).toContainText("deadbeef");
});
