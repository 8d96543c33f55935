// The A/B view: a reviewer runs the arm64 reproduction under upstream and under the
// is-32bits-v1 patch, sees the two traces side by side (scroll-locked, aligned by step),
// the first divergence highlighted and named as `xenlab diff` names it, and the two
// labs' state compared at any step.
import { expect, test } from "@playwright/test";
import { freshPage, lineOf, pageErrors, panel, showPanel } from "./helpers";

test.beforeEach(async ({ page }) => freshPage(page));

test("the A/B view shows the first divergence of the arm64 reproduction", async ({ page }) => {
  const errors = pageErrors(page);
  const scenario = panel(page, "Scenario");
  await scenario.getByLabel("Built-in").selectOption({ label: "arm64-64-to-32-quirk" });
  await showPanel(page, "A/B diff");
  const ab = panel(page, "A/B diff");
  await ab.getByLabel("Profile A").selectOption("upstream");
  await ab.getByLabel("Profile B").selectOption("is-32bits-v1");
  await ab.getByRole("button", { name: "Compare" }).click();

  const summary = ab.getByTestId("ab-diff");
  const line = lineOf("arm64-64-to-32-quirk.yaml", "set_address_size, dom: g1, size: 32");
  await expect(summary).toContainText(`first divergence: step 5 (line ${line}, domctl)`);
  await expect(summary).toContainText("A upstream: Test result: FAILURE");
  await expect(summary).toContainText("B is-32bits-v1: Test result: SUCCESS");
  await expect(summary).toContainText(
    "B is-32bits-v1: d1v0 vcpu-mode: AArch64 -> AArch32 (HCR_EL2.RW 0)",
  );

  // Both traces, side by side; the first divergence row highlighted on both sides and
  // in view, at the same height (aligned), with each side's own entry.
  const traceA = ab.getByRole("table", { name: "Trace A (upstream)" });
  const traceB = ab.getByRole("table", { name: "Trace B (is-32bits-v1)" });
  const firstA = traceA.locator(".first-divergence");
  const firstB = traceB.locator(".first-divergence");
  await expect(firstA).toBeInViewport();
  await expect(firstB).toBeInViewport();
  // Upstream has no entry there (a gap), v1 its mode change; the domctl both made is
  // on the next row, shared.
  await expect(firstA).toHaveClass(/absent/);
  await expect(firstB).toContainText("d1v0 vcpu-mode: AArch64 -> AArch32 (HCR_EL2.RW 0)");
  const next = Number(await firstA.getAttribute("data-row")) + 1;
  for (const t of [traceA, traceB])
    await expect(t.locator(`[data-row='${next}']`)).toContainText(
      "d0v0 domctl set_address_size(domain=1 size=32) = 0",
    );
  const [ya, yb] = [(await firstA.boundingBox())!.y, (await firstB.boundingBox())!.y];
  expect(Math.abs(ya - yb)).toBeLessThan(1);
  await page.screenshot({ path: "test-results/ab-view.png" });

  // Scroll-locked: scrolling A scrolls B by the same amount.
  const scrollA = traceA.locator(".ab-scroll");
  const scrollB = traceB.locator(".ab-scroll");
  await scrollA.evaluate((el) => (el.scrollTop = 0));
  await expect.poll(() => scrollB.evaluate((el) => el.scrollTop)).toBe(0);
  await scrollA.evaluate((el) => (el.scrollTop = 44));
  await expect
    .poll(async () => [
      await scrollA.evaluate((e) => e.scrollTop),
      await scrollB.evaluate((e) => e.scrollTop),
    ])
    .toEqual([44, 44]);

  // The state table opens where the labs part: HCR_EL2.RW set upstream, clear under v1.
  const state = ab.getByRole("region", { name: "State compared" });
  const where = state.getByTestId("ab-state-where");
  // The labs part first at createdomain (v1's domain is 64-bit at once).
  await expect(summary).toContainText("state first differs after step 1");
  await expect(where).toContainText("after step 1");
  await expect(state.locator("tr.differs")).toContainText(["d1type32-bit64-bit"]);
  // At step 4 (both 64-bit) the labs agree again; at step 5 RW tells them apart.
  await state.getByLabel("Step compared").fill("4");
  await expect(where).toContainText("after step 4");
  await expect(where).toContainText("same state");
  await state.getByRole("button", { name: "Next step" }).click();
  await expect(where).toContainText(`after step 5 (line ${line})`);
  const rw = state.locator("tr.differs", { hasText: "HCR_EL2.RW" });
  await expect(rw).toHaveText(/d1 vCPU0\s*HCR_EL2.RW\s*1\s*0/);
  // Clicking a step in a trace compares the state after it.
  await traceB.locator(".ab-row.ab-step", { hasText: "step 3 ·" }).click();
  await expect(where).toContainText("after step 3");
  expect(errors).toEqual([]);
});
