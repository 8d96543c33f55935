/**
 * Presenter mode in the address: `?present=1` opens the page in presenter mode and
 * `?scenario=NAME` picks a built-in (so a talk's link opens on its demo). The address
 * follows the mode (entering adds `present=1`, leaving removes it) without touching
 * the fragment, where share links live.
 */
import type { StoreApi } from "zustand";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import type { StoreState } from "../store/store";

export interface PresentRequest {
  readonly present: boolean;
  readonly scenario: string | undefined;
}

export function presentRequest(search: string): PresentRequest {
  const q = new URLSearchParams(search);
  const p = q.get("present");
  return {
    present: p === "1" || p === "true" || p === "",
    scenario: q.get("scenario") ?? undefined,
  };
}

/** The address with `present=1` added or removed; the rest (fragment included) kept. */
export function withPresent(href: string, on: boolean): string {
  const url = new URL(href);
  if (on) url.searchParams.set("present", "1");
  else url.searchParams.delete("present");
  return url.toString();
}

/** Apply the address's request once, then keep the address in step with the mode. */
export function followPresentUrl(store: StoreApi<StoreState>): () => void {
  const req = presentRequest(location.search);
  const picked = req.scenario && BUILTIN_SCENARIOS.find((b) => b.name === req.scenario);
  if (picked) store.getState().setScenarioText(picked.text, picked.file);
  if (req.present) store.getState().enterPresenter(Boolean(picked));
  return store.subscribe((s, prev) => {
    if (s.presenting === prev.presenting) return;
    const next = withPresent(location.href, s.presenting);
    if (next !== location.href) history.replaceState(history.state, "", next);
  });
}
