/**
 * Run `f` once after a burst of model changes (the end of the current task), for
 * followers outside React that only need to catch up, not to see every change.
 */
import type { Hypervisor } from "../../xen-core";

export function onModelChange(hv: Hypervisor, f: () => void): () => void {
  let queued = false;
  return hv.subscribe(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      f();
    });
  });
}
