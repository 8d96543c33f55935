/**
 * The A/B view's state comparison at a chosen step: both labs' domains, vCPU modes and
 * ports after that many steps, lined up by name, differences first in the eye.
 */
import { useMemo, useState } from "react";
import { compareStates } from "../lab/ab-state";
import { snapshotAt, type AbComparison } from "../lab/ab-compare";

export function AbStateTable(props: { c: AbComparison; step: number; onStep(step: number): void }) {
  const { c, step, onStep } = props;
  const [onlyDiffs, setOnlyDiffs] = useState(true);
  const rows = useMemo(
    () => compareStates(snapshotAt(c.a, step), snapshotAt(c.b, step)),
    [c, step],
  );
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDiffs ? rows.filter((r) => r.differs) : rows;
  const where =
    step === 0 ? "as booted, before step 1" : `after step ${step} (line ${c.lines[step - 1]})`;
  return (
    <section className="ab-state" aria-label="State compared">
      <div className="toolbar-row">
        <button onClick={() => onStep(step - 1)} disabled={step <= 0} aria-label="Previous step">
          ◀
        </button>
        <label>
          State{" "}
          <input
            type="range"
            min={0}
            max={c.stepCount}
            value={step}
            aria-label="Step compared"
            onChange={(e) => onStep(Number(e.target.value))}
          />
        </label>
        <button
          onClick={() => onStep(step + 1)}
          disabled={step >= c.stepCount}
          aria-label="Next step"
        >
          ▶
        </button>
        <span data-testid="ab-state-where">
          {where}: {differing === 0 ? "same state" : `${differing} of ${rows.length} facts differ`}
        </span>
        <label>
          <input
            type="checkbox"
            checked={onlyDiffs}
            onChange={(e) => setOnlyDiffs(e.target.checked)}
          />{" "}
          Only differences
        </label>
      </div>
      <table className="ab-state-table mono">
        <thead>
          <tr>
            <th scope="col">where</th>
            <th scope="col">what</th>
            <th scope="col">A {c.a.profile}</th>
            <th scope="col">B {c.b.profile}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={`${r.group}/${r.key}`} className={r.differs ? "differs" : undefined}>
              <td>{r.group}</td>
              <td>{r.key}</td>
              <td>{r.a ?? "—"}</td>
              <td>{r.b ?? "—"}</td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={4} className="hint">
                Both labs hold the same state here.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
