/**
 * Why a v86 instance died, in one line for the Xen console. v86 cannot deliver a
 * fault without a usable IDT (on hardware: #GP, then #DF, then a triple fault and a
 * shutdown); its Rust core panics and the wasm traps ("RuntimeError: unreachable").
 * Xen would see the vCPU's VM exit; the lab reports it through domain_crash().
 */
import { REG, SREG, type CpuView } from "./cpu-view";

export function describeEmulatorDeath(
  err: unknown,
  view: CpuView,
  domid: number,
  vcpuId: number,
  panicText = "",
): string {
  const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  // "panicked at src/rust/cpu/cpu.rs:815:13:\nUnimplemented: #GP handler" -> its last line.
  const panic = panicText.trim().split("\n").pop() ?? "";
  const message = panic ? `${error} (v86: ${panic})` : error;
  let where = "";
  let cause = "";
  try {
    view.check();
    const eip = (view.ip[0]! - view.segBase[SREG.CS]!) >>> 0;
    where = ` at cs:eip ${hex(view.sreg[SREG.CS]!, 4)}:${hex(eip, 8)} esp ${hex(view.regs[REG.ESP]! >>> 0, 8)}`;
    const idtLimit = view.idtrSize[0]!;
    if (/unreachable/.test(error) && idtLimit < 8 * 32 - 1) {
      cause = ` (triple fault: IDT limit ${hex(idtLimit, 0)})`;
    }
  } catch {
    // The state is unreadable; the message alone has to do.
  }
  return `d${domid}v${vcpuId} emulator stopped: ${message}${cause}${where}`;
}

function hex(v: number, digits: number): string {
  return `0x${v.toString(16).padStart(digits, "0")}`;
}
