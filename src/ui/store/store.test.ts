// The page's store: one store of slices holding frozen snapshots; selectors stay
// stable until the model changes; a reboot swaps the whole lab.
import { describe, expect, it } from "vitest";
import { createFromForm } from "./actions";
import { createLabStore, labStore } from "./store";

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("lab store", () => {
  it("boots arm64 upstream with dom0 and keeps the snapshot stable", () => {
    const store = createLabStore();
    const s = store.getState();
    expect(s.session.settings).toMatchObject({ arch: "arm64", profile: "upstream" });
    expect(s.snapshot.domains.map((d) => d.domid)).toEqual([0]);
    expect(store.getState().snapshot).toBe(s.snapshot);
    expect(s.names).toEqual({ 0: "Domain-0" });
  });

  it("publishes one new snapshot after a burst of hypercalls", async () => {
    const before = labStore.getState().snapshot;
    createFromForm({ name: "g", maxVcpus: 2, memoryMiB: 64, flags: 0x3 });
    await flush();
    const after = labStore.getState().snapshot;
    expect(after).not.toBe(before);
    expect(Object.isFrozen(after)).toBe(true);
    expect(after.domains.map((d) => d.domid)).toEqual([0, 1]);
    expect(labStore.getState().names[1]).toBe("g");
    expect(labStore.getState().lastResult?.ok).toBe(true);
  });

  it("reboot swaps the lab and clears the selection", () => {
    const store = createLabStore();
    store.getState().select(0);
    store.getState().reboot({ arch: "x86_64", profile: "pre-4.17" });
    const s = store.getState();
    expect(s.snapshot).toMatchObject({ arch: "x86_64", profile: "pre-4.17" });
    expect(s.selectedDomid).toBeUndefined();
  });
});
