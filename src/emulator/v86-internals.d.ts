/**
 * The v86 internals the lab uses, typed in one place (v86.d.ts covers only the public
 * API). They exist in the pinned v86 0.5.462 (libv86.mjs keeps these property names);
 * a v86 upgrade must re-check every one (see shared/reference/v86.md).
 *
 * Typed arrays marked "view" are Proxies in v86 that build a new typed array on each
 * access (they follow wasm memory growth): read only their byteOffset/length once and
 * build cached views from wasm_memory.buffer (cpu-view.ts).
 */
import "v86";

declare module "v86" {
  interface V86IoPorts {
    register_write(
      port: number,
      thisObj: unknown,
      w8?: (value: number) => void,
      w16?: (value: number) => void,
      w32?: (value: number) => void,
    ): void;
    register_read(
      port: number,
      thisObj: unknown,
      r8?: () => number,
      r16?: () => number,
      r32?: () => number,
    ): void;
  }

  interface V86Cpu {
    readonly io: V86IoPorts;
    readonly wasm_memory: WebAssembly.Memory;
    /** view: EAX ECX EDX EBX ESP EBP ESI EDI. */
    readonly reg32: Int32Array;
    /** view: CR0..CR7. */
    readonly cr: Int32Array;
    /** view: ES CS SS DS FS GS TR LDTR. */
    readonly sreg: Uint16Array;
    /** view: the linear instruction pointer. */
    readonly instruction_pointer: Int32Array;
    /** view: segment bases (for EIP = linear IP - CS base). */
    readonly segment_offsets: Int32Array;
    readonly in_hlt: Uint8Array;
    /** view: current privilege level. */
    readonly cpl: Uint8Array;
    readonly idtr_size: Int32Array;
    /** view: guest physical memory. */
    readonly mem8: Uint8Array;
    get_eflags(): number;
    device_raise_irq(line: number): void;
    device_lower_irq(line: number): void;
    jit_dirty_cache(start: number, end: number): void;
    /** The JIT: compiles a block's wasm asynchronously, then calls ..._finished. */
    codegen_finalize(index: number, start: number, flags: number, ptr: number, len: number): void;
    codegen_finalize_finished(index: number, start: number, flags: number): void;
    /** Address in wasm memory of the master/slave 8259 state (#[repr(C)] Pic0). */
    get_pic_addr_master(): number;
    get_pic_addr_slave(): number;
  }

  /** The emulator core (src/main.js `v86`): ticks and their scheduling. */
  interface V86Core {
    readonly cpu: V86Cpu;
    running: boolean;
    stopping: boolean;
    idle: boolean;
    tick_counter: number;
    run(): void;
    stop(): void;
    do_tick(): void;
    yield_callback(tick: number): void;
    /** Replaced per instance by the lab's scheduler (scheduler.ts). */
    yield(t: number, tick: number): void;
    unregister_yield(): void;
  }

  interface V86 {
    /** Set once "emulator-loaded" fired. */
    readonly v86: V86Core;
  }
}
