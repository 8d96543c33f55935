/**
 * How a modelled kernel traps into Xen from one of its vCPUs, with the architecture's
 * calling convention (xen/include/public/arch-arm.h, xen/arch/x86/hvm/hypercall.c):
 * - Arm: the number in x16 (AArch64) or r12 (AArch32), arguments x0..x4, `HVC #0xEA1`
 *   through the full trap path (debug builds clobber the argument registers, so the
 *   kernel reloads them every call, as Linux's hypercall stubs do); result in x0.
 * - x86 (32-bit, as labkernel): EAX number, EBX ECX EDX ESI EDI arguments, result EAX.
 * Struct arguments live in the kernel's scratch page (guest physical = virtual: the
 * modelled kernel runs with its MMU off / identity-mapped).
 */
import { XEN_HYPERCALL_TAG } from "../abi/arch-arm";
import type { Hypervisor } from "../hypervisor/hypervisor";
import { StructBuf } from "../memory/struct-buf";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import type { Vcpu } from "../vcpu/vcpu";
import type { X86Vcpu } from "../vcpu/x86-vcpu";

const LOW32 = 0xffffffffn;

export class GuestCpu {
  constructor(
    private readonly hv: Hypervisor,
    readonly domid: number,
    /** Guest-physical address of the kernel's scratch page for hypercall structs. */
    readonly scratchGpa: number,
  ) {}

  private get memory() {
    return this.hv.domain(this.domid)!.memory;
  }

  /** Trap into Xen from `v` with hypercall `nr`; returns the signed result. */
  call(v: Vcpu, nr: number, args: readonly (bigint | number)[]): number {
    const a = [0, 1, 2, 3, 4].map((i) => BigInt(args[i] ?? 0));
    const r = v.regs;
    if (r instanceof ArmVcpu) {
      const aarch32 = r.executingAArch32;
      const put = (i: number, val: bigint) => {
        r.x[i] = aarch32 ? (r.x[i]! & ~LOW32 & 0xffffffffffffffffn) | (val & LOW32) : val;
      };
      put(aarch32 ? 12 : 16, BigInt(nr));
      a.forEach((val, i) => put(i, BigInt.asUintN(64, val)));
      this.hv.armHvc(v, XEN_HYPERCALL_TAG);
      return aarch32 ? Number(BigInt.asIntN(32, r.x[0]!)) : Number(BigInt.asIntN(64, r.x[0]!));
    }
    const x = r as X86Vcpu;
    x.eax = nr;
    const r32 = a.map((val) => Number(val & LOW32));
    x.ebx = r32[0]!;
    x.ecx = r32[1]!;
    x.edx = r32[2]!;
    x.esi = r32[3]!;
    x.edi = r32[4]!;
    const ret = this.hv.hypercall(
      v,
      nr,
      [x.ebx, x.ecx, x.edx, x.esi, x.edi].map((n) => BigInt(n >>> 0)),
    );
    x.eax = ret >>> 0;
    return ret;
  }

  /** Hypercall with a struct argument built in the scratch page (argument `argIndex`). */
  structCall(
    v: Vcpu,
    nr: number,
    cmd: number,
    size: number,
    fill: (s: StructBuf) => void,
    argIndex = 1,
    extra: readonly (bigint | number)[] = [],
  ): { ret: number; out: StructBuf } {
    const s = new StructBuf(size);
    fill(s);
    this.memory.writePhys(this.scratchGpa, s.bytes);
    const args: (bigint | number)[] = [cmd, ...extra];
    args[argIndex] = this.scratchGpa;
    const ret = this.call(v, nr, args);
    const back = this.memory.readPhys(this.scratchGpa, size);
    return { ret, out: new StructBuf(back ?? new Uint8Array(size)) };
  }
}
