// Opening a share link made by another page's store: the same lab, text and step, or
// (for a bad link, or a scenario this xenlab cannot parse) nothing changed at all.
import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { movePanel, validLayout } from "../layout/layout-model";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import { createLabStore } from "../store/store";
import { toBase64url } from "./base64url";
import { captureShare, openShare, shareFragment, XENLAB_VERSION } from "./share-apply";
import { encodeShare } from "./share-codec";

async function madeAtStep(n: number) {
  const a = createLabStore();
  for (let i = 0; i < n; i++) await a.getState().stepScenario();
  a.getState().setTheme("light");
  a.setState({ layout: movePanel(a.getState().layout, "trace", "g-scenario") });
  a.getState().setXlcfg('name = "shared"\n');
  return a;
}

/** The lab's state read from the model (the store's copy is published a frame later, paced). */
const domainsOf = (s: ReturnType<typeof createLabStore>) =>
  s
    .getState()
    .session.hv.snapshot()
    .domains.map((d) => ({
      domid: d.domid,
      vcpus: d.vcpus.map((v) => v.mode),
    }));

describe("opening a share link", () => {
  it("lands on the same step with the same lab, texts and layout", async () => {
    const a = await madeAtStep(3);
    const made = shareFragment(a.getState());
    if (!("hash" in made)) throw new Error(made.error);
    const b = createLabStore();
    const before = b.getState();
    const notice = await openShare(b, made.hash);
    expect(notice).toEqual({
      tone: "info",
      title: "Opened a share link",
      lines: [
        expect.stringMatching(/^Reproduced exactly: step 3 of \d+, verdict so far SUCCESS\.$/),
      ],
    });
    const [sa, sb] = [a.getState(), b.getState()];
    expect(sb.run?.position).toBe(3);
    expect(sb.run?.results.map((r) => r.status)).toEqual(sa.run?.results.map((r) => r.status));
    expect(sb.scenarioText).toBe(sa.scenarioText);
    expect(sb.scenarioFile).toBe("arm64-set-address-size.yaml");
    expect(sb.session.settings).toEqual(sa.session.settings);
    expect(domainsOf(b)).toEqual(domainsOf(a));
    expect(sb.xlcfg).toBe('name = "shared"\n');
    expect(sb.theme).toBe("light");
    // The page's own layout check (validLayout) renormalises the sizes, as a reload does.
    expect(sb.layout).toEqual(validLayout(sa.layout));
    expect(sb.layout).not.toEqual(before.layout);
    expect(sb.shareNotice).toBe(notice);
  });

  it("carries the A/B view: the opening page compares the same profiles at the same step", async () => {
    const a = createLabStore();
    a.getState().setScenarioText(
      BUILTIN_SCENARIOS.find((s) => s.name === "arm64-64-to-32-quirk")!.text,
      "arm64-64-to-32-quirk.yaml",
    );
    await a.getState().stepScenario();
    await a.getState().compareScenario("is-32bits-v1", "upstream");
    a.getState().setComparisonStep(5);
    const made = shareFragment(a.getState());
    if (!("hash" in made)) throw new Error(made.error);
    const b = createLabStore();
    const notice = await openShare(b, made.hash);
    expect(notice.tone).toBe("info");
    expect(notice.lines).toContain(
      "A/B view upstream vs is-32bits-v1: first divergence at step 5, as in the link.",
    );
    const c = b.getState().comparison!;
    expect([c.a.profile, c.b.profile]).toEqual(["upstream", "is-32bits-v1"]);
    expect(b.getState().comparisonStep).toBe(5);
    // A comparison of an older text is not the lab's: it is left out of the link.
    a.getState().setScenarioText(a.getState().scenarioText + "\n");
    expect(captureShare(a.getState()).ab).toBe(null);
  });

  it("a link from another xenlab version says so, and what differs", async () => {
    const a = await madeAtStep(2);
    const state = captureShare(a.getState());
    const older = { ...state, xenlab: "0.0.9" };
    const b = createLabStore();
    const same = await openShare(b, encodeShare(older));
    expect(same.tone).toBe("warning");
    expect(same.lines).toEqual([
      `Made with xenlab 0.0.9, this is xenlab ${XENLAB_VERSION}: outcomes may differ.`,
      expect.stringMatching(/^Reproduced exactly: step 2 of/),
    ]);
    // The recorded run says step 2 failed: this page's run differs, and says how.
    const run = state.scenario.run!;
    const lied = {
      ...older,
      scenario: {
        ...state.scenario,
        run: { ...run, statuses: ["ok", "failed"] as const, verdict: "FAILURE" as const },
      },
    };
    const c = createLabStore();
    const diff = await openShare(c, encodeShare(lied));
    expect(diff.title).toBe("Opened a share link: it did not reproduce exactly");
    expect(diff.lines[1]).toBe(
      "Not reproduced exactly: step 2 was failed in the link, here it is ok (as expected); the verdict was FAILURE in the link, here it is SUCCESS.",
    );
  });

  it("a bad link or an unparsable scenario changes nothing", async () => {
    const b = createLabStore();
    const before = b.getState();
    const bad = await openShare(b, "#share=1.AAAA*");
    expect(bad.tone).toBe("error");
    expect(bad.lines[0]).toMatch(/^This share link is corrupted: /);
    const a = await madeAtStep(1);
    const state = captureShare(a.getState());
    const broken = {
      ...state,
      scenario: { ...state.scenario, text: "format: xenlab/1\nname: Bad\n" },
    };
    const notice = await openShare(b, encodeShare(broken));
    expect(notice.lines[0]).toMatch(/^Its scenario does not parse in this xenlab: /);
    const after = b.getState();
    for (const k of [
      "session",
      "scenarioText",
      "scenarioFile",
      "run",
      "layout",
      "theme",
      "xlcfg",
    ] as const)
      expect(after[k]).toBe(before[k]);
  });

  it("a scenario that cannot be played here still lands its text, and says why", async () => {
    const a = await madeAtStep(2);
    const made = shareFragment(a.getState());
    if (!("hash" in made)) throw new Error(made.error);
    const b = createLabStore();
    b.setState({
      seekScenario: () => Promise.reject(new Error("the emulator did not load")),
    });
    const notice = await openShare(b, made.hash);
    expect(notice.tone).toBe("warning");
    expect(notice.lines).toEqual([
      "The scenario could not be played to the link's step (the emulator did not load): Reset and step to it.",
    ]);
    expect(b.getState().scenarioText).toBe(a.getState().scenarioText);
  });

  it("a link too big for a page is refused when made", () => {
    const a = createLabStore();
    // Text that does not compress: random bytes as hex.
    const noise = toBase64url(deflateSync(crypto.getRandomValues(new Uint8Array(60_000))));
    a.getState().setScenarioText(`# ${noise}\n`);
    expect(shareFragment(a.getState())).toEqual({
      error: expect.stringMatching(
        /^This lab makes a link of \d+ characters, over the 65536 a page accepts; export the scenario as \.yaml instead\.$/,
      ),
    });
  });
});
