/**
 * Between share links and the store: capture the lab the page shows as a ShareState,
 * and open one. Opening checks everything first (the codec's checks, then that the
 * scenario parses here when the link had it loaded), so a link that cannot be opened
 * changes nothing; then it applies the settings, texts and layout in one go and seeks
 * the scenario to the recorded step (the runner is deterministic), and compares the
 * run it reached with the one the link recorded.
 */
import { version as XENLAB_VERSION } from "../../../package.json";
import { parseForPage } from "../lab/scenario-player";
import type { createLabStore, StoreState } from "../store/store";
import type { ShareNotice } from "../store/share-slice";
import { decodeShare, encodeShare, MAX_FRAGMENT } from "./share-codec";
import { compareRun } from "./share-compare";
import { SHARE_FORMAT, type ShareState } from "./share-state";

export { XENLAB_VERSION };

type LabStore = ReturnType<typeof createLabStore>;

/** The lab the page shows, as a share link carries it. */
export function captureShare(s: StoreState): ShareState {
  const run = s.run && s.run.source === s.scenarioText ? s.run : undefined;
  return {
    format: SHARE_FORMAT,
    xenlab: XENLAB_VERSION,
    lab: { ...s.session.settings },
    scenario: {
      text: s.scenarioText,
      file: s.scenarioFile ?? null,
      profile: s.scenarioProfile ?? null,
      run: run
        ? {
            position: run.position,
            verdict: run.verdict,
            done: run.done,
            statuses: run.results.map((r) => r.status),
          }
        : null,
    },
    xlcfg: s.xlcfg,
    ab:
      s.comparison && s.comparison.source === s.scenarioText
        ? {
            a: s.comparison.a.profile,
            b: s.comparison.b.profile,
            step: s.comparisonStep,
            first: s.comparison.diff.first?.step ?? null,
          }
        : null,
    ui: { layout: s.layout, theme: s.theme, fontScale: s.fontScale },
  };
}

/** The fragment for the page's lab, or why it cannot be one. */
export function shareFragment(s: StoreState): { hash: string } | { error: string } {
  const hash = encodeShare(captureShare(s));
  const length = hash.length - "#share=".length;
  if (length > MAX_FRAGMENT)
    return {
      error: `This lab makes a link of ${length} characters, over the ${MAX_FRAGMENT} a page accepts; export the scenario as .yaml instead.`,
    };
  return { hash };
}

const versionNote = (made: string) =>
  made === XENLAB_VERSION
    ? undefined
    : `Made with xenlab ${made}, this is xenlab ${XENLAB_VERSION}: outcomes may differ.`;

/**
 * Open a share fragment: everything or nothing. Resolves with the notice to show (also
 * set in the store); the scenario has been seeked when it resolves.
 */
export async function openShare(store: LabStore, hash: string): Promise<ShareNotice> {
  const notice = (n: ShareNotice) => (store.getState().setShareNotice(n), n);
  const decoded = decodeShare(hash);
  if (!decoded.ok)
    return notice({
      tone: "error",
      title: "The share link was not opened",
      lines: [decoded.error.message, "The page is as it was."],
    });
  const link = decoded.state;
  const note = versionNote(link.xenlab);
  // Checked before anything changes: a link whose scenario this page cannot play.
  if (link.scenario.run) {
    const { errors } = parseForPage(link.scenario.text);
    if (errors.length > 0)
      return notice({
        tone: "error",
        title: "The share link was not opened",
        lines: [
          `Its scenario does not parse in this xenlab: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}.`,
          ...(note ? [note] : []),
          "The page is as it was.",
        ],
      });
  }
  const s = store.getState();
  s.reboot(link.lab);
  s.setScenarioText(link.scenario.text, link.scenario.file ?? undefined);
  s.setScenarioProfile(link.scenario.profile ?? undefined);
  s.setXlcfg(link.xlcfg);
  // The link's view for this page, not saved over the user's own layout.
  store.setState({
    layout: link.ui.layout,
    theme: link.ui.theme,
    fontScale: link.ui.fontScale,
    maximized: undefined,
  });
  const lines = note ? [note] : [];
  if (!link.scenario.run) {
    return notice({
      tone: note ? "warning" : "info",
      title: "Opened a share link",
      lines: [
        ...lines,
        "The scenario was not loaded when the link was made: Run or Step plays it.",
      ],
    });
  }
  let failure = "the player was busy";
  try {
    await store.getState().seekScenario(link.scenario.run.position);
  } catch (e) {
    // Real guests need the emulator; a page that cannot load it still shows the text.
    failure = e instanceof Error ? e.message : String(e);
  }
  const run = store.getState().run;
  if (!run || run.source !== link.scenario.text)
    return notice({
      tone: "warning",
      title: "Opened a share link",
      lines: [
        ...lines,
        `The scenario could not be played to the link's step (${failure}): Reset and step to it.`,
      ],
    });
  const ab = link.ab ? await reopenAb(store, link.ab) : undefined;
  const r = compareRun(link.scenario.run, {
    position: run.position,
    verdict: run.verdict,
    done: run.done,
    results: run.results,
    steps: run.steps.length,
  });
  const exact = r.exact && (ab?.exact ?? true);
  return notice({
    tone: exact ? (note ? "warning" : "info") : "warning",
    title: exact ? "Opened a share link" : "Opened a share link: it did not reproduce exactly",
    lines: [...lines, r.text, ...(ab ? [ab.text] : [])],
  });
}

/** Compare the link's two profiles again, at its step, and say whether it agrees. */
async function reopenAb(
  store: LabStore,
  ab: NonNullable<ShareState["ab"]>,
): Promise<{ exact: boolean; text: string }> {
  await store.getState().compareScenario(ab.b, ab.a);
  const c = store.getState().comparison;
  if (!c) return { exact: false, text: `The A/B view (${ab.a} vs ${ab.b}) could not be rebuilt.` };
  store.getState().setComparisonStep(Math.min(ab.step, c.stepCount));
  const first = c.diff.first?.step ?? null;
  const at = (n: number | null) => (n === null ? "no divergence" : `first divergence at step ${n}`);
  return first === ab.first
    ? { exact: true, text: `A/B view ${ab.a} vs ${ab.b}: ${at(first)}, as in the link.` }
    : {
        exact: false,
        text: `A/B view ${ab.a} vs ${ab.b}: ${at(first)} here, ${at(ab.first)} in the link.`,
      };
}
