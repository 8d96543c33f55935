/**
 * Decoding a hypercall for the trace: Xen's names for the op and its fields.
 * Runs after the call, so OUT fields (a created domain's id) are visible.
 */
import { domctlName } from "../abi/domctl";
import { HYPERVISOR, XENVER } from "../abi/xen";
import { hashX } from "../format";
import type { Domain } from "../domain/domain";
import {
  CREATEDOMAIN,
  DOMCTL,
  MAX_MEM,
  MAX_VCPUS,
  ADDRESS_SIZE,
  VCPUCONTEXT,
} from "../domctl/layout";
import { copyFromGuest } from "../memory/guest-access";
import { StructBuf } from "../memory/struct-buf";
import { XENMEM_populate_physmap } from "./memory-op";
import { intArg } from "./int-arg";

export interface HypercallDescription {
  readonly op?: string;
  readonly args: Readonly<Record<string, string | number>>;
}

const NO_ARGS: Readonly<Record<string, string | number>> = Object.freeze({});

/**
 * do_xen_version(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg): the handle is shown
 * because its full 64-bit value is what the handler used (stale upper halves of an
 * AArch32 caller show up here). One frozen description per op for a NULL handle:
 * xen_version is the hot path.
 */
const NULL_ARG = Object.freeze({ arg: "0" });
const xenverDescriptions = new Map<number, HypercallDescription>(
  Object.entries(XENVER).map(([k, v]) => [v, Object.freeze({ op: k, args: NULL_ARG })]),
);

function describeXenVersion(cmd: bigint, arg: bigint): HypercallDescription {
  const c = intArg(cmd);
  const cached = xenverDescriptions.get(c);
  if (cached && arg === 0n) return cached;
  return { op: cached?.op ?? `cmd ${c}`, args: { arg: hashX(arg) } };
}

export function describeHypercall(
  callerDom: Domain | undefined,
  nr: number,
  args: readonly bigint[],
): HypercallDescription {
  const a0 = args[0] ?? 0n;
  switch (nr) {
    case HYPERVISOR.__HYPERVISOR_xen_version:
      return describeXenVersion(a0, args[1] ?? 0n);
    case HYPERVISOR.__HYPERVISOR_memory_op:
      return {
        op:
          Number(a0 & 0x3fn) === XENMEM_populate_physmap
            ? "XENMEM_populate_physmap"
            : `XENMEM#${a0 & 0x3fn}`,
        args: NO_ARGS,
      };
    case HYPERVISOR.__HYPERVISOR_domctl:
      return callerDom ? describeDomctl(callerDom, a0) : { args: NO_ARGS };
    default:
      return { args: { a0: hashX(a0), a1: hashX(args[1] ?? 0n) } };
  }
}

function describeDomctl(callerDom: Domain, handle: bigint): HypercallDescription {
  const raw = copyFromGuest(callerDom.memory, handle, 144);
  if (!raw) return { op: "?", args: { u_domctl: hashX(handle) } };
  return describeDomctlOp(new StructBuf(raw));
}

/** A domctl as do_domctl saw it (with OUT fields such as a new domain's id). */
export function describeDomctlOp(op: StructBuf): HypercallDescription {
  const cmd = op.u32(DOMCTL.cmd);
  const U = DOMCTL.u;
  const args: Record<string, string | number> = { domain: op.u16(DOMCTL.domain) };
  switch (domctlName(cmd)) {
    case "createdomain":
      args.flags = hashX(op.u32(U + CREATEDOMAIN.flags));
      args.max_vcpus = op.u32(U + CREATEDOMAIN.max_vcpus);
      args.max_evtchn_port = op.u32(U + CREATEDOMAIN.max_evtchn_port);
      args.grant_opts = hashX(op.u32(U + CREATEDOMAIN.grant_opts));
      break;
    case "max_vcpus":
      args.max = op.u32(U + MAX_VCPUS.max);
      break;
    case "max_mem":
      args.max_memkb = op.u64(U + MAX_MEM.max_memkb).toString();
      break;
    case "set_address_size":
    case "get_address_size":
      args.size = op.u32(U + ADDRESS_SIZE.size);
      break;
    case "setvcpucontext":
    case "getvcpucontext":
      args.vcpu = op.u32(U + VCPUCONTEXT.vcpu);
      args.ctxt = hashX(op.u64(U + VCPUCONTEXT.ctxt));
      break;
  }
  return { op: domctlName(cmd), args };
}
