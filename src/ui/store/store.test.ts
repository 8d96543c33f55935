// The page's store: one store of slices holding frozen snapshots; selectors stay
// stable until the model changes; a reboot swaps the whole lab.
import { describe, expect, it } from "vitest";
import { createFromForm } from "./actions";
import { DEFAULT_LAYOUT } from "../layout/layout-model";
import { createLabStore, labStore } from "./store";
import { loadPersisted } from "./ui-slice";

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

describe("store slices", () => {
  it("publishes the trace log view with the snapshot, one per burst", async () => {
    const store = createLabStore();
    const t0 = store.getState().trace;
    store.getState().session.xc.pauseDomain(42);
    store.getState().session.xc.pauseDomain(43);
    expect(store.getState().trace).toBe(t0);
    await flush();
    const t1 = store.getState().trace;
    expect(t1.length).toBe(t0.length + 2);
    expect(store.getState().snapshot.version).toBe(store.getState().session.hv.snapshotVersion);
    // Names did not change: the same object, so selectors on it stay stable.
    const names = store.getState().names;
    store.getState().syncNames();
    expect(store.getState().names).toBe(names);
  });

  it("playing a scenario adopts its lab; the toolbar's reboot leaves it", async () => {
    const store = createLabStore();
    await store.getState().stepScenario();
    const s = store.getState();
    expect(s.session.origin).toEqual({ kind: "scenario", name: "arm64-set-address-size" });
    expect(s.run).toMatchObject({ position: 1 });
    s.reboot({ profile: "pre-4.17" });
    expect(store.getState().session.origin).toEqual({ kind: "free" });
    expect(store.getState().run).toBeUndefined();
  });

  it("keeps parse errors for the text they came from", async () => {
    const store = createLabStore();
    store.getState().setScenarioText("format: nope\n");
    await store.getState().runScenario();
    expect(store.getState().scenarioErrors.length).toBeGreaterThan(0);
    store.getState().setScenarioText("format: nope\n#");
    expect(store.getState().scenarioErrors).toEqual([]);
  });

  it("reads a saved layout and theme, and falls back on garbage", () => {
    const stored = (v: string | null) => ({ getItem: () => v });
    expect(loadPersisted(stored(null)).layout).toBe(DEFAULT_LAYOUT);
    expect(loadPersisted(stored("{not json")).layout).toBe(DEFAULT_LAYOUT);
    const saved = loadPersisted(stored(JSON.stringify({ theme: "light", layout: DEFAULT_LAYOUT })));
    expect(saved.theme).toBe("light");
    expect(saved.layout).toEqual(DEFAULT_LAYOUT);
  });
});
