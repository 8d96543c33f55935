/**
 * The vCPU timeline as data: one lane per vCPU, its mode over trace time (AArch32 /
 * AArch64 on Arm, real / protected / paging on x86) and the state change behind each
 * switch. Built from the trace's state entries, which the model emits where Xen changes
 * the mode: vcpu-created (arch_vcpu_create, RW clear on Arm), vcpu-mode
 * (xen/arch/arm/arm64/domctl.c switch_mode), vcpu-context (arch_set_info_guest).
 *
 * Incremental: feeding a longer view of the same log only reads the new entries, and
 * lanes that did not change keep their identity (React can skip them).
 */
import type { StateTrace } from "../../xen-core";
import type { TraceView } from "./trace-log";

export interface ModeSwitch {
  /** Seq of the state entry that set the mode. */
  readonly seq: number;
  readonly mode: string;
  /** The state change's event and detail, as the trace shows them. */
  readonly event: string;
  readonly detail: string;
}

export interface VcpuLane {
  /** Unique across domain incarnations (a domid can be reused). */
  readonly key: string;
  readonly domid: number;
  readonly vcpu: number;
  readonly switches: readonly ModeSwitch[];
  /** Seq at which the domain was destroyed; undefined while it lives. */
  readonly endSeq?: number;
}

/** A domain-wide change drawn above its lanes (the arm64 domain type). */
export interface DomainMark {
  readonly seq: number;
  readonly domid: number;
  readonly detail: string;
}

export interface Timeline {
  readonly lanes: readonly VcpuLane[];
  readonly marks: readonly DomainMark[];
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export const EMPTY_TIMELINE: Timeline = Object.freeze({
  lanes: Object.freeze([]),
  marks: Object.freeze([]),
  firstSeq: 0,
  lastSeq: 0,
});

/** The mode a state entry leaves its vCPU in, or undefined if it says nothing of it. */
export function modeAfter(e: StateTrace): string | undefined {
  switch (e.event) {
    case "vcpu-created":
    case "vcpu-context":
      return /\bmode (\w+)/.exec(e.detail)?.[1];
    case "vcpu-mode":
      return /-> (\w+)/.exec(e.detail)?.[1];
    default:
      return undefined;
  }
}

export class TimelineBuilder {
  private source: readonly unknown[] | undefined;
  private dropped = 0;
  private read = 0;
  /** Live lanes by "domid/vcpu"; ended lanes move to `ended`. */
  private live = new Map<string, VcpuLane>();
  private ended: VcpuLane[] = [];
  private marks: DomainMark[] = [];
  private incarnation = new Map<number, number>();
  private result: Timeline = EMPTY_TIMELINE;

  /** The timeline of `view`; the same object as last time when nothing changed. */
  update(view: TraceView): Timeline {
    if (view.entries !== this.source) {
      // The log shed its oldest entries: lanes keep their seqs, only the read position moves.
      const shed = view.dropped - this.dropped;
      if (this.source && shed > 0) this.read = Math.max(0, this.read - shed);
      else this.reset(view);
      this.source = view.entries;
      this.dropped = view.dropped;
    } else if (view.length < this.read) this.reset(view);
    let changed = false;
    for (; this.read < view.length; this.read++) {
      const e = view.entries[this.read]!;
      if (e.kind === "state") changed = this.apply(e) || changed;
    }
    const first = view.entries[0]?.seq ?? 0;
    const last = view.entries[view.length - 1]?.seq ?? 0;
    if (!changed && first === this.result.firstSeq && last === this.result.lastSeq)
      return this.result;
    this.result = Object.freeze({
      // Live lanes by domain then vCPU; ended incarnations after them, newest first.
      lanes: Object.freeze([
        ...[...this.live.values()].sort((a, b) => a.domid - b.domid || a.vcpu - b.vcpu),
        ...[...this.ended].reverse(),
      ]),
      marks: Object.freeze([...this.marks]),
      firstSeq: first,
      lastSeq: last,
    });
    return this.result;
  }

  private reset(view: TraceView): void {
    this.source = view.entries;
    this.dropped = view.dropped;
    this.read = 0;
    this.live = new Map();
    this.ended = [];
    this.marks = [];
    this.incarnation = new Map();
  }

  private apply(e: StateTrace): boolean {
    if (e.event === "domain-created") {
      this.incarnation.set(e.domid, (this.incarnation.get(e.domid) ?? 0) + 1);
      return false;
    }
    if (e.event === "destroyed") return this.endDomain(e.domid, e.seq);
    if (e.event === "domain-type") {
      this.marks.push({ seq: e.seq, domid: e.domid, detail: e.detail });
      return true;
    }
    if (e.vcpu === undefined) return false;
    const mode = modeAfter(e);
    if (!mode) return false;
    const id = `${e.domid}/${e.vcpu}`;
    const lane = this.live.get(id);
    const sw: ModeSwitch = { seq: e.seq, mode, event: e.event, detail: e.detail };
    if (!lane || e.event === "vcpu-created") {
      if (lane) this.ended.push({ ...lane, endSeq: e.seq });
      const inc = this.incarnation.get(e.domid) ?? 0;
      this.live.set(id, {
        key: `${id}#${inc}@${e.seq}`,
        domid: e.domid,
        vcpu: e.vcpu,
        switches: [sw],
      });
      return true;
    }
    if (lane.switches.at(-1)!.mode === mode) return false;
    this.live.set(id, { ...lane, switches: [...lane.switches, sw] });
    return true;
  }

  private endDomain(domid: number, seq: number): boolean {
    let changed = false;
    for (const [id, lane] of this.live) {
      if (lane.domid !== domid) continue;
      this.ended.push({ ...lane, endSeq: seq });
      this.live.delete(id);
      changed = true;
    }
    // Keep the page light in long sessions: the most recent ended lanes only.
    if (this.ended.length > 64) this.ended = this.ended.slice(-64);
    return changed;
  }
}
