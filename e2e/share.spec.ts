// Share links and .yaml files: a link made by one page opens in a new browser context
// on the same step with the same state; corrupted and oversized links are refused with
// their messages and leave the default page; a link pasted into the address bar
// (hashchange) opens; a scenario exported as .yaml imports back (button and drop), and a
// binary file is refused with the editor unchanged.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { editorText, freshPage, pageErrors, panel } from "./helpers";

const labState = (page: Page) =>
  page.evaluate(() => {
    const h = window.__xenlab!;
    const s = h.snapshot();
    return {
      arch: s.arch,
      profile: s.profile,
      domains: s.domains.map((d) => ({
        domid: d.domid,
        state: d.state,
        flags: d.flags,
        maxVcpus: d.maxVcpus,
        vcpus: d.vcpus.map((v) => ({ mode: v.mode, online: v.online })),
      })),
      scenario: h.scenario(),
      text: h.editorText("scenario"),
      theme: document.documentElement.dataset.theme,
      fontSize: document.documentElement.style.fontSize,
    };
  });

test("a link made by one page opens in another on the same step with the same state", async ({
  page,
  browser,
}) => {
  const errors = pageErrors(page);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await freshPage(page);
  const scenario = panel(page, "Scenario");
  await scenario.getByLabel("Built-in").selectOption({ label: "arm64-set-address-size" });
  for (let i = 1; i <= 5; i++) {
    await scenario.getByRole("button", { name: /Step/ }).click();
    await expect(scenario.getByTestId("scenario-status")).toContainText(`step ${i} of 13`);
  }
  // Another theme, a larger text, another tab in front (the layout).
  await page.getByRole("button", { name: /Switch to the (light|dark) theme/ }).click();
  await page.getByRole("button", { name: "Larger text" }).click();
  await page.getByRole("tab", { name: "Event channels", exact: true }).click();
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const notice = page.getByTestId("share-notice");
  await expect(notice).toContainText("Share link copied to the clipboard");
  const link = page.url();
  expect(link).toMatch(/#share=1\.[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  const made = await labState(page);
  expect(made.scenario?.position).toBe(5);

  // A new browser context: nothing shared with page A but the link.
  const other = await browser.newContext();
  const b = await other.newPage();
  const errorsB = pageErrors(b);
  await b.goto(link);
  await expect(panel(b, "Scenario").getByTestId("scenario-status")).toContainText("step 5 of 13");
  await expect(b.getByTestId("share-notice")).toContainText(
    "Reproduced exactly: step 5 of 13, verdict so far",
  );
  // The panels' snapshot follows the model a frame or so later (paced publication).
  await expect.poll(() => labState(b)).toEqual(made);
  await expect(b.getByRole("tab", { name: "Event channels", exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(b.getByText("playing arm64-set-address-size")).toBeVisible();
  // It goes on from there like the original.
  await panel(b, "Scenario").getByRole("button", { name: /Run/ }).click();
  await expect(panel(b, "Scenario").getByTestId("scenario-status")).toContainText(
    "Test result: FAILURE",
  );
  await b.getByTestId("share-notice").getByRole("button", { name: "Dismiss" }).click();
  await expect(b.getByTestId("share-notice")).toHaveCount(0);
  // The same link in presenter mode (?present=1): presenting from the link's step.
  const url = new URL(link);
  url.searchParams.set("present", "1");
  const c = await other.newPage();
  await c.goto(url.toString());
  await expect(c.getByTestId("caption-position")).toHaveText("step 5 of 13");
  expect(await c.evaluate(() => window.__xenlab!.editorText("scenario"))).toBe(made.text);
  expect(errors).toEqual([]);
  expect(errorsB).toEqual([]);
  await other.close();
});

test("corrupted and oversized links are refused and the page stays as it was", async ({ page }) => {
  const errors = pageErrors(page);
  await freshPage(page);
  const before = await labState(page);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const good = new URL(page.url()).hash;
  await freshPage(page);

  // One character of the payload changed into one base64url does not have.
  const corrupted = `${good.slice(0, 30)}!${good.slice(31)}`;
  await page.goto(`/${corrupted}`);
  const alert = page.getByRole("alert").filter({ hasText: "The share link was not opened" });
  await expect(alert).toContainText(
    "This share link is corrupted: character 22 ('!') is not base64url",
  );
  await expect(alert).toContainText("The page is as it was.");
  expect(await labState(page)).toEqual(before);
  await expect(panel(page, "Scenario")).toContainText("Not loaded");

  await page.goto(`/#share=1.${"A".repeat(70_000)}`);
  await expect(page.getByRole("alert").filter({ hasText: "too long" })).toContainText(
    "This share link is too long (70002 characters; a xenlab link is at most 65536)",
  );
  expect(await labState(page)).toEqual(before);

  // A good link pasted into the same tab's address bar: hashchange opens it.
  await page.evaluate((h) => (location.hash = h), good);
  await expect(page.getByTestId("share-notice")).toContainText("Opened a share link");

  // In presenter mode (no toolbar) a refused link is still said, over the caption bar.
  await page.goto(`/?present=1${corrupted}`);
  await expect(
    page.getByRole("alert").filter({ hasText: "The share link was not opened" }),
  ).toContainText("is not base64url");
  expect(errors).toEqual([]);
});

test("a scenario exported as .yaml imports back; a binary file is refused", async ({ page }) => {
  const errors = pageErrors(page);
  await freshPage(page);
  const scenario = panel(page, "Scenario");
  await scenario.getByLabel("Built-in").selectOption({ label: "arm64-64-to-32-quirk" });
  const original = await editorText(page, "scenario");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    scenario.getByRole("button", { name: /Export/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("arm64-64-to-32-quirk.yaml");
  const saved = readFileSync(await download.path(), "utf8");
  expect(saved).toBe(original);
  expect(saved).toBe(readFileSync("scenarios/arm64-64-to-32-quirk.yaml", "utf8"));

  await scenario.getByLabel("Built-in").selectOption({ label: "realm-dts" });
  expect(await editorText(page, "scenario")).not.toBe(original);
  await scenario.getByLabel("Import scenario file").setInputFiles({
    name: "mine.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(saved),
  });
  await expect.poll(() => editorText(page, "scenario")).toBe(original);
  // The same text as a built-in: the picker shows it.
  await expect(scenario.getByLabel("Built-in")).toHaveValue("arm64-64-to-32-quirk.yaml");

  // A binary file: refused, the editor unchanged.
  await scenario.getByLabel("Import scenario file").setInputFiles({
    name: "kernel.Image",
    mimeType: "application/octet-stream",
    buffer: Buffer.from([0x4d, 0x5a, 0x00, 0x91, 0xff]),
  });
  await expect(scenario.getByTestId("scenario-file-error")).toContainText(
    "kernel.Image was not imported: it is not a text file (byte 2 is NUL)",
  );
  expect(await editorText(page, "scenario")).toBe(original);

  // Dropped onto the editor: a broken scenario arrives with its errors as markers.
  const dt = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(["format: xenlab/1\nname: Bad Name\ntitle: t\nsteps: []\n"], "bad.yaml"));
    return d;
  });
  await scenario.locator(".editor-slot").dispatchEvent("drop", { dataTransfer: dt });
  await expect(scenario.getByTestId("scenario-errors")).toContainText("'name' must be kebab-case");
  await expect(scenario.getByTestId("scenario-file-error")).toHaveCount(0);
  await expect(scenario.locator(".squiggly-error")).not.toHaveCount(0);
  expect(await editorText(page, "scenario")).toContain("name: Bad Name");
  expect(errors).toEqual([]);
});
