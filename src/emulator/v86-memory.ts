/**
 * GuestMemory over a v86 guest's physical RAM: what Xen (the model) reads and writes
 * when it copies hypercall arguments or updates shared_info, vcpu_info and FIFO event
 * words of an emulated domain. Reads and writes go straight to the emulator's RAM, so
 * the guest reads exactly what the model wrote; writes invalidate v86's JIT cache for
 * the range, as DMA would. The VGA window (0xA0000-0xBFFFF) is device memory, not RAM.
 */
import type { GuestMemory } from "../xen-core/memory/guest-memory";
import type { CpuView } from "./cpu-view";
import { walkI386 } from "./page-walk";

const VGA_START = 0xa0000;
const VGA_END = 0xc0000;

export class V86GuestMemory implements GuestMemory {
  private readonly read32 = (pa: number): number | undefined => {
    if (!this.isMapped(pa, 4)) return undefined;
    const ram = this.view.ram;
    return (ram[pa]! | (ram[pa + 1]! << 8) | (ram[pa + 2]! << 16) | (ram[pa + 3]! << 24)) >>> 0;
  };

  constructor(
    private readonly view: CpuView,
    private readonly dirty: (start: number, end: number) => void,
  ) {}

  isMapped(gpa: number, length: number): boolean {
    if (!Number.isSafeInteger(gpa) || !Number.isSafeInteger(length) || gpa < 0 || length < 0) {
      return false;
    }
    if (gpa + length > this.view.ramSize) return false;
    return length === 0 || gpa + length <= VGA_START || gpa >= VGA_END;
  }

  readPhys(gpa: number, length: number, into?: Uint8Array): Uint8Array | undefined {
    if (!this.isMapped(gpa, length)) return undefined;
    this.view.check();
    const ram = this.view.ram;
    if (!into) return ram.slice(gpa, gpa + length);
    // Event bits and words are read a byte or four at a time, thousands of times a
    // second: no subarray object for those.
    if (length > 16) into.set(ram.subarray(gpa, gpa + length));
    else for (let i = 0; i < length; i++) into[i] = ram[gpa + i]!;
    return into;
  }

  writePhys(gpa: number, bytes: Uint8Array): boolean {
    if (!this.isMapped(gpa, bytes.length)) return false;
    this.view.check();
    if (bytes.length) this.dirty(gpa, gpa + bytes.length);
    this.view.ram.set(bytes, gpa);
    return true;
  }

  translate(gva: number): number | undefined {
    this.view.check();
    const cr = this.view.cr;
    return walkI386(this.read32, cr[0]!, cr[3]!, cr[4]!, gva);
  }
}
