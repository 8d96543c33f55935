/**
 * Scenario: a reproduction in the editor (the built-ins or your own), played in the
 * page with the CLI's runner: run to the verdict, step, reset; the current step
 * highlighted in the editor, each step's outcome in the margin and in the list, parse
 * errors as editor markers with their line and column, and the way into the A/B view
 * (the same scenario under another profile, lined up with this one).
 */
import { useEffect, useMemo, useState } from "react";
import { verdictLine } from "../../xen-core/scenario/verdict";
import { CodeEditor, type EditorMarker, type LineDecoration } from "../editor/code-editor";
import { SCENARIO_LANGUAGE } from "../editor/languages";
import { groupOf } from "../layout/layout-model";
import { PanelFrame } from "../layout/panel-frame";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import type { PlayerView } from "../lab/scenario-player";
import { ScenarioFileControls, useScenarioDrop } from "../share/scenario-file-controls";
import { labStore, useLab } from "../store/store";
import { BuiltinOptions } from "./builtin-options";
import { ProfileOptions } from "./profile-options";
import { StepResults } from "./step-results";

function decorationsOf(run: PlayerView | undefined, stale: boolean): LineDecoration[] {
  if (!run || stale) return [];
  const out: LineDecoration[] = run.results.map((r) => ({
    line: r.pos.line,
    className: `step-line step-${r.status}`,
    glyph: `step-glyph glyph-${r.status}`,
    hover: `step ${r.index + 1}: ${r.status}: ${r.message}`,
  }));
  const next = run.steps[run.position];
  if (next && !run.done) {
    out.push({
      line: next.line,
      className: "step-line step-current",
      glyph: "step-glyph glyph-current",
      hover: "next step",
    });
  }
  return out;
}

function markersOf(run: PlayerView | undefined, stale: boolean): EditorMarker[] {
  if (!run || stale) return [];
  return run.results
    .filter((r) => r.status === "failed" || r.status === "error" || r.status === "crash")
    .map((r) => ({
      line: r.pos.line,
      col: r.pos.col,
      message: `step ${r.index + 1} ${r.status === "failed" ? "FAILURE" : r.status.toUpperCase()}: ${r.message}`,
      severity: r.status === "failed" ? ("warning" as const) : ("error" as const),
    }));
}

