/**
 * The global key handler: one capture-phase listener for the whole page, so chorded
 * shortcuts work even while the focus is in Monaco or a terminal.
 */
import { useEffect } from "react";
import { labStore } from "../store/store";
import { shortcutFor } from "./shortcuts";

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const state = labStore.getState();
      const s = shortcutFor(e, state);
      if (!s) return;
      e.preventDefault();
      e.stopPropagation();
      s.run(state, e);
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, []);
}
