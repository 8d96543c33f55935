/**
 * The single entry point to start a modelled kernel in a domain, for the toolstack
 * (after `xl create` of a domain with no emulated guest), for scenarios (the first
 * console line to such a domain is its command line, see guest-port.ts) and for tests:
 *
 *   bootModelledGuest(hv, domid, { cmdline: "evtchn=2l" })
 *
 * The domain must exist, run (not paused, not shut down), have vCPU0 online and enough
 * RAM (ModelledKernel.framesNeeded). `cmdline`: `evtchn=fifo` (default: try FIFO, fall
 * back to 2-level) or `evtchn=2l`; `test=NAME` runs a self-test and halts.
 */
import type { Domain } from "../domain/domain";
import type { Hypervisor } from "../hypervisor/hypervisor";
import { ModelledKernel } from "./kernel";
import { SHELL } from "./shell";

export type BootResult =
  | { readonly ok: true; readonly kernel: ModelledKernel }
  | { readonly ok: false; readonly error: string };

/** Why a kernel cannot boot in `d` now, or undefined. */
function cannotBoot(d: Domain): string | undefined {
  const id = `domain ${d.domid}`;
  if (d.isControl) return `${id} is the control domain: its console is the dom0 shell`;
  if (d.emulated) return `${id} runs an emulated guest`;
  if (d.modelled) return `${id} is already running a kernel`;
  if (d.isShutdown || d.isDying) return `${id} is shut down`;
  if (d.controllerPauseCount > 0) return `${id} is paused (unpause it first)`;
  const v0 = d.vcpus[0];
  if (!v0) return `${id} has no vCPUs (XEN_DOMCTL_max_vcpus first)`;
  if (!v0.online)
    return `vCPU0 of ${id} is offline (XEN_DOMCTL_setvcpucontext with VGCF_online first)`;
  const vcpus = d.vcpus.filter((v) => v !== undefined).length;
  const need = ModelledKernel.framesNeeded(vcpus);
  if (d.totPages < need)
    return `${id} has ${d.totPages} RAM pages; a modelled kernel needs ${need}`;
  return undefined;
}

export function bootModelledGuest(
  hv: Hypervisor,
  domid: number,
  opts: { readonly cmdline?: string } = {},
): BootResult {
  const d = hv.domain(domid);
  if (!d) return { ok: false, error: `domain ${domid} does not exist` };
  const why = cannotBoot(d);
  if (why) return { ok: false, error: why };
  const cmdline = opts.cmdline ?? "evtchn=fifo";
  const kernel = new ModelledKernel(hv, d, cmdline, SHELL);
  d.modelled = kernel;
  hv.stateChange(domid, "kernel-boot", `modelled kernel: ${cmdline}`);
  kernel.start();
  return { ok: true, kernel };
}

/** The modelled kernel running in `domid`, if any. */
export function modelledKernel(hv: Hypervisor, domid: number): ModelledKernel | undefined {
  const k = hv.domain(domid)?.modelled;
  return k instanceof ModelledKernel ? k : undefined;
}
