/**
 * x86 register dumps for debug key 'd': show_registers() / _show_registers() /
 * show_guest_stack() / compat_show_guest_stack() of xen/arch/x86/traps.c.
 *
 * Guest registers come from the model's 32-bit vCPU register file (zero-extended).
 * State it does not keep prints as 0: cr2, the segment bases, and every selector but
 * cs. An HVM vCPU's stack is not dumped (Xen: "we don't know what the stack looks
 * like"); a PV vCPU's is read through the guest's memory, a page at most. An idle
 * pCPU's host state is not modelled: Xen's layout with zero registers, without the
 * Xen stack and call trace.
 */
import type { Domain } from "../domain/domain";
import { hexPad } from "../format";
import type { HypervisorContext } from "../hypervisor/context";
import type { Vcpu } from "../vcpu/vcpu";
import type { X86Vcpu } from "../vcpu/x86-vcpu";
import { xenBanner } from "./arm-registers";
import { printStackWords } from "./guest-stack";

type Print = (s: string) => void;

const h16 = (v: number | bigint): string => hexPad(BigInt.asUintN(64, BigInt(v)), 16);
const h4 = (v: number): string => (v & 0xffff).toString(16).padStart(4, "0");

interface Regs {
  rip: number;
  rflags: number;
  gprs: number[]; // rax rbx rcx rdx rsi rdi rbp rsp r8..r15
  cr0: number;
  cr3: number;
  cr4: number;
  cs: number;
}

function fromVcpu(r: X86Vcpu): Regs {
  const gprs = [r.eax, r.ebx, r.ecx, r.edx, r.esi, r.edi, r.ebp, r.esp, 0, 0, 0, 0, 0, 0, 0, 0];
  return { rip: r.eip, rflags: r.eflags, gprs, cr0: r.cr0, cr3: r.cr3, cr4: r.cr4, cs: r.cs };
}

function registers(s: Regs, context: string, em: string, pv: string, p: Print): void {
  const g = s.gprs.map((x) => h16(x >>> 0));
  p(`RIP:    ${h4(s.cs)}:[<${h16(s.rip >>> 0)}>]`);
  p(`RFLAGS: ${h16(s.rflags >>> 0)}   ${em}CONTEXT: ${context}${pv}`);
  p(`rax: ${g[0]}   rbx: ${g[1]}   rcx: ${g[2]}`);
  p(`rdx: ${g[3]}   rsi: ${g[4]}   rdi: ${g[5]}`);
  p(`rbp: ${g[6]}   rsp: ${g[7]}   r8:  ${g[8]}`);
  p(`r9:  ${g[9]}   r10: ${g[10]}   r11: ${g[11]}`);
  p(`r12: ${g[12]}   r13: ${g[13]}   r14: ${g[14]}`);
  p(`r15: ${g[15]}   cr0: ${h16(s.cr0 >>> 0)}   cr4: ${h16(s.cr4 >>> 0)}`);
  p(`cr3: ${h16(s.cr3 >>> 0)}   cr2: ${h16(0)}`);
  p(`fsb: ${h16(0)}   gsb: ${h16(0)}   gss: ${h16(0)}`);
  p(`ds: 0000   es: 0000   fs: 0000   gs: 0000   ss: 0000   cs: ${h4(s.cs)}`);
}

/** show_execution_state(guest_cpu_user_regs()) of a pCPU running `v`. */
export function x86GuestState(ctx: HypervisorContext, d: Domain, v: Vcpu, cpu: number, p: Print) {
  const r = v.regs as X86Vcpu;
  p(xenBanner(ctx, "x86_64"));
  p(`CPU:    ${cpu}`);
  const pv = !d.isHvm;
  registers(
    fromVcpu(r),
    pv ? "pv guest" : "hvm guest",
    pv ? "EM: 0   " : "",
    ` (d${d.domid}v${v.vcpuId})`,
    p,
  );
  if (pv) pvGuestStack(d, r, p);
}

export function x86HostState(ctx: HypervisorContext, cpu: number, p: Print): void {
  p(xenBanner(ctx, "x86_64"));
  p(`CPU:    ${cpu}`);
  const zero: Regs = {
    rip: 0,
    rflags: 0,
    gprs: new Array<number>(16).fill(0),
    cr0: 0,
    cr3: 0,
    cr4: 0,
    cs: 0xe008,
  };
  registers(zero, "hypervisor", "", "", p);
}

/** show_guest_stack() for a 64-bit PV vCPU: the words from rsp to the end of its page. */
function pvGuestStack(d: Domain, r: X86Vcpu, p: Print): void {
  const rsp = r.esp >>> 0;
  p(`Guest stack trace from rsp=${h16(rsp)}:`);
  const gpa = d.memory.translate(rsp);
  if (gpa === undefined || !printStackWords(d.memory, gpa, p)) {
    p("  Fault while accessing guest memory.");
  }
}
