/**
 * Presenter mode's keys: a clicker sends PageDown / PageUp, a keyboard has the arrows
 * and Space. Read by the shortcut table (help/shortcuts.ts), so the help dialog lists
 * exactly these.
 */
import type { PresenterAction } from "../store/present-slice";

type KeyInfo = Pick<KeyboardEvent, "key" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey">;

export interface PresenterKey {
  readonly keys: string;
  readonly does: string;
  readonly action: PresenterAction;
  match(e: KeyInfo): boolean;
}

const bare = (e: KeyInfo) => !e.altKey && !e.ctrlKey && !e.metaKey;
const oneOf =
  (...keys: string[]) =>
  (e: KeyInfo) =>
    bare(e) && !e.shiftKey && keys.includes(e.key);

export const PRESENTER_KEYS: readonly PresenterKey[] = [
  {
    keys: "→ / Space / PageDown",
    does: "Presenter mode: the next step (steps skipped under this profile are passed over)",
    action: "next",
    match: oneOf("ArrowRight", " ", "PageDown"),
  },
  {
    keys: "← / PageUp",
    does: "Presenter mode: the previous step (a fresh lab replayed to it)",
    action: "prev",
    match: oneOf("ArrowLeft", "PageUp"),
  },
  {
    keys: "Home / R",
    does: "Presenter mode: reset to step 0",
    action: "reset",
    match: (e) => bare(e) && (e.key === "Home" || e.key === "r" || e.key === "R"),
  },
  {
    keys: "End",
    does: "Presenter mode: run to the verdict",
    action: "end",
    match: oneOf("End"),
  },
];

/** The presenter move a key asks for, if any. */
export function presenterMove(e: KeyInfo): PresenterAction | undefined {
  return PRESENTER_KEYS.find((k) => k.match(e))?.action;
}
