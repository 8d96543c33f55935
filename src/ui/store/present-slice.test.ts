// Presenter mode in the store: a new visitor gets the tour, one move at a time (a key
// pressed while a step runs is ignored, not queued), previous replays to the step
// before, next and End stop at the verdict, and the stage follows the step.
import { describe, expect, it } from "vitest";
import { createLabStore } from "./store";
import { loadPresenterPrefs, pageFontScale, pageTheme, PRESENT_STORAGE_KEY } from "./present-slice";

const idle = async (store: ReturnType<typeof createLabStore>) => {
  for (let i = 0; i < 200 && store.getState().presenterBusy; i++)
    await new Promise((r) => setTimeout(r, 5));
};

describe("presenter slice", () => {
  it("opens the tour for a visitor who chose nothing, at step 0, in its own theme and size", async () => {
    const store = createLabStore();
    store.getState().enterPresenter();
    await idle(store);
    const s = store.getState();
    expect(s.presenting).toBe(true);
    expect(s.scenarioFile).toBe("tour.yaml");
    expect(s.run?.name).toBe("tour-xen-basics");
    expect(s.run?.position).toBe(0);
    expect(pageTheme(s)).toBe("projector");
    expect(pageFontScale(s)).toBe(1.3);
    s.leavePresenter();
    expect(pageTheme(store.getState())).toBe(store.getState().theme);
    expect(pageFontScale(store.getState())).toBe(store.getState().fontScale);
  });

  it("keeps a scenario the user picked", async () => {
    const store = createLabStore();
    const quirk = "arm64-64-to-32-quirk.yaml";
    const { BUILTIN_SCENARIOS } = await import("../lab/builtin-scenarios");
    const b = BUILTIN_SCENARIOS.find((x) => x.file === quirk)!;
    store.getState().setScenarioText(b.text, b.file);
    store.getState().enterPresenter();
    await idle(store);
    expect(store.getState().run?.name).toBe("arm64-64-to-32-quirk");
  });

  it("keeps the default scenario when the address named it", async () => {
    const store = createLabStore();
    store.getState().enterPresenter(true);
    await idle(store);
    expect(store.getState().run?.name).toBe("arm64-set-address-size");
  });

  it("one move at a time; previous, reset, end; next stops at the verdict", async () => {
    const store = createLabStore();
    store.getState().enterPresenter();
    await idle(store);
    const { present } = store.getState();
    // Two presses while the first runs: the second is ignored.
    await Promise.all([present("next"), present("next")]);
    expect(store.getState().run?.position).toBe(1);
    await present("next");
    await present("next");
    expect(store.getState().run?.position).toBe(3);
    expect(store.getState().presenterFocus).toBe("domains");
    await present("prev");
    expect(store.getState().run?.position).toBe(2);
    await present("reset");
    expect(store.getState().run?.position).toBe(0);
    await present("end");
    const done = store.getState().run!;
    expect(done.done).toBe(true);
    expect(done.verdict).toBe("SUCCESS");
    // At the verdict, next and End leave the run as it is (no silent replay).
    await present("next");
    await present("end");
    expect(store.getState().run).toBe(done);
    // The last step was the debug-keys dump's check: the Xen console is on stage.
    expect(store.getState().presenterFocus).toBe("consoles");
    expect(store.getState().consoleTab).toBe("xen");
  });

  it("passes over steps skipped under the profile in one move", async () => {
    const store = createLabStore();
    store.getState().enterPresenter();
    await idle(store);
    const { present } = store.getState();
    // The tour's step 13 is a note for is-32bits-v1 only.
    while (store.getState().run!.position < 12) await present("next");
    await present("next");
    const run = store.getState().run!;
    expect(run.results[12]?.status).toBe("profile-skipped");
    expect(run.position).toBe(14);
    await present("prev");
    expect(store.getState().run!.position).toBe(12);
  });

  it("reads its saved size and theme, ignoring anything malformed", () => {
    const get = (v: string) => ({ getItem: (k: string) => (k === PRESENT_STORAGE_KEY ? v : null) });
    expect(loadPresenterPrefs(get('{"scale":1.5,"theme":"dark"}'))).toEqual({
      scale: 1.5,
      theme: "dark",
    });
    expect(loadPresenterPrefs(get('{"scale":9,"theme":"neon"}'))).toEqual({
      scale: 1.3,
      theme: "projector",
    });
    expect(loadPresenterPrefs(get("{"))).toEqual({ scale: 1.3, theme: "projector" });
    expect(loadPresenterPrefs(undefined)).toEqual({ scale: 1.3, theme: "projector" });
  });
});
