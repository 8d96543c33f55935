/**
 * The per-step outcomes of the scenario being played: status, line, one-line message.
 * Picking a step shows its line in the editor and its first trace entry in the Trace
 * panel.
 */
import { formatRet } from "../../xen-core";
import type { PlayerView } from "../lab/scenario-player";
import { useLab } from "../store/store";

/** A step status as the page shows it. */
export const STEP_STATUS_LABEL: Record<string, string> = {
  ok: "ok",
  "profile-skipped": "skipped",
  skip: "SKIP",
  failed: "FAILURE",
  error: "ERROR",
  crash: "CRASH",
};

export function StepResults({ run, onReveal }: { run: PlayerView; onReveal(line: number): void }) {
  const selectSeq = useLab((s) => s.selectSeq);
  return (
    <ol className="step-results" aria-label="Step results">
      {run.steps.map((st) => {
        const r = run.results[st.index];
        const current = !run.done && st.index === run.position;
        return (
          <li
            key={st.index}
            className={`step-result ${r ? `st-${r.status}` : current ? "st-current" : "st-pending"}`}
            data-step={st.index + 1}
          >
            <button
              onClick={() => {
                onReveal(st.line);
                if (r && r.seqTo > r.seqFrom) selectSeq(r.seqFrom);
              }}
            >
              <span className="step-no">{st.index + 1}</span>
              <span className="step-kind">{st.kind}</span>
              <span className="step-line-no">L{st.line}</span>
              <span className="step-status">
                {r ? STEP_STATUS_LABEL[r.status] : current ? "next" : ""}
              </span>
              <span className="step-message">
                {r ? r.message : ""}
                {r?.ret !== undefined && r.ret < 0 ? ` [${formatRet(r.ret)}]` : ""}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
