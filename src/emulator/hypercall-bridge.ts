/**
 * The hypercall bridge: labkernel's `out %eax, $0xEA` lands here, synchronously,
 * inside the guest's instruction. It does what Xen's x86 HVM entry does for a 32-bit
 * guest (xen-core/hypercall/x86-hvm-call.ts): sample the vCPU's mode, refuse CPL > 0,
 * read the argument registers the hypercall has (EBX, ECX, EDX, ESI, EDI), call the
 * model, put the result in EAX, and in a debug build poison the used argument
 * registers with 0xDEADF00D.
 *
 * It allocates nothing per call but the BigInts of the arguments the hypercall reads:
 * the argument array is reused and the register views are cached (cpu-view.ts).
 */
import { XEN_ERRNO } from "../xen-core/abi/errno";
import {
  HVM32_CLOBBER_POISON,
  HYPERCALL_ARGS_HVM32,
  hvm32Clobbered,
  hvm32Refusal,
} from "../xen-core/hypercall/x86-hvm-call";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import type { Vcpu } from "../xen-core/vcpu/vcpu";
import { REG, type CpuView } from "./cpu-view";
import type { ModeSampler } from "./mode-sampler";

/** Argument registers in Xen's x86-32 order. */
const ARG_REGS = [REG.EBX, REG.ECX, REG.EDX, REG.ESI, REG.EDI] as const;
const CR0_PE = 1;
const EFLAGS_VM = 1 << 17;
/** Registers read per hypercall number (all five for numbers Xen does not have). */
const ARGC = new Uint8Array(64).fill(5);
for (const [nr, n] of Object.entries(HYPERCALL_ARGS_HVM32)) ARGC[Number(nr)] = n;

/**
 * BigInts of small register values, made once: commands, flags and NULL pointers are
 * most arguments, and making a BigInt costs more than the rest of a call's argument
 * handling.
 */
const SMALL = Array.from({ length: 4096 }, (_, i) => BigInt(i));
function toBigInt(v: number): bigint {
  return v < 4096 ? SMALL[v]! : BigInt(v);
}

export class HypercallBridge {
  private readonly args: bigint[] = [0n, 0n, 0n, 0n, 0n];

  constructor(
    private readonly view: CpuView,
    private readonly sampler: ModeSampler,
    private readonly hv: Hypervisor,
    private readonly vcpu: Vcpu,
    /** Counts the hypercalls handled. */
    private readonly stats: { hypercalls: number },
  ) {}

  /** The port handler: EAX (the hypercall number) is the value written. */
  call(eax: number): void {
    const view = this.view;
    const nr = eax >>> 0;
    this.sampler.sample(nr);
    this.stats.hypercalls++;
    const refused = hvm32Refusal(
      (view.cr[0]! & CR0_PE) !== 0,
      (this.sampler.eflags & EFLAGS_VM) !== 0,
      view.cpl[0]!,
    );
    if (refused !== undefined) {
      view.regs[REG.EAX] = refused;
      return;
    }
    const n = nr < ARGC.length ? ARGC[nr]! : 5;
    const g = view.regs;
    const a = this.args;
    for (let i = 0; i < 5; i++) a[i] = i < n ? toBigInt(g[ARG_REGS[i]!]! >>> 0) : 0n;
    const ret = this.hv.hypercall(this.vcpu, nr, a);
    view.check(); // the model may have raised our upcall: wasm ran meanwhile
    const r = view.regs;
    r[REG.EAX] = ret;
    const poisoned = ret === -XEN_ERRNO.ENOSYS ? 0 : hvm32Clobbered(this.hv.profile, nr, ret);
    for (let i = 0; i < poisoned; i++) r[ARG_REGS[i]!] = HVM32_CLOBBER_POISON | 0;
  }
}
