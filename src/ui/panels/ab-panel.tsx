/**
 * A/B diff: the scenario in the editor run under two profiles from the same initial
 * state (upstream against a patched behaviour, say), as `xenlab diff` does, shown whole:
 * the two traces side by side and aligned by step, the first divergence highlighted
 * and named, and the two labs' state compared after any step.
 */
import { useState } from "react";
import { PanelFrame } from "../layout/panel-frame";
import { useLab } from "../store/store";
import { AbStateTable } from "./ab-state-table";
import { AbTraces } from "./ab-traces";
import { ProfileOptions } from "./profile-options";

function defaultB(a: string | undefined): string {
  return a === "is-32bits-v1" ? "upstream" : "is-32bits-v1";
}

export function AbPanel() {
  const c = useLab((s) => s.comparison);
  const step = useLab((s) => s.comparisonStep);
  const comparing = useLab((s) => s.comparing);
  const text = useLab((s) => s.scenarioText);
  const played = useLab((s) => s.scenarioProfile ?? s.run?.profile);
  const compare = useLab((s) => s.compareScenario);
  const setStep = useLab((s) => s.setComparisonStep);
  const [a, setA] = useState<string | undefined>(undefined);
  const [b, setB] = useState<string | undefined>(undefined);
  const [revealFirst, setRevealFirst] = useState(0);
  // Unset: the scenario's own `profile:` (the runner's default, as "Run under" has it).
  const sideA = a ?? c?.a.profile ?? played;
  const sideB = b ?? c?.b.profile ?? defaultB(sideA);
  const first = c?.diff.first;

  return (
    <PanelFrame title="A/B diff" className="ab">
      <div className="toolbar-row">
        <label>
          A
          <select
            value={sideA ?? ""}
            onChange={(e) => setA(e.target.value || undefined)}
            aria-label="Profile A"
          >
            <option value="">as written</option>
            <ProfileOptions />
          </select>
        </label>
        <label>
          B
          <select value={sideB} onChange={(e) => setB(e.target.value)} aria-label="Profile B">
            <ProfileOptions />
          </select>
        </label>
        <button
          className="primary"
          disabled={comparing}
          onClick={() => void compare(sideB, sideA)}
          title="Run the editor's scenario under A and under B, from the same initial state"
        >
          {comparing ? "Comparing…" : "Compare"}
        </button>
        {c && first && (
          <button onClick={() => (setRevealFirst((n) => n + 1), setStep(first.step))}>
            Go to first divergence
          </button>
        )}
      </div>
      {!c ? (
        <p className="hint ab-empty">
          Pick two profiles and Compare: the scenario in the editor runs under both from the same
          initial state, and this view lines up what each Xen did, step by step.
        </p>
      ) : (
        <>
          <div className="ab-summary mono" data-testid="ab-diff" role="status">
            <div>
              {c.name}: A {c.a.profile}: Test result: {c.a.verdict} · B {c.b.profile}: Test result:{" "}
              {c.b.verdict}
            </div>
            {first ? (
              <div className="ab-first">
                <div>
                  first divergence: step {first.step} (line {first.line}, {first.kind}):
                </div>
                <div>
                  {"  "}A {c.a.profile}: {first.a}
                </div>
                <div>
                  {"  "}B {c.b.profile}: {first.b}
                </div>
              </div>
            ) : (
              <div>identical traces</div>
            )}
            {c.stateFirstDiffers !== undefined && (
              <div>
                state first differs{" "}
                {c.stateFirstDiffers === 0
                  ? "as booted"
                  : `after step ${c.stateFirstDiffers} (line ${c.lines[c.stateFirstDiffers - 1]})`}
                {c.first && c.stateFirstDiffers < c.first.step + 1
                  ? ": before the traces part, so look at the state table"
                  : ""}
              </div>
            )}
            {c.source !== text && (
              <div className="hint">The editor has changed since: Compare again to refresh.</div>
            )}
          </div>
          <div className="ab-body">
            <AbTraces
              c={c}
              selectedStep={step > 0 ? step - 1 : undefined}
              revealFirst={revealFirst}
              onPick={(s) => setStep(s + 1)}
            />
            <AbStateTable
              c={c}
              step={step}
              onStep={(s) => setStep(Math.max(0, Math.min(c.stepCount, s)))}
            />
          </div>
        </>
      )}
    </PanelFrame>
  );
}
