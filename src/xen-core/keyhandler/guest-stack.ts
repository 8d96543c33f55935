/**
 * The word loop of show_guest_stack() (xen/arch/{arm,x86}/traps.c): 64-bit words from
 * the stack pointer while the next word stays in the same page (Xen's test
 * `((stack - 1) ^ (stack + 1) - 1) & PAGE_SIZE`, so a page-aligned sp prints none),
 * at most debug_stack_lines (20) × stack_words_per_line (4), four to a line.
 */
import type { GuestMemory } from "../memory/guest-memory";
import { hexPad } from "../format";

const PAGE_SIZE = 4096;
const MAX_WORDS = 20 * 4;

/** Prints the words after the "Guest stack trace from ..." line; false if unmapped. */
export function printStackWords(mem: GuestMemory, gpa: number, p: (s: string) => void): boolean {
  if (!mem.isMapped(gpa - (gpa % PAGE_SIZE), PAGE_SIZE)) return false;
  const words: string[] = [];
  for (let a = gpa; words.length < MAX_WORDS; a += 8) {
    if (Math.floor((a - 1) / PAGE_SIZE) !== Math.floor((a + 7) / PAGE_SIZE)) break;
    const b = mem.readPhys(a, 8);
    const w = b ? new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true) : 0n;
    words.push(hexPad(w, 16));
  }
  if (words.length === 0) p("  Stack empty.");
  for (let i = 0; i < words.length; i += 4) p(`   ${words.slice(i, i + 4).join(" ")}`);
  return true;
}
