/**
 * Cached typed-array views over a v86 CPU's state in wasm memory. v86's own accessors
 * (cpu.reg32, cpu.cr, ...) are Proxies that allocate a typed array per access, which
 * makes a hypercall 5-7x slower (shared/reference/v86.md); these views are built once
 * and rebuilt only when wasm memory grows (its buffer is then replaced).
 */
import type { V86Cpu } from "v86";

/** Indices into `regs` (v86's reg32 order). */
export const REG = { EAX: 0, ECX: 1, EDX: 2, EBX: 3, ESP: 4, EBP: 5, ESI: 6, EDI: 7 } as const;
/** Indices into `sreg`. */
export const SREG = { ES: 0, CS: 1, SS: 2, DS: 3, FS: 4, GS: 5 } as const;

export class CpuView {
  regs!: Int32Array;
  cr!: Int32Array;
  sreg!: Uint16Array;
  ip!: Int32Array;
  segBase!: Int32Array;
  inHlt!: Uint8Array;
  /** Current privilege level. */
  cpl!: Uint8Array;
  idtrSize!: Int32Array;
  /** Guest-physical RAM. */
  ram!: Uint8Array;
  /** All of the instance's wasm memory (device state such as the PICs lives there). */
  wasm8!: Uint8Array;
  private readonly offsets: {
    regs: number;
    cr: number;
    sreg: number;
    ip: number;
    segBase: number;
    inHlt: number;
    cpl: number;
    idtrSize: number;
    ram: number;
    ramSize: number;
  };

  constructor(private readonly cpu: V86Cpu) {
    this.offsets = {
      regs: cpu.reg32.byteOffset,
      cr: cpu.cr.byteOffset,
      sreg: cpu.sreg.byteOffset,
      ip: cpu.instruction_pointer.byteOffset,
      segBase: cpu.segment_offsets.byteOffset,
      inHlt: cpu.in_hlt.byteOffset,
      cpl: cpu.cpl.byteOffset,
      idtrSize: cpu.idtr_size.byteOffset,
      ram: cpu.mem8.byteOffset,
      ramSize: cpu.mem8.length,
    };
    this.refresh();
  }

  /**
   * Rebuild the views if wasm memory grew since they were made. Growing detaches the
   * old buffer, and a view of a detached buffer has length 0: a cheaper test than
   * reading wasm_memory.buffer on every hypercall.
   */
  check(): void {
    if (this.regs.length === 0) this.refresh();
  }

  get ramSize(): number {
    return this.offsets.ramSize;
  }

  private refresh(): void {
    const b = this.cpu.wasm_memory.buffer;
    const o = this.offsets;
    this.regs = new Int32Array(b, o.regs, 8);
    this.cr = new Int32Array(b, o.cr, 8);
    this.sreg = new Uint16Array(b, o.sreg, 8);
    this.ip = new Int32Array(b, o.ip, 1);
    this.segBase = new Int32Array(b, o.segBase, 8);
    this.inHlt = new Uint8Array(b, o.inHlt, 1);
    this.cpl = new Uint8Array(b, o.cpl, 1);
    this.idtrSize = new Int32Array(b, o.idtrSize, 1);
    this.ram = new Uint8Array(b, o.ram, o.ramSize);
    this.wasm8 = new Uint8Array(b);
  }
}