export function ScenarioPanel() {
  const text = useLab((s) => s.scenarioText);
  const file = useLab((s) => s.scenarioFile);
  const errors = useLab((s) => s.scenarioErrors);
  const profile = useLab((s) => s.scenarioProfile);
  const run = useLab((s) => s.run);
  const comparison = useLab((s) => s.comparison);
  const setText = useLab((s) => s.setScenarioText);
  const setProfile = useLab((s) => s.setScenarioProfile);
  const step = useLab((s) => s.stepScenario);
  const runAll = useLab((s) => s.runScenario);
  const reset = useLab((s) => s.resetScenario);
  const compare = useLab((s) => s.compareScenario);
  const comparing = useLab((s) => s.comparing);
  const showPanel = useLab((s) => s.showPanel);
  const toggleMaximized = useLab((s) => s.toggleMaximized);
  const [compareWith, setCompareWith] = useState("is-32bits-v1");
  const [reveal, setReveal] = useState<{ line: number; nonce: number } | undefined>(undefined);
  const stale = run !== undefined && run.source !== text;
  const { className: dropClass, ...drop } = useScenarioDrop();
  // Follow the run: the next step's line stays in view as the user steps.
  const nextLine = run && !stale ? run.steps[run.position]?.line : undefined;
  useEffect(() => {
    if (nextLine !== undefined) setReveal({ line: nextLine, nonce: Date.now() });
  }, [nextLine]);

  const markers = useMemo<EditorMarker[]>(
    () => [
      ...errors.map((e) => ({
        line: e.pos.line,
        col: e.pos.col,
        message: e.message,
        severity: "error" as const,
      })),
      ...markersOf(run, stale),
    ],
    [errors, run, stale],
  );
  const lines = useMemo(() => decorationsOf(run, stale), [run, stale]);

  return (
    <PanelFrame title="Scenario" className="scenario">
      <div className="toolbar-row">
        <label>
          Built-in
          <select
            value={file ?? ""}
            onChange={(e) => {
              const b = BUILTIN_SCENARIOS.find((s) => s.file === e.target.value);
              if (b) setText(b.text, b.file);
            }}
          >
            <BuiltinOptions />
          </select>
        </label>
        <label title="The profile the scenario runs under">
          Run under
          <select value={profile ?? ""} onChange={(e) => setProfile(e.target.value || undefined)}>
            <option value="">as written</option>
            <ProfileOptions />
          </select>
        </label>
        <div className="button-group">
          <button
            className="primary"
            onClick={() => void runAll()}
            title="Run to the verdict (Ctrl+Enter)"
          >
            ▶ Run
          </button>
          <button onClick={() => void step()} title="Run the next step (F10)">
            ⤼ Step
          </button>
          <button onClick={() => void reset()} title="Boot a fresh lab for the scenario (Alt+R)">
            ⟲ Reset
          </button>
        </div>
        <ScenarioFileControls />
      </div>
      <div className={`editor-slot ${dropClass}`} {...drop}>
        <CodeEditor
          value={text}
          language={SCENARIO_LANGUAGE}
          ariaLabel="Scenario source"
          onChange={(t) => setText(t)}
          markers={markers}
          lines={lines}
          reveal={reveal}
        />
      </div>
      <ScenarioStatus stale={stale} />
      {run && !stale && (
        <StepResults run={run} onReveal={(line) => setReveal({ line, nonce: Date.now() })} />
      )}
      <div className="toolbar-row compare">
        <label title="Run this scenario under another profile and line the two runs up">
          Compare with
          <select value={compareWith} onChange={(e) => setCompareWith(e.target.value)}>
            <ProfileOptions />
          </select>
        </label>
        <button
          disabled={comparing}
          onClick={() => {
            // Side by side needs room: the A/B view opens maximized (⤢ or Esc restores).
            showPanel("ab");
            const g = groupOf(labStore.getState().layout, "ab");
            if (g && labStore.getState().maximized !== g.id) toggleMaximized(g.id);
            void compare(compareWith);
          }}
        >
          {comparing ? "Comparing…" : "A/B diff"}
        </button>
        {comparison?.diff.first && comparison.source === text && (
          <span className="hint mono" data-testid="ab-first-summary">
            first divergence: step {comparison.diff.first.step}
          </span>
        )}
      </div>
    </PanelFrame>
  );
}

function ScenarioStatus({ stale }: { stale: boolean }) {
  const errors = useLab((s) => s.scenarioErrors);
  const run = useLab((s) => s.run);
  if (errors.length) {
    return (
      <div className="scenario-status error" role="alert" data-testid="scenario-errors">
        {errors.length === 1
          ? "The scenario does not parse:"
          : `The scenario does not parse (${errors.length} problems):`}
        <ul>
          {errors.slice(0, 5).map((e, i) => (
            <li key={i} className="mono">
              {e.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (!run)
    return (
      <div className="scenario-status hint">
        Not loaded: Run, Step or Reset plays it in a fresh lab.
      </div>
    );
  if (stale)
    return (
      <div className="scenario-status hint">
        Edited since it was loaded: Run, Step or Reset replays the new text.
      </div>
    );
  return (
    <div
      className={`scenario-status verdict-${run.done ? run.verdict : "running"}`}
      role="status"
      data-testid="scenario-status"
    >
      <span>
        {run.name} under <span className="mono">{run.profile}</span>: step{" "}
        {Math.min(run.position, run.steps.length)} of {run.steps.length}
      </span>
      {run.done && <strong className="mono verdict-line">{verdictLine(run.verdict)}</strong>}
    </div>
  );
}
