/**
 * A read-only window onto the lab for end-to-end tests: assertions on model state go
 * through the same frozen snapshot the panels render.
 */
// The global `window.__xenlab` type.
import type {} from "./xenlab-window";
import { labStore } from "./store/store";

export function installTestHook(): void {
  window.__xenlab = { snapshot: () => labStore.getState().snapshot };
}
