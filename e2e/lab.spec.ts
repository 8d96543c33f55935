import type {} from "../src/ui/xenlab-window";
// The first page, in Chromium against the built app: dom0 listed, createdomain's live
// verdict with Xen's messages, creating and destroying domains.
import { expect, test, type Page } from "@playwright/test";

const domains = (page: Page) => page.getByRole("region", { name: "Domains" });
const create = (page: Page) => page.getByRole("region", { name: "Create domain" });

test.beforeEach(async ({ page }) => {
  await page.goto("/");
});

test("the page loads with dom0 listed", async ({ page }) => {
  const row = domains(page).locator("tbody tr").first();
  await expect(row).toContainText("Domain-0");
  await expect(row.locator("td").nth(1)).toHaveText("0");
  await expect(row.locator("td").nth(4)).toHaveText("r-----");
  const snapshot = await page.evaluate(() =>
    window.__xenlab!.snapshot().domains.map((d) => d.domid),
  );
  expect(snapshot).toEqual([0]);
});

test("arm64: nested_virt is rejected with Xen's message and errno", async ({ page }) => {
  const verdict = create(page).getByTestId("cdf-verdict");
  await expect(verdict).toHaveText(/createdomain would succeed/);
  await create(page)
    .getByLabel(/nested_virt/)
    .check();
  await expect(verdict).toContainText("-EINVAL (22)");
  await expect(verdict).toContainText("Unsupported configuration 0x43");
  await expect(verdict).toContainText(
    "(XEN) arch/arm/domain.c:571: Unsupported configuration 0x43",
  );
});

test("x86_64: trap_unmapped_accesses is rejected with the flags word", async ({ page }) => {
  await page.getByLabel("Host").selectOption("x86_64");
  await create(page)
    .getByLabel(/trap_unmapped_accesses/)
    .check();
  await expect(create(page).getByTestId("cdf-verdict")).toContainText(
    "Unsupported trap_unmapped_accesses flag 0x103",
  );
});

test("a release build shows the errno but no dprintk line", async ({ page }) => {
  await page.getByLabel("Profile").selectOption("upstream-release");
  await create(page)
    .getByLabel(/nested_virt/)
    .check();
  const verdict = create(page).getByTestId("cdf-verdict");
  await expect(verdict).toContainText("-EINVAL");
  await expect(verdict).toContainText("a release build prints nothing");
});

test("creating a valid domain lists it; destroying it removes it", async ({ page }) => {
  await create(page).getByLabel("name").fill("guest1");
  await create(page).getByRole("button", { name: "Create" }).click();
  const row = domains(page).locator("tbody tr", { hasText: "guest1" });
  await expect(row).toBeVisible();
  await expect(row.locator("td").nth(1)).toHaveText("1");
  await expect(row.locator("td").nth(4)).toHaveText("-b----");
  await expect(domains(page).getByRole("status")).toContainText("Created guest1 (domain 1)");

  await row.click();
  await domains(page).getByRole("button", { name: "Destroy" }).click();
  await expect(domains(page).locator("tbody tr", { hasText: "guest1" })).toHaveCount(0);
  await expect(domains(page).getByRole("status")).toContainText(
    "XEN_DOMCTL_destroydomain guest1 (domain 1) = 0",
  );
});

test("destroying dom0 is refused with -EINVAL", async ({ page }) => {
  await domains(page).locator("tbody tr").first().click();
  await domains(page).getByRole("button", { name: "Destroy" }).click();
  await expect(domains(page).getByRole("status")).toContainText("= -EINVAL (-22)");
  await expect(domains(page).locator("tbody tr").first()).toContainText("Domain-0");
});

test("a rejected create leaves nothing behind and says why", async ({ page }) => {
  await create(page)
    .getByLabel(/nested_virt/)
    .check();
  await create(page).getByRole("button", { name: "Create" }).click();
  await expect(domains(page).getByRole("status")).toContainText("createdomain failed: -EINVAL");
  await expect(domains(page).locator("tbody tr")).toHaveCount(1);
  await page.screenshot({ path: "test-results/lab-page.png", fullPage: true });
});
