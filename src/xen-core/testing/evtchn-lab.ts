/**
 * Helpers for event channel tests, fuzzing and benches: domUs with RAM, and
 * EVTCHNOP / memory_op / vcpu_op calls issued by a guest vCPU from its own memory,
 * the path a guest kernel takes.
 */
import { EVTCHNOP } from "../abi/event-channel";
import { HYPERVISOR } from "../abi/xen";
import { XENMAPSPACE, XENMEM, VCPUOP } from "../abi/guest-ops";
import { DOM0_HYPERCALL_BUFFER_PFN, type Hypervisor } from "../hypervisor/hypervisor";
import { PAGE_SIZE } from "../ids";
import { isCompatCaller } from "../hypercall/compat";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { initialVcpuContext } from "../domctl/vcpucontext";
import { createGuest, type makeLab } from "./lab";

type Lab = ReturnType<typeof makeLab>;

/** First RAM frame of test domUs (GUEST_RAM0_BASE >> 12 on Arm; any frame works). */
export const TEST_RAM_GFN = 0x40000;

/** A domU with `pages` frames of RAM from TEST_RAM_GFN. */
export function createGuestWithRam(lab: Lab, maxVcpus = 1, pages = 16, flags?: number): number {
  const id = createGuest(lab, maxVcpus, flags);
  lab.xc.maxMem(id, pages * 4 * 2);
  const gpfns = Array.from({ length: pages }, (_, i) => TEST_RAM_GFN + i);
  if (lab.xc.populatePhysmap(id, gpfns) !== pages) throw new Error("populate failed");
  return id;
}

/** Where a test guest keeps hypercall argument structs: its first RAM frame. */
export const ARG_GPA = TEST_RAM_GFN * PAGE_SIZE;
/** dom0's: a page of its hypercall buffer area the toolstack does not use. */
export const DOM0_ARG_GPA = (DOM0_HYPERCALL_BUFFER_PFN + 8) * PAGE_SIZE;

export function argGpa(v: Vcpu): number {
  return v.domid === 0 ? DOM0_ARG_GPA : ARG_GPA;
}

export interface OpResult {
  readonly ret: number;
  /** The struct as the guest sees it after the call. */
  readonly out: StructBuf;
}

/** Issue hypercall `nr` with a struct argument (at `gpa`) from `v`. */
export function structCall(
  hv: Hypervisor,
  v: Vcpu,
  nr: number,
  a0: bigint,
  size: number,
  fill: (s: StructBuf) => void,
  gpa = argGpa(v),
): OpResult {
  const s = new StructBuf(size);
  fill(s);
  const mem = hv.domain(v.domid)!.memory;
  mem.writePhys(gpa, s.bytes);
  const ret = hv.hypercall(v, nr, [a0, BigInt(gpa), 0n, 0n, 0n]);
  return { ret, out: new StructBuf(mem.readPhys(gpa, size)!) };
}

/** EVTCHNOP_* from `v`, its struct filled by `fill`. */
export function evtchnOp(
  hv: Hypervisor,
  v: Vcpu,
  cmd: number,
  size: number,
  fill: (s: StructBuf) => void = () => {},
): OpResult {
  return structCall(hv, v, HYPERVISOR.__HYPERVISOR_event_channel_op, BigInt(cmd), size, fill);
}

/** The vCPU `vcpu` of domain `domid`. */
export function vcpuOf(hv: Hypervisor, domid: number, vcpu = 0): Vcpu {
  const v = hv.domain(domid)?.vcpus[vcpu];
  if (!v) throw new Error(`d${domid} has no vCPU ${vcpu}`);
  return v;
}

/** EVTCHNOP_alloc_unbound for DOMID_SELF; returns the port or the errno. */
export function allocUnbound(hv: Hypervisor, v: Vcpu, remote: number, dom = 0x7ff0): number {
  const r = evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_alloc_unbound, 8, (s) =>
    s.setU16(0, dom).setU16(2, remote),
  );
  return r.ret < 0 ? r.ret : r.out.u32(4);
}

/** EVTCHNOP_bind_interdomain; returns the local port or the errno. */
export function bindInterdomain(
  hv: Hypervisor,
  v: Vcpu,
  remoteDom: number,
  remotePort: number,
): number {
  const r = evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_bind_interdomain, 12, (s) =>
    s.setU16(0, remoteDom).setU32(4, remotePort),
  );
  return r.ret < 0 ? r.ret : r.out.u32(8);
}

/** A one-port op (close, send, unmask): returns the result. */
export function portOp(hv: Hypervisor, v: Vcpu, cmd: number, port: number): number {
  return evtchnOp(hv, v, cmd, 4, (s) => s.setU32(0, port)).ret;
}

/** XENMEM_add_to_physmap(XENMAPSPACE_shared_info) at `gfn`, in the caller's layout. */
export function mapSharedInfoAt(hv: Hypervisor, v: Vcpu, gfn: number): number {
  const compat = isCompatCaller(hv, hv.domain(v.domid)!, v);
  const nr = HYPERVISOR.__HYPERVISOR_memory_op;
  return structCall(hv, v, nr, BigInt(XENMEM.XENMEM_add_to_physmap), 24, (s) => {
    s.setU16(0, 0x7ff0).setU32(4, XENMAPSPACE.XENMAPSPACE_shared_info);
    if (compat) s.setU32(8, 0).setU32(12, gfn);
    else s.setU64(8, 0).setU64(16, gfn);
  }).ret;
}

/** VCPUOP_register_vcpu_info for `v` at gfn/offset. */
export function registerVcpuInfo(hv: Hypervisor, v: Vcpu, gfn: number, offset: number): number {
  const s = new StructBuf(16);
  s.setU64(0, gfn).setU32(8, offset);
  const mem = hv.domain(v.domid)!.memory;
  mem.writePhys(argGpa(v), s.bytes);
  return hv.hypercall(v, HYPERVISOR.__HYPERVISOR_vcpu_op, [
    BigInt(VCPUOP.VCPUOP_register_vcpu_info),
    BigInt(v.vcpuId),
    BigInt(argGpa(v)),
    0n,
    0n,
  ]);
}

/** EVTCHNOP_init_control for `vcpu` with its control block at gfn/offset. */
export function initControl(
  hv: Hypervisor,
  v: Vcpu,
  gfn: number,
  offset = 0,
  vcpu = v.vcpuId,
): OpResult {
  return evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_init_control, 24, (s) =>
    s.setU64(0, gfn).setU32(8, offset).setU32(12, vcpu),
  );
}

/** EVTCHNOP_expand_array with one page at gfn. */
export function expandArray(hv: Hypervisor, v: Vcpu, gfn: number): number {
  return evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_expand_array, 8, (s) => s.setU64(0, gfn)).ret;
}

/**
 * A domU as the toolstack leaves it before handing over to the guest: RAM, vCPU0 online
 * with its initial context, unpaused.
 */
export function createRunningGuest(lab: Lab, maxVcpus = 1, pages = 16, flags?: number): number {
  const id = createGuestWithRam(lab, maxVcpus, pages, flags);
  const ctx = initialVcpuContext(
    lab.hv.arch,
    lab.hv.domain(id)!.type,
    BigInt(TEST_RAM_GFN * PAGE_SIZE),
  );
  if (lab.xc.setVcpuContext(id, 0, ctx) !== 0) throw new Error("setvcpucontext failed");
  if (lab.xc.unpauseDomain(id) !== 0) throw new Error("unpause failed");
  return id;
}
