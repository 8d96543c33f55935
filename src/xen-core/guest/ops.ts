/** EVTCHNOP_* issued by a modelled kernel from its boot vCPU, struct in its scratch page. */
import { HYPERVISOR } from "../abi/xen";
import type { StructBuf } from "../memory/struct-buf";
import type { ModelledKernel } from "./kernel";

export function evtchnOp(
  k: ModelledKernel,
  cmd: number,
  size: number,
  fill: (s: StructBuf) => void,
) {
  return k.cpu.structCall(k.boot, HYPERVISOR.__HYPERVISOR_event_channel_op, cmd, size, fill);
}
