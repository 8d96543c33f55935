/**
 * The A/B view's two traces side by side, aligned by step (each step's header carries
 * both outcomes, then its entries paired in trace order), scroll-locked, the first
 * divergence marked. Windowed: only the rows in view exist in the DOM, on both sides.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { describeEntry } from "../../xen-core/scenario/diff";
import type { StepResult } from "../../xen-core/scenario/runner";
import type { AbComparison, AbRow } from "../lab/ab-compare";

const ROW_H = 22;
const OVERSCAN = 10;

type Side = "a" | "b";

function outcomeText(s: StepResult | undefined): string {
  if (!s) return "(run ended before this step)";
  const label = s.status === "profile-skipped" ? "skipped" : s.status;
  return `${label}${s.message ? `: ${s.message}` : ""}`;
}

function rowText(c: AbComparison, row: AbRow, side: Side): { text: string; cls: string } {
  if (row.kind === "step") {
    const s = row[side];
    const head = `step ${row.step + 1} · line ${c.lines[row.step]} · ${(row.a ?? row.b)!.kind}`;
    return { text: `${head} — ${outcomeText(s)}`, cls: `ab-step st-${s?.status ?? "absent"}` };
  }
  const e = row.pair[side];
  return { text: e ? describeEntry(e) : "", cls: e ? `ab-entry ${e.kind}` : "ab-entry absent" };
}

function Pane(props: {
  c: AbComparison;
  side: Side;
  scrollRef: RefObject<HTMLDivElement | null>;
  scrollTop: number;
  height: number;
  selectedStep: number | undefined;
  onScroll(top: number): void;
  onPick(step: number): void;
}) {
  const { c, side, scrollRef, scrollTop, height, selectedStep, onScroll, onPick } = props;
  const from = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const to = Math.min(c.rows.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const info = c[side];
  const items = [];
  for (let r = from; r < to; r++) {
    const row = c.rows[r]!;
    const { text, cls } = rowText(c, row, side);
    const differs = row.kind === "step" ? row.differs : row.pair.differs;
    items.push(
      <div
        key={r}
        role="row"
        data-row={r}
        className={`ab-row ${cls}${differs ? " differs" : ""}${row.first ? " first-divergence" : ""}${selectedStep === row.step ? " selected" : ""}`}
        style={{ transform: `translateY(${r * ROW_H}px)` }}
        title={text}
        onClick={() => onPick(row.step)}
      >
        <span role="cell">{text}</span>
      </div>,
    );
  }
  return (
    <div
      className="ab-pane"
      role="table"
      aria-label={`Trace ${side.toUpperCase()} (${info.profile})`}
    >
      <div className={`ab-pane-head verdict-${info.verdict}`} role="rowgroup">
        <span className="ab-side">{side.toUpperCase()}</span>{" "}
        <span className="mono">{info.profile}</span>{" "}
        <strong className="mono">Test result: {info.verdict}</strong>
      </div>
      <div
        ref={scrollRef}
        className="ab-scroll mono"
        role="rowgroup"
        onScroll={(e) => onScroll(e.currentTarget.scrollTop)}
      >
        <div className="ab-spacer" style={{ height: c.rows.length * ROW_H }}>
          {items}
        </div>
      </div>
    </div>
  );
}

export function AbTraces(props: {
  c: AbComparison;
  selectedStep: number | undefined;
  /** Changes each time the view should bring the first divergence into view. */
  revealFirst: number;
  onPick(step: number): void;
}) {
  const { c, selectedStep, revealFirst, onPick } = props;
  const refA = useRef<HTMLDivElement>(null);
  const refB = useRef<HTMLDivElement>(null);
  const [locked, setLocked] = useState(true);
  const [tops, setTops] = useState({ a: 0, b: 0 });
  const [height, setHeight] = useState(400);

  useLayoutEffect(() => {
    const el = refA.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new comparison, or "go to": centre the first divergence on both sides.
  useEffect(() => {
    const row = c.firstRow ?? 0;
    const top = Math.max(0, row * ROW_H - (refA.current?.clientHeight ?? 0) / 2);
    for (const el of [refA.current, refB.current]) if (el) el.scrollTop = top;
    setTops({ a: top, b: top });
  }, [c, revealFirst]);

  const scrolled = (side: Side) => (top: number) => {
    setTops((t) => (locked ? { a: top, b: top } : { ...t, [side]: top }));
    if (!locked) return;
    const other = side === "a" ? refB.current : refA.current;
    // Mirror the scroll; the mirrored pane's own event then finds nothing to change.
    if (other && Math.abs(other.scrollTop - top) > 1) other.scrollTop = top;
  };

  return (
    <div className="ab-traces">
      <label className="ab-lock" title="Scroll both traces together">
        <input type="checkbox" checked={locked} onChange={(e) => setLocked(e.target.checked)} />{" "}
        Lock scrolling
      </label>
      <div className="ab-panes">
        {(["a", "b"] as const).map((side) => (
          <Pane
            key={side}
            c={c}
            side={side}
            scrollRef={side === "a" ? refA : refB}
            scrollTop={tops[side]}
            height={height}
            selectedStep={selectedStep}
            onScroll={scrolled(side)}
            onPick={onPick}
          />
        ))}
      </div>
    </div>
  );
}
