// vCPUs panel: an arm64 build flips vCPU0 on the timeline (xen/arch/arm/arm64/domctl.c
// switch_mode), the cause is named, the 64 -> 32 quirk is marked, registers show it.
import { expect, test } from "@playwright/test";
import { freshPage, lineOf, panel } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("watch an arm64 build flip vCPU0 on the timeline, and the quirk marked", async ({ page }) => {
  const scenario = panel(page, "Scenario");
  const vcpus = panel(page, "vCPUs");
  // Steps 1-4: createdomain, expect, max_vcpus, expect: d1's vCPUs exist in AArch32.
  for (let i = 0; i < 4; i++) await scenario.getByRole("button", { name: /Step/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("step 4 of 13");
  const lane = vcpus.locator("[data-lane='d1v0']");
  await expect(lane).toContainText("32");
  await expect(lane).toContainText("RW0");
  await expect(vcpus.locator("circle.switch[aria-label*='vcpu-created']")).toHaveCount(4);
  // Steps 5-6: the note, then set_address_size 64 flips both vCPUs.
  await scenario.getByRole("button", { name: /Step/ }).click();
  await scenario.getByRole("button", { name: /Step/ }).click();
  await expect(lane).toContainText("RW1");
  await expect(lane).toContainText("64");
  const flip = vcpus.getByRole("button", { name: /vcpu-mode AArch32 -> AArch64/ });
  await expect(flip).toHaveCount(4); // dom0's two at boot, d1's two now
  await flip.nth(2).click();
  const details = vcpus.getByTestId("switch-details");
  await expect(details).toContainText("d1v0 vcpu-mode: AArch32 -> AArch64 (HCR_EL2.RW 1)");
  await expect(details).toContainText("inside d0v0 domctl set_address_size(domain=1 size=64) = 0");
  const line = lineOf("arm64-set-address-size.yaml", "set_address_size, dom: g1, size: 64");
  await expect(details).toContainText(`step 6 (line ${line}, domctl)`);
  await lane.click();
  await expect(vcpus.getByTestId("vcpu-mode")).toHaveText("AArch64");
  await expect(vcpus.getByTestId("hcr-rw")).toContainText("RW=1");
  // Run on: back to 32-bit leaves RW set, which the lane marks.
  await scenario.getByRole("button", { name: /Run/ }).click();
  await expect(scenario.getByTestId("scenario-status")).toContainText("Test result: FAILURE");
  await expect(lane).toContainText("32");
  await expect(lane).toContainText("RW1");
  await expect(lane.getByLabel(/32-bit domain with HCR_EL2.RW set/)).toBeVisible();
  await expect(vcpus.locator("rect.seg.inconsistent")).toHaveCount(2);
  // dom0's boot switch is Xen's own, outside any hypercall.
  await flip.first().click();
  await expect(details).toContainText("outside any hypercall");
});
