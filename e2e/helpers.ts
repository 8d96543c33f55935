// Shared e2e helpers: panels by their landmark names, tabs, terminal text from xterm's
// buffer through the page's test hook (never from pixels).
import type {} from "../src/ui/xenlab-window";
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";

export const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

/** Bring a panel to the front of its tab group. */
export async function showPanel(page: Page, title: string): Promise<void> {
  await page.getByRole("tab", { name: title, exact: true }).click();
  await expect(panel(page, title)).toBeVisible();
}

/** A console terminal's text, read from its buffer once pending output has reached it. */
export async function terminalText(page: Page, id: string): Promise<string> {
  return page.evaluate(async (tid) => {
    await window.__xenlab!.terminalDrained(tid);
    return (window.__xenlab!.terminal(tid) ?? []).join("\n");
  }, id);
}

/** Fresh page with the default layout (the layout is persisted across loads). */
export async function freshPage(page: Page): Promise<void> {
  await page.goto("/");
  await page.evaluate(() => localStorage.clear());
  await page.goto("/");
  await expect(panel(page, "Domains")).toBeVisible();
}

/** Collect uncaught page errors so a test can assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** The 1-based line of a built-in scenario that contains `text` (so tests follow edits). */
export function lineOf(file: string, text: string): number {
  const lines = readFileSync(`scenarios/${file}`, "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${file} has no line with ${text}`);
  return i + 1;
}

/** Create a guest from the form with the given kernel choice. */
export async function createGuest(page: Page, name: string, kernel: string): Promise<void> {
  await showPanel(page, "Create domain");
  const create = panel(page, "Create domain");
  await create.getByLabel("name").fill(name);
  await create.getByLabel("kernel").selectOption(kernel);
  await create.getByRole("button", { name: "Create" }).click();
  await expect(panel(page, "Domains").getByRole("status")).toContainText(`Created ${name}`);
}

export async function showConsole(page: Page, domid: number): Promise<void> {
  await panel(page, "Consoles")
    .getByRole("tab", { name: new RegExp(`^d${domid} console`) })
    .click();
}

/** Type a line into a guest's console tab and wait for `expectText`; returns the console text. */
export async function typeLine(
  page: Page,
  domid: number,
  line: string,
  expectText: RegExp,
): Promise<string> {
  await showConsole(page, domid);
  await panel(page, "Consoles").locator(`[data-terminal="d${domid}"] .xterm`).click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  await expect.poll(() => terminalText(page, `d${domid}`)).toMatch(expectText);
  return terminalText(page, `d${domid}`);
}

/** An editor's whole text (Monaco draws only the lines in view). */
export function editorText(page: Page, which: "scenario" | "xlcfg"): Promise<string> {
  return page.evaluate((w) => window.__xenlab!.editorText(w), which);
}
