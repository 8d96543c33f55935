/**
 * The domain builder's part for an HVM labkernel (what libxc's xc_dom_* does for a
 * direct kernel boot): place the kernel's ELF segments in guest RAM, write a
 * multiboot v1 information block (command line, memory map, the resume kernel as a
 * module, boot loader name "labfw"), and leave labfw a boot block saying where to
 * jump. A PVH labkernel does not need this: v86's own multiboot loader enters it.
 *
 * Layout (guest physical): multiboot info at 0x7C00 (where v86's loader puts it too),
 * its strings and tables after it, the boot block at 0x6000, the module page-aligned
 * after the kernel's highest segment.
 */
export const MBI_ADDRESS = 0x7c00;
export const BOOT_BLOCK_ADDRESS = 0x6000;
/** "LABF" as labfw reads it (little-endian dword). */
export const BOOT_BLOCK_MAGIC = 0x4642414c;
const MULTIBOOT_INFO_SIZE = 116;
const MBI_MEMORY = 1 << 0;
const MBI_CMDLINE = 1 << 2;
const MBI_MODS = 1 << 3;
const MBI_MMAP = 1 << 6;
const MBI_LOADER_NAME = 1 << 9;

export type PhysWriter = (pa: number, bytes: Uint8Array) => boolean;

export interface ElfImage {
  readonly entry: number;
  /** End of the highest PT_LOAD segment (memsz). */
  readonly top: number;
}

/** Copy an ELF32 image's PT_LOAD segments to their physical addresses (zeroing bss). */
export function loadElf32(elf: Uint8Array, write: PhysWriter): ElfImage {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (elf.length < 52 || dv.getUint32(0, false) !== 0x7f454c46 || elf[4] !== 1) {
    throw new Error("not an ELF32 image");
  }
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  let top = 0;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (dv.getUint32(ph, true) !== 1) continue; // PT_LOAD
    const offset = dv.getUint32(ph + 4, true);
    const paddr = dv.getUint32(ph + 12, true);
    const filesz = dv.getUint32(ph + 16, true);
    const memsz = dv.getUint32(ph + 20, true);
    const bytes = new Uint8Array(memsz);
    bytes.set(elf.subarray(offset, offset + filesz));
    if (!write(paddr, bytes)) throw new Error(`segment at 0x${paddr.toString(16)} is outside RAM`);
    top = Math.max(top, paddr + memsz);
  }
  return { entry, top };
}

export interface MultibootBoot {
  readonly kernel: Uint8Array;
  readonly module?: Uint8Array;
  readonly cmdline: string;
  readonly ramBytes: number;
}

/** Load the kernel and module, write the multiboot info and labfw's boot block. */
export function buildMultibootBoot(boot: MultibootBoot, write: PhysWriter): ElfImage {
  const image = loadElf32(boot.kernel, write);
  const info = new DataView(new ArrayBuffer(MULTIBOOT_INFO_SIZE));
  const data: number[] = [];
  const dataBase = MBI_ADDRESS + MULTIBOOT_INFO_SIZE;
  const put = (bytes: Iterable<number>): number => {
    const at = dataBase + data.length;
    for (const b of bytes) data.push(b);
    return at;
  };
  const cstring = (s: string) => put([...new TextEncoder().encode(s), 0]);
  let flags = MBI_MEMORY | MBI_CMDLINE | MBI_MMAP | MBI_LOADER_NAME;
  info.setUint32(4, 640, true); // mem_lower, KiB
  info.setUint32(8, Math.floor((boot.ramBytes - 0x100000) / 1024), true); // mem_upper
  info.setUint32(16, cstring(boot.cmdline), true);
  const mmap: number[] = [];
  const region = (base: number, len: number) => {
    const e = new DataView(new ArrayBuffer(24));
    e.setUint32(0, 20, true);
    e.setUint32(4, base, true);
    e.setUint32(12, len, true);
    e.setUint32(20, 1, true); // available
    mmap.push(...new Uint8Array(e.buffer));
  };
  region(0, 0x9fc00);
  region(0x100000, boot.ramBytes - 0x100000);
  info.setUint32(44, mmap.length, true);
  info.setUint32(48, put(mmap), true);
  info.setUint32(64, cstring("labfw"), true);
  if (boot.module) {
    const start = Math.ceil(image.top / 4096) * 4096;
    if (!write(start, boot.module)) throw new Error("the module does not fit in RAM");
    const mod = new DataView(new ArrayBuffer(16));
    mod.setUint32(0, start, true);
    mod.setUint32(4, start + boot.module.length, true);
    flags |= MBI_MODS;
    info.setUint32(20, 1, true);
    info.setUint32(24, put(new Uint8Array(mod.buffer)), true);
  }
  info.setUint32(0, flags, true);
  write(MBI_ADDRESS, new Uint8Array(info.buffer));
  write(dataBase, Uint8Array.from(data));
  const block = new DataView(new ArrayBuffer(12));
  block.setUint32(0, BOOT_BLOCK_MAGIC, true);
  block.setUint32(4, image.entry, true);
  block.setUint32(8, MBI_ADDRESS, true);
  write(BOOT_BLOCK_ADDRESS, new Uint8Array(block.buffer));
  return image;
}
