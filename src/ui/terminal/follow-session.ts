/**
 * Run something for whichever lab the store shows: attach to the current session, and
 * again (after detaching) each time the page boots or adopts another lab.
 */
import type { LabSession } from "../lab/lab-session";

export interface SessionStore {
  getState(): { session: LabSession };
  subscribe(l: (s: { session: LabSession }, p: { session: LabSession }) => void): () => void;
}

export function followSession(
  store: SessionStore,
  attach: (session: LabSession) => () => void,
): () => void {
  let detach = attach(store.getState().session);
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.session === prev.session) return;
    detach();
    detach = attach(s.session);
  });
  return () => {
    unsubscribe();
    detach();
  };
}
