/**
 * Presenter mode's caption bar: the note in force, large (the scenario's own words),
 * the title, "step k of n", the profile, the verdict at the end, and a smaller line
 * with the step that just ran and its one-line result, or what is running now (a
 * `wait` on a real guest says that it waits, and for how long at most).
 */
import { useMemo } from "react";
import { verdictLine } from "../../xen-core/scenario/verdict";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import { BuiltinOptions } from "../panels/builtin-options";
import { STEP_STATUS_LABEL } from "../panels/step-results";
import type { PlayerView } from "../lab/scenario-player";
import { stepsOf, type PresenterAction } from "../store/present-slice";
import { useLab } from "../store/store";
import { captionAt, previousStop, stepSource, type CaptionStep } from "./caption";

function busyText(action: PresenterAction, run: PlayerView | undefined): string {
  if (action === "reset") return "Resetting: a fresh lab, before step 1…";
  if (action === "end") return "Running to the verdict…";
  if (action === "prev" && run)
    return `Going back to step ${previousStop(run.results, run.position)}: replaying a fresh lab…`;
  const steps = run ? stepsOf(run.source) : [];
  const next = run && !run.done ? steps[run.position] : undefined;
  if (!next) return "Loading the scenario…";
  if (next.kind === "wait")
    return `Step ${next.index + 1}: waiting for ${typeof next.dom === "number" ? `d${next.dom}` : next.dom}'s console (at most ${next.timeoutMs / 1000} s)…`;
  return `Step ${next.index + 1} running: ${stepSource(run!.source, steps, next.index)}`;
}

function LastStep({ last }: { last: CaptionStep }) {
  return (
    <>
      <span className="caption-kind">step {last.number}</span>{" "}
      <span className={`caption-status st-${last.status}`}>
        {STEP_STATUS_LABEL[last.status]}: {last.message}
      </span>{" "}
      <code className="caption-source">{last.source}</code>
    </>
  );
}

function ScenarioPicker() {
  const file = useLab((s) => s.scenarioFile);
  const setText = useLab((s) => s.setScenarioText);
  const present = useLab((s) => s.present);
  return (
    <select
      className="caption-picker"
      aria-label="Scenario"
      value={file ?? ""}
      onChange={(e) => {
        const b = BUILTIN_SCENARIOS.find((s) => s.file === e.target.value);
        // Back to the page: the arrow keys step the scenario, not the list.
        e.currentTarget.blur();
        if (!b) return;
        setText(b.text, b.file);
        void present("reset");
      }}
    >
      <BuiltinOptions />
    </select>
  );
}

export function CaptionBar() {
  const run = useLab((s) => s.run);
  const busy = useLab((s) => s.presenterBusy);
  const error = useLab((s) => s.presenterError);
  const arch = useLab((s) => s.session.settings.arch);
  const leave = useLab((s) => s.leavePresenter);
  const caption = useMemo(
    () => (run ? captionAt(run, stepsOf(run.source), run.source) : undefined),
    [run],
  );
  return (
    <section className="caption-bar" aria-label="Presenter caption">
      <div className="caption-top">
        <span className="caption-title">{caption?.title ?? "xenlab"}</span>
        {run && (
          <span className="badge big caption-profile">
            {run.profile} · {arch}
          </span>
        )}
        {caption && (
          <span className="caption-position" data-testid="caption-position">
            step {caption.position} of {caption.total}
          </span>
        )}
        {caption?.verdict && (
          <strong
            className={`caption-verdict verdict-${caption.verdict}`}
            data-testid="caption-verdict"
          >
            {verdictLine(caption.verdict)}
          </strong>
        )}
        <span className="caption-spacer" />
        <ScenarioPicker />
        <button
          className="icon-button"
          onClick={leave}
          aria-label="Leave presenter mode"
          title="Leave presenter mode (Esc)"
        >
          ✕
        </button>
      </div>
      <p className="caption-note" data-testid="caption-note" aria-live="polite">
        {caption?.note ?? caption?.title ?? "Loading the scenario…"}
      </p>
      <p className={`caption-step${busy ? " busy" : ""}`} data-testid="caption-step" role="status">
        {error ? (
          <span className="error">{error}</span>
        ) : busy ? (
          busyText(busy, run)
        ) : caption?.last ? (
          <LastStep last={caption.last} />
        ) : caption && caption.position === 0 ? (
          "Ready: → or Space runs step 1."
        ) : (
          " "
        )}
      </p>
    </section>
  );
}
