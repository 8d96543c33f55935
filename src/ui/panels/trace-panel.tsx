/**
 * Trace: every hypercall (decoded op, Xen's field names, result as an errno name) and
 * state change, with the scenario step that issued it; filtered by domain, hypercall
 * or failure. Virtualised: only the rows in view exist in the DOM, so 10^5 entries
 * scroll as smoothly as ten.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { formatRet, type TraceEntry } from "../../xen-core";
import type { StepResult } from "../../xen-core/scenario/runner";
import { PanelFrame } from "../layout/panel-frame";
import type { LabSession } from "../lab/lab-session";
import { TraceIndex } from "../lab/trace-filter";
import { causeOf } from "../lab/trace-log";
import { stepOfSeq } from "../lab/trace-links";
import { useLab } from "../store/store";
import { EntryDetails } from "./entry-details";

const ROW_H = 22;
const OVERSCAN = 12;

const indexes = new WeakMap<LabSession, TraceIndex>();
function indexOf(session: LabSession): TraceIndex {
  let i = indexes.get(session);
  if (!i) indexes.set(session, (i = new TraceIndex()));
  return i;
}

function argsText(e: TraceEntry): string {
  if (e.kind === "state") return e.detail;
  return Object.entries(e.args)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

function TraceRow(props: {
  e: TraceEntry;
  top: number;
  step: StepResult | undefined;
  inside: boolean;
  selected: boolean;
  onPick(seq: number): void;
}) {
  const { e, top, step, inside, selected, onPick } = props;
  const failed = e.kind === "hypercall" && e.ret < 0;
  return (
    <div
      role="row"
      aria-selected={selected}
      className={`trace-row ${e.kind}${failed ? " failed" : ""}${selected ? " selected" : ""}${inside ? " inside" : ""}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onPick(e.seq)}
      data-seq={e.seq}
    >
      <span role="cell" className="c-seq">
        {e.seq}
      </span>
      <span role="cell" className="c-step" title={step ? `line ${step.pos.line}` : undefined}>
        {step ? step.index + 1 : ""}
      </span>
      <span role="cell" className="c-who">
        d{e.domid}
        {e.kind === "hypercall" ? `v${e.vcpu}` : e.vcpu !== undefined ? `v${e.vcpu}` : ""}
      </span>
      <span role="cell" className="c-what">
        {e.kind === "hypercall" ? (
          <>
            {e.name} <span className="op">{e.op}</span>
          </>
        ) : (
          <span className="event">{e.event}</span>
        )}
      </span>
      <span role="cell" className="c-args" title={argsText(e)}>
        {argsText(e)}
      </span>
      <span role="cell" className="c-ret">
        {e.kind === "hypercall" ? formatRet(e.ret) : ""}
      </span>
    </div>
  );
}

export function TracePanel() {
  const session = useLab((s) => s.session);
  const trace = useLab((s) => s.trace);
  const results = useLab((s) =>
    s.session.origin.kind === "scenario" ? s.run?.results : undefined,
  );
  const selectedSeq = useLab((s) => s.selectedSeq);
  const selectSeq = useLab((s) => s.selectSeq);
  const filter = useLab((s) => s.traceFilter);
  const setFilter = useLab((s) => s.setTraceFilter);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const index = indexOf(session);
  const catalog = index.catalog(trace);
  const rows = index.filtered(trace, filter);

  useLayoutEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the newest entry in view while following.
  useLayoutEffect(() => {
    const el = box.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [follow, rows.length]);

  // An entry picked elsewhere (the timeline, a step) scrolls into view.
  const rowOfSelected = useMemo(() => {
    if (selectedSeq === undefined) return -1;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = trace.entries[rows.rows[mid]!]!.seq;
      if (s === selectedSeq) return mid;
      if (s < selectedSeq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }, [selectedSeq, rows, trace]);
  useEffect(() => {
    const el = box.current;
    if (!el || rowOfSelected < 0) return;
    const top = rowOfSelected * ROW_H;
    if (top < el.scrollTop || top > el.scrollTop + el.clientHeight - ROW_H) {
      setFollow(false);
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
    }
  }, [rowOfSelected]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const selectedIndex = rowOfSelected >= 0 ? rows.rows[rowOfSelected]! : -1;
  const cause = selectedIndex >= 0 ? causeOf(trace, selectedIndex) : undefined;
  const visible = [];
  for (let r = first; r < last; r++) {
    const e = trace.entries[rows.rows[r]!]!;
    visible.push(
      <TraceRow
        // Keyed by slot, not by seq: while the log grows the same DOM rows are reused
        // with new text, instead of being removed and created every frame.
        key={r % 256}
        e={e}
        top={r * ROW_H}
        step={results ? stepOfSeq(results, e.seq) : undefined}
        inside={cause !== undefined && e.seq === cause.seq}
        selected={e.seq === selectedSeq}
        onPick={selectSeq}
      />,
    );
  }

  const domLabel = (id: number) => (id >= 0x7ff0 ? `0x${id.toString(16)}` : `d${id}`);
  return (
    <PanelFrame title="Trace" className="trace">
      <div className="toolbar-row">
        <label>
          Domain
          <select
            aria-label="Filter by domain"
            value={filter.domid ?? ""}
            onChange={(e) =>
              setFilter({
                ...filter,
                domid: e.target.value === "" ? undefined : Number(e.target.value),
              })
            }
          >
            <option value="">all</option>
            {catalog.domids.map((d) => (
              <option key={d} value={d}>
                {domLabel(d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Hypercall
          <select
            aria-label="Filter by hypercall"
            value={filter.call ?? ""}
            onChange={(e) => setFilter({ ...filter, call: e.target.value || undefined })}
          >
            <option value="">all</option>
            {catalog.calls.map((c) => (
              <option key={c} value={c}>
                {c === "state" ? "state changes" : c}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={!!filter.failedOnly}
            onChange={(e) => setFilter({ ...filter, failedOnly: e.target.checked })}
          />
          errors only
        </label>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          follow
        </label>
        <span className="hint count" data-testid="trace-count">
          {rows.length} of {trace.length}
          {trace.dropped ? ` (${trace.dropped} older dropped)` : ""}
        </span>
      </div>
      <div className="trace-head" role="row">
        <span className="c-seq">seq</span>
        <span className="c-step">step</span>
        <span className="c-who">who</span>
        <span className="c-what">call / event</span>
        <span className="c-args">args / detail</span>
        <span className="c-ret">ret</span>
      </div>
      <div
        ref={box}
        className="trace-body"
        role="table"
        aria-label="Trace entries"
        aria-rowcount={rows.length}
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
          e.preventDefault();
          const at = rowOfSelected < 0 ? rows.length : rowOfSelected;
          const next = Math.max(
            0,
            Math.min(rows.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)),
          );
          const entry = trace.entries[rows.rows[next]!];
          if (entry) selectSeq(entry.seq);
        }}
        onScroll={(e) => {
          const el = e.currentTarget;
          setScrollTop(el.scrollTop);
          const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_H;
          if (atEnd !== follow) setFollow(atEnd);
        }}
      >
        <div className="trace-spacer" style={{ height: rows.length * ROW_H }}>
          {visible}
        </div>
      </div>
      <EntryDetails testId="trace-details" />
    </PanelFrame>
  );
}
