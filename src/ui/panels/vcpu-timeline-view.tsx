/**
 * The vCPU mode timeline: one lane per vCPU, the mode as coloured segments over trace
 * time, a marker at each switch. The time axis is the trace's sequence numbers at the
 * moments that matter to the lanes (creation, each switch, a domain's type change, its
 * end), evenly spaced: a switch stays visible however many hypercalls separate two.
 */
import { memo, useLayoutEffect, useMemo, useRef } from "react";
import type { DomainSnapshot } from "../../xen-core";
import type { Timeline, VcpuLane } from "../lab/vcpu-timeline";
import { hcrRw } from "../lab/registers";

const COL = 46;
const LANE_H = 26;

export interface LaneStatus {
  /** HCR_EL2.RW now, on Arm. */
  readonly rw?: 0 | 1;
  readonly type?: 32 | 64;
  /** Why the vCPU's state contradicts its domain, if it does. */
  readonly problem?: string;
}

/** What the snapshot says of a live lane's vCPU: RW, the domain type, inconsistencies. */
export function laneStatus(d: DomainSnapshot | undefined, vcpu: number): LaneStatus {
  const v = d?.vcpus.find((x) => x.vcpuId === vcpu);
  if (!d || !v || v.regs.kind !== "arm") return {};
  const rw = hcrRw(v.regs.hcrEl2);
  const problem =
    d.type === 32 && rw === 1
      ? "32-bit domain with HCR_EL2.RW set: this vCPU would enter EL1 in AArch64"
      : d.type === 64 && rw === 0
        ? "64-bit domain with HCR_EL2.RW clear: this vCPU would enter EL1 in AArch32"
        : undefined;
  return { rw, type: d.type, problem };
}

interface Props {
  readonly timeline: Timeline;
  readonly domains: readonly DomainSnapshot[];
  readonly names: Readonly<Record<number, string>>;
  readonly selectedSeq: number | undefined;
  readonly selected: { domid: number | undefined; vcpu: number };
  onPick(lane: VcpuLane, seq: number | undefined): void;
}

export const VcpuTimelineView = memo(function VcpuTimelineView(props: Props) {
  const { timeline, domains, names, selectedSeq, selected, onPick } = props;
  const columns = useMemo(() => {
    const seqs = new Set<number>();
    for (const l of timeline.lanes) {
      l.switches.forEach((s) => seqs.add(s.seq));
      if (l.endSeq !== undefined) seqs.add(l.endSeq);
    }
    timeline.marks.forEach((m) => seqs.add(m.seq));
    return [...seqs].sort((a, b) => a - b);
  }, [timeline]);
  const x = (seq: number) => {
    // The column of the last interesting seq at or before `seq`.
    let lo = 0;
    let hi = columns.length - 1;
    let at = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (columns[mid]! <= seq) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at * COL + COL / 2;
  };
  const width = (columns.length + 1) * COL;
  // The newest columns are the interesting ones: keep the view at the right end.
  const scroller = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, [columns.length]);
  const now = width - COL / 4;

  if (timeline.lanes.length === 0) return <p className="hint">No vCPUs yet.</p>;
  return (
    <div className="timeline" role="group" aria-label="vCPU mode timeline">
      <div className="timeline-labels">
        <div className="timeline-axis-label">seq</div>
        {timeline.lanes.map((l) => {
          const d = l.endSeq === undefined ? domains.find((x) => x.domid === l.domid) : undefined;
          const st = laneStatus(d, l.vcpu);
          const isSel = selected.domid === l.domid && selected.vcpu === l.vcpu && !l.endSeq;
          return (
            <button
              key={l.key}
              className={`lane-label${isSel ? " selected" : ""}${l.endSeq ? " ended" : ""}`}
              onClick={() => onPick(l, undefined)}
              data-lane={`d${l.domid}v${l.vcpu}`}
              title={[names[l.domid], st.problem].filter(Boolean).join(": ")}
            >
              <span className="mono">
                d{l.domid}v{l.vcpu}
              </span>
              {st.type !== undefined && (
                <span className="badge" title={`${st.type}-bit domain (d->type)`}>
                  {st.type}
                </span>
              )}
              {st.rw !== undefined && (
                <span className="badge mono" title={`HCR_EL2.RW = ${st.rw}`}>
                  RW{st.rw}
                </span>
              )}
              {st.problem && (
                <span className="badge warn" aria-label={st.problem}>
                  ⚠
                </span>
              )}
              {l.endSeq !== undefined && <span className="badge">ended</span>}
            </button>
          );
        })}
      </div>
      <div className="timeline-scroll" ref={scroller}>
        <svg width={width} height={(timeline.lanes.length + 1) * LANE_H} className="timeline-svg">
          {columns.map((s, i) => (
            <g key={s}>
              <line
                className="tick"
                x1={i * COL + COL / 2}
                x2={i * COL + COL / 2}
                y1={18}
                y2="100%"
              />
              <text
                className={`tick-label${s === selectedSeq ? " selected" : ""}`}
                x={i * COL + COL / 2}
                y={13}
              >
                {s}
              </text>
            </g>
          ))}
          {timeline.lanes.map((l, li) => (
            <Lane
              key={l.key}
              lane={l}
              y={(li + 1) * LANE_H}
              x={x}
              end={l.endSeq !== undefined ? x(l.endSeq) : now}
              problem={
                l.endSeq === undefined
                  ? laneStatus(
                      domains.find((d) => d.domid === l.domid),
                      l.vcpu,
                    ).problem
                  : undefined
              }
              selectedSeq={selectedSeq}
              onPick={(seq) => onPick(l, seq)}
            />
          ))}
          {timeline.marks.map((m) => (
            <text key={`m${m.seq}`} className="domain-mark" x={x(m.seq)} y={24}>
              <title>{`seq ${m.seq}: d${m.domid} domain type ${m.detail}`}</title>◆
              {m.detail.replace(/\D+/g, "")}
            </text>
          ))}
        </svg>
      </div>
    </div>
  );
});

function Lane(props: {
  lane: VcpuLane;
  y: number;
  x: (seq: number) => number;
  end: number;
  problem: string | undefined;
  selectedSeq: number | undefined;
  onPick(seq: number): void;
}) {
  const { lane, y, x, end, problem, selectedSeq, onPick } = props;
  const sw = lane.switches;
  return (
    <g className={lane.endSeq !== undefined ? "lane ended" : "lane"}>
      {sw.map((s, i) => {
        const x0 = x(s.seq);
        const x1 = i + 1 < sw.length ? x(sw[i + 1]!.seq) : end;
        const last = i === sw.length - 1;
        return (
          <g key={s.seq}>
            <rect
              className={`seg mode-${s.mode}${last && problem ? " inconsistent" : ""}`}
              x={x0}
              y={y + 6}
              width={Math.max(2, x1 - x0)}
              height={LANE_H - 10}
              rx={3}
            />
            <text className="seg-label" x={x0 + 8} y={y + LANE_H / 2 + 5}>
              {s.mode}
            </text>
          </g>
        );
      })}
      {sw.map((s) => (
        <circle
          key={`c${s.seq}`}
          className={`switch${s.seq === selectedSeq ? " selected" : ""}`}
          cx={x(s.seq)}
          cy={y + LANE_H / 2 + 1}
          r={5}
          tabIndex={0}
          role="button"
          aria-label={`seq ${s.seq}: ${s.event} ${s.detail}`}
          onClick={() => onPick(s.seq)}
          onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onPick(s.seq)}
        >
          <title>{`seq ${s.seq}: ${s.event}: ${s.detail}`}</title>
        </circle>
      ))}
    </g>
  );
}
