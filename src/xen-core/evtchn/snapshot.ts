/**
 * The frozen view of a domain's event channels for the inspector (DomainSnapshot.evtchn).
 * Port state comes from Xen's struct evtchn; pending/masked and the ABI structures
 * are read from guest memory (shared_info, vcpu_info, control blocks, event words),
 * so the panel shows the very bytes the guest sees. Only allocated ports are visited
 * (64 per bucket), so a snapshot costs little for the usual handful of ports.
 */
import {
  ECS,
  ECS_NAMES,
  EVTCHN_FIFO_BUSY,
  EVTCHN_FIFO_CONTROL_BLOCK,
  EVTCHN_FIFO_LINK_MASK,
  EVTCHN_FIFO_LINKED,
  EVTCHN_FIFO_MASKED,
  EVTCHN_FIFO_MAX_QUEUES,
  EVTCHN_FIFO_PENDING,
} from "../abi/event-channel";
import type { Domain } from "../domain/domain";
import { testBit } from "../memory/mapped-page";
import { fifoWord } from "./event-fifo";
import { evtchnIsMasked, evtchnIsPending } from "./port-ops";
import { maxEvtchns } from "./ports";

/** Port states by name, as scenario `expect: { port, state }` spells them. */
export const PORT_STATE_NAMES = ECS_NAMES;
export type PortStateName = (typeof PORT_STATE_NAMES)[number];

export interface EvtchnPortSnapshot {
  readonly port: number;
  readonly state: PortStateName;
  /** UNBOUND: the domain allowed to bind; INTERDOMAIN: the peer. */
  readonly remoteDom?: number;
  /** INTERDOMAIN: the peer's port. */
  readonly remotePort?: number;
  readonly virq?: number;
  readonly pirq?: number;
  readonly notifyVcpu: number;
  /** FIFO priority (0 highest .. 15); 0 on ports that never saw FIFO. */
  readonly priority: number;
  /** As `debug-keys e` reads them (evtchn_is_pending / evtchn_is_masked). */
  readonly pending: boolean;
  readonly masked: boolean;
  /** Nonzero: the port belongs to a Xen-internal consumer. */
  readonly xenConsumer: number;
}

export interface VcpuInfoSnapshot {
  readonly vcpuId: number;
  /** evtchn_pending_sel as the guest reads it. */
  readonly selector: bigint;
  readonly upcallPending: boolean;
  /** x86 only (evtchn_upcall_mask). */
  readonly upcallMask?: boolean;
  /** Where VCPUOP_register_vcpu_info put it; null: inside shared_info or the dummy. */
  readonly registered: { readonly gfn: number; readonly offset: number } | null;
  /** On the dummy vcpu_info (events to it are invisible to the guest). */
  readonly dummy: boolean;
}

export interface Evtchn2lSnapshot {
  readonly kind: "2l";
  /** Bytes of evtchn_pending[] and evtchn_mask[]: port p is bit p & 7 of byte p >> 3. */
  readonly pendingBytes: readonly number[];
  readonly maskBytes: readonly number[];
}

export interface FifoVcpuSnapshot {
  readonly vcpuId: number;
  /** The control block's frame and offset; null until EVTCHNOP_init_control. */
  readonly controlBlock: { readonly gfn: number | undefined; readonly offset: number } | null;
  readonly ready: number;
  /** head[0..15] as in guest memory. */
  readonly head: readonly number[];
  /** Xen's own tail of each queue. */
  readonly tail: readonly number[];
}

export interface FifoWordSnapshot {
  readonly port: number;
  readonly word: number;
  readonly pending: boolean;
  readonly masked: boolean;
  readonly linked: boolean;
  readonly busy: boolean;
  /** The 17-bit LINK field. */
  readonly link: number;
}

export interface EvtchnFifoSnapshot {
  readonly kind: "fifo";
  readonly vcpus: readonly FifoVcpuSnapshot[];
  /** Event words of ports in use, and of free ports still LINKED. */
  readonly words: readonly FifoWordSnapshot[];
  /** Frames of the event array pages, in order (1024 ports each). */
  readonly eventArrayGfns: readonly (number | undefined)[];
}

export interface EvtchnSnapshot {
  readonly abi: "2l" | "fifo";
  /** max_evtchns(d): 4096 / 1024 for 2-level, 131072 for FIFO. */
  readonly limit: number;
  readonly maxEvtchnPort: number;
  /** Layout of shared_info the guest has (arm, x86_64 or x86_32 compat). */
  readonly layout: "arm" | "x86_64" | "x86_32";
  /** Where the guest mapped shared_info, if it did. */
  readonly sharedInfoGfn: number | undefined;
  readonly activeEvtchns: number;
  /** Ports in use (not FREE), port 0 excluded. */
  readonly ports: readonly EvtchnPortSnapshot[];
  readonly vcpuInfo: readonly VcpuInfoSnapshot[];
  readonly twoLevel: Evtchn2lSnapshot | null;
  readonly fifo: EvtchnFifoSnapshot | null;
}

