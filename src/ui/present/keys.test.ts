// Presenter keys: the clicker's and the keyboard's keys map to the four moves, only in
// presenter mode and never while typing; Escape leaves; the help dialog lists them.
import { describe, expect, it, vi } from "vitest";
import { SHORTCUTS } from "../help/shortcuts";
import type { StoreState } from "../store/store";
import { PRESENTER_KEYS, presenterMove } from "./keys";

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({
  key: k,
  code: "",
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe("presenter keys", () => {
  it("maps arrows, Space, PageUp/PageDown, Home, r and End", () => {
    expect(presenterMove(key("ArrowRight"))).toBe("next");
    expect(presenterMove(key(" "))).toBe("next");
    expect(presenterMove(key("PageDown"))).toBe("next");
    expect(presenterMove(key("ArrowLeft"))).toBe("prev");
    expect(presenterMove(key("PageUp"))).toBe("prev");
    expect(presenterMove(key("Home"))).toBe("reset");
    expect(presenterMove(key("r"))).toBe("reset");
    expect(presenterMove(key("End"))).toBe("end");
    // Chords are other shortcuts (Alt+R resets from anywhere; Ctrl+→ moves a cursor).
    expect(presenterMove(key("r", { altKey: true }))).toBeUndefined();
    expect(presenterMove(key("ArrowRight", { ctrlKey: true }))).toBeUndefined();
    expect(presenterMove(key("ArrowRight", { shiftKey: true }))).toBeUndefined();
    expect(presenterMove(key("x"))).toBeUndefined();
  });

  it("are in the shortcut table, live only in presenter mode, never in a field", () => {
    const present = vi.fn(() => Promise.resolve());
    const on = { presenting: true, present } as unknown as StoreState;
    const off = { presenting: false, present } as unknown as StoreState;
    for (const k of PRESENTER_KEYS) {
      const s = SHORTCUTS.find((x) => x.keys === k.keys)!;
      expect(s.does).toBe(k.does);
      expect(s.inFields).toBeFalsy();
      expect(s.when?.(on)).toBe(true);
      expect(s.when?.(off)).toBe(false);
      s.run(on, { code: "" });
      expect(present).toHaveBeenLastCalledWith(k.action);
    }
  });

  it("Escape closes the help first, then leaves presenter mode", () => {
    const esc = SHORTCUTS.find((x) => x.keys === "Escape")!;
    const s = {
      helpOpen: true,
      presenting: true,
      setHelpOpen: vi.fn(),
      leavePresenter: vi.fn(),
      toggleMaximized: vi.fn(),
    };
    esc.run(s as unknown as StoreState, { code: "Escape" });
    expect(s.setHelpOpen).toHaveBeenCalledWith(false);
    expect(s.leavePresenter).not.toHaveBeenCalled();
    s.helpOpen = false;
    esc.run(s as unknown as StoreState, { code: "Escape" });
    expect(s.leavePresenter).toHaveBeenCalled();
    expect(s.toggleMaximized).not.toHaveBeenCalled();
  });
});
