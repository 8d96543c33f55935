/**
 * The page's keyboard shortcuts, in one table that both the key handler and the help
 * dialog read, so the dialog can never list a shortcut that does not work.
 */
import { PANEL_IDS, type PanelId } from "../layout/layout-model";
import { PANELS } from "../panels/registry";
import { PRESENTER_KEYS } from "../present/keys";
import { shareLab } from "../share/share-links";
import type { StoreState } from "../store/store";

export interface Shortcut {
  /** As shown to the user. */
  readonly keys: string;
  readonly does: string;
  /** Whether a keydown is this shortcut. */
  match(
    e: Pick<KeyboardEvent, "key" | "code" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey">,
  ): boolean;
  run(s: StoreState, e: Pick<KeyboardEvent, "code">): void;
  /** Also while typing in an editor, a terminal or a field (chorded shortcuts only). */
  readonly inFields?: boolean;
  /** Only in this state of the page (presenter mode's keys). */
  when?(s: StoreState): boolean;
}

const plain = (e: Pick<KeyboardEvent, "altKey" | "ctrlKey" | "metaKey">) =>
  !e.altKey && !e.ctrlKey && !e.metaKey;

/** Alt+digit, by physical key: Alt+1 types "¡" on some layouts. */
const altDigit =
  (n: number) => (e: Pick<KeyboardEvent, "code" | "altKey" | "ctrlKey" | "metaKey">) =>
    e.altKey && !e.ctrlKey && !e.metaKey && e.code === `Digit${n}`;

/** The shortcut that shows a panel. */
export function panelShortcut(id: PanelId): string {
  return `Alt+${PANEL_IDS.indexOf(id) + 1}`;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: "?",
    does: "Show this list of shortcuts",
    match: (e) => e.key === "?" && !e.altKey && !e.ctrlKey && !e.metaKey,
    run: (s) => s.setHelpOpen(true),
  },
  ...PANEL_IDS.map((id, i): Shortcut => ({
    keys: panelShortcut(id),
    does: `Show the ${PANELS[id].title} panel`,
    match: altDigit(i + 1),
    run: (s) => (s.presenting ? s.presenterShow(id) : s.showPanel(id)),
    inFields: true,
  })),
  {
    keys: "Ctrl+Enter",
    does: "Run the scenario to its verdict",
    match: (e) => e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey,
    run: (s) => void s.runScenario(),
    inFields: true,
  },
  {
    keys: "F10",
    does: "Run the scenario's next step",
    match: (e) => e.key === "F10" && plain(e) && !e.shiftKey,
    run: (s) => void s.stepScenario(),
    inFields: true,
  },
  {
    keys: "Alt+R",
    does: "Reset the scenario (a fresh lab, before step 1)",
    match: (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyR",
    run: (s) => void s.resetScenario(),
    inFields: true,
  },
  {
    keys: "Alt+M",
    does: "Maximize the focused panel group, or restore the layout",
    match: (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyM",
    run: (s) => {
      const group = document.activeElement?.closest<HTMLElement>("[data-group]")?.dataset.group;
      s.toggleMaximized(s.maximized ?? group ?? "g-scenario");
    },
    inFields: true,
  },
  {
    keys: "Alt+S",
    does: "Share: a link to this lab at this step, in the address bar and on the clipboard",
    match: (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyS",
    run: () => void shareLab(),
    inFields: true,
  },
  {
    keys: "Alt+T",
    does: "Switch between the dark and light themes (presenter mode: projector and dark)",
    match: (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyT",
    run: (s) =>
      s.presenting
        ? s.setPresenterTheme(s.presenterTheme === "projector" ? "dark" : "projector")
        : s.setTheme(s.theme === "dark" ? "light" : "dark"),
    inFields: true,
  },
  {
    keys: "Alt+= / Alt+-",
    does: "Larger / smaller text; Alt+0 back to the default",
    match: (e) =>
      e.altKey && !e.ctrlKey && !e.metaKey && ["Equal", "Minus", "Digit0"].includes(e.code),
    run: (s, e) => {
      const step = e.code === "Equal" ? 1 : e.code === "Minus" ? -1 : 0;
      if (s.presenting) s.presenterZoom(step);
      else s.zoom(step);
    },
    inFields: true,
  },
  {
    keys: "Alt+P",
    does: "Enter or leave presenter mode (also ?present=1 in the address)",
    match: (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyP",
    run: (s) => (s.presenting ? s.leavePresenter() : s.enterPresenter()),
    inFields: true,
  },
  ...PRESENTER_KEYS.map((k): Shortcut => ({
    keys: k.keys,
    does: k.does,
    match: k.match,
    run: (s) => void s.present(k.action),
    when: (s) => s.presenting,
  })),
  {
    keys: "Escape",
    does: "Close this dialog; leave presenter mode; restore a maximized group",
    match: (e) => e.key === "Escape" && plain(e),
    run: (s) => {
      if (s.helpOpen) s.setHelpOpen(false);
      else if (s.presenting) s.leavePresenter();
      else s.toggleMaximized(undefined);
    },
  },
];

/** True when the key goes to something the user is typing in. */
export function typingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest(".monaco-editor, .xterm")) return true;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/** The shortcut a keydown triggers in this state of the page, if any. */
export function shortcutFor(e: KeyboardEvent, state: StoreState): Shortcut | undefined {
  const typing = typingTarget(e.target);
  return SHORTCUTS.find((s) => s.match(e) && (!typing || s.inFields) && (!s.when || s.when(state)));
}