function bytesOf(d: Domain, base: number, n: number): number[] {
  const page = d.evtchn.shared.page;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = page.u8(base + i);
  return out;
}

export function evtchnSnapshot(d: Domain): EvtchnSnapshot {
  const e = d.evtchn;
  const sh = e.shared;
  const l = sh.layout;
  const ports: EvtchnPortSnapshot[] = [];
  const fifoWords: FifoWordSnapshot[] = [];
  for (let port = 1; port < e.validEvtchns; port++) {
    const chn = e.chn(port);
    const w = e.fifo ? fifoWord(d, port) : undefined;
    if (w !== undefined && (chn.state !== ECS.ECS_FREE || w & (1 << EVTCHN_FIFO_LINKED))) {
      fifoWords.push(
        Object.freeze({
          port,
          word: w,
          pending: ((w >>> EVTCHN_FIFO_PENDING) & 1) === 1,
          masked: ((w >>> EVTCHN_FIFO_MASKED) & 1) === 1,
          linked: ((w >>> EVTCHN_FIFO_LINKED) & 1) === 1,
          busy: ((w >>> EVTCHN_FIFO_BUSY) & 1) === 1,
          link: w & EVTCHN_FIFO_LINK_MASK,
        }),
      );
    }
    if (chn.state === ECS.ECS_FREE) continue;
    const s = chn.state;
    ports.push(
      Object.freeze({
        port,
        state: PORT_STATE_NAMES[s]!,
        ...(s === ECS.ECS_UNBOUND ? { remoteDom: chn.remoteDomid } : {}),
        ...(s === ECS.ECS_INTERDOMAIN
          ? { remoteDom: chn.remoteDom, remotePort: chn.remotePort }
          : {}),
        ...(s === ECS.ECS_VIRQ ? { virq: chn.virq } : {}),
        ...(s === ECS.ECS_PIRQ ? { pirq: chn.pirq } : {}),
        notifyVcpu: chn.notifyVcpuId,
        priority: chn.priority,
        pending: evtchnIsPending(d, chn),
        masked: evtchnIsMasked(d, chn),
        xenConsumer: chn.xenConsumer,
      }),
    );
  }
  const vcpuIds = d.vcpus.filter((v) => v !== undefined).map((v) => v.vcpuId);
  const vcpuInfo = vcpuIds.map((id) => {
    const a = sh.vcpuInfo(id);
    let sel = 0n;
    for (let i = l.wordBits / 8 - 1; i >= 0; i--)
      sel = (sel << 8n) | BigInt(a.page.u8(a.off + l.pendingSel + i));
    const registered = sh.isRegistered(id) ? { gfn: a.page.gfn ?? -1, offset: a.off } : null;
    return Object.freeze({
      vcpuId: id,
      selector: sel,
      upcallPending: testBit(a.page, a.off + l.upcallPending, 0),
      ...(l.upcallMask !== undefined ? { upcallMask: a.page.u8(a.off + l.upcallMask) !== 0 } : {}),
      registered,
      dummy: sh.isDummy(id),
    });
  });
  const words = l.wordBits;
  const twoLevel = e.fifo
    ? null
    : Object.freeze({
        kind: "2l" as const,
        pendingBytes: Object.freeze(bytesOf(d, l.evtchnPending, words * (words / 8))),
        maskBytes: Object.freeze(bytesOf(d, l.evtchnMask, words * (words / 8))),
      });
  const fifo = e.fifo
    ? Object.freeze({
        kind: "fifo" as const,
        vcpus: Object.freeze(
          vcpuIds.map((id) => {
            const fv = e.vcpus[id]?.fifo;
            const cb = fv?.controlBlock;
            const head = new Array<number>(EVTCHN_FIFO_MAX_QUEUES).fill(0);
            if (cb)
              for (let q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
                head[q] = cb.page.u32(cb.off + EVTCHN_FIFO_CONTROL_BLOCK.head + q * 4);
            return Object.freeze({
              vcpuId: id,
              controlBlock: cb ? { gfn: cb.page.gfn, offset: cb.off } : null,
              ready: cb ? cb.page.u32(cb.off + EVTCHN_FIFO_CONTROL_BLOCK.ready) : 0,
              head: Object.freeze(head),
              tail: Object.freeze(fv ? fv.queues.map((q) => q.tail) : head.map(() => 0)),
            });
          }),
        ),
        words: Object.freeze(fifoWords),
        eventArrayGfns: Object.freeze(
          e.fifo.eventArray.slice(0, e.fifo.numEvtchns / 1024).map((p) => p?.gfn),
        ),
      })
    : null;
  return Object.freeze({
    abi: e.abi,
    limit: maxEvtchns(d),
    maxEvtchnPort: e.maxEvtchnPort,
    layout: l.kind,
    sharedInfoGfn: sh.gfn,
    activeEvtchns: e.activeEvtchns,
    ports: Object.freeze(ports),
    vcpuInfo: Object.freeze(vcpuInfo),
    twoLevel,
    fifo,
  });
}
