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
      const s = shortcutFor(e);
      if (!s) return;
      e.preventDefault();
      e.stopPropagation();
      s.run(labStore.getState(), e);
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, []);
}
