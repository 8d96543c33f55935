/**
 * The debug keys a Xen build registers (xen/common/keyhandler.c key_table plus every
 * register_keyhandler() call compiled into the build).
 *
 * x86: the keys the x86 oracle's `xl debug-keys h` listed (Xen 4.17 on an AMD host,
 * shared/reference/xen-4.17-oracle.md), plus '?' ("show system information"), which
 * key_table gained after 4.17.
 * arm64: key_table's keys plus the common and driver registrations an arm64 build with
 * default options compiles (console.c + - G w, event_channel.c e, grant_table.c g,
 * timer.c a, page_alloc.c m H); no x86-only handlers, no IOMMU (none on the host),
 * no NUMA, livepatch, kexec or debugtrace (off by default on Arm).
 */
import type { HostArch } from "../hypervisor/host";

export interface KeyHandler {
  readonly key: string;
  readonly desc: string;
}

const COMMON: readonly KeyHandler[] = [
  { key: "*", desc: "print all diagnostics" },
  { key: "+", desc: "increase log level threshold" },
  { key: "-", desc: "decrease log level threshold" },
  { key: "0", desc: "dump Dom0 registers" },
  { key: "?", desc: "show system information" },
  { key: "A", desc: "toggle alternative key handling" },
  { key: "G", desc: "toggle host/guest log level adjustment" },
  { key: "H", desc: "dump heap info" },
  { key: "R", desc: "reboot machine" },
  { key: "a", desc: "dump timer queues" },
  { key: "d", desc: "dump registers" },
  { key: "e", desc: "dump evtchn info" },
  { key: "g", desc: "print grant table usage" },
  { key: "h", desc: "show this message" },
  { key: "m", desc: "memory info" },
  { key: "q", desc: "dump domain (and guest debug) info" },
  { key: "r", desc: "dump run queues" },
  { key: "t", desc: "display multi-cpu clock info" },
  { key: "w", desc: "synchronously dump console ring buffer (dmesg)" },
];

const X86_ONLY: readonly KeyHandler[] = [
  { key: "%", desc: "trap to xendbg" },
  { key: "I", desc: "dump HVM irq info" },
  { key: "M", desc: "dump MSI state" },
  { key: "N", desc: "trigger an NMI" },
  { key: "Q", desc: "dump PCI devices" },
  { key: "c", desc: "dump ACPI Cx structures" },
  { key: "i", desc: "dump interrupt bindings" },
  { key: "n", desc: "NMI statistics" },
  { key: "s", desc: "dump softtsc stats" },
  { key: "u", desc: "dump NUMA info" },
  { key: "v", desc: "dump AMD-V VMCBs" },
  { key: "x", desc: "print livepatch info" },
  { key: "z", desc: "dump IOAPIC info" },
];

/** The build's handlers in key_table order (by ASCII code), as 'h' lists them. */
export function keyTable(arch: HostArch): readonly KeyHandler[] {
  const all = arch === "x86_64" ? [...COMMON, ...X86_ONLY] : [...COMMON];
  return all.sort((a, b) => a.key.charCodeAt(0) - b.key.charCodeAt(0));
}
