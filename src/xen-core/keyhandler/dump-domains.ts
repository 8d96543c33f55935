/**
 * Debug key 'q': dump_domains() (xen/common/keyhandler.c) with the arch hooks it
 * calls: arch_dump_domain_info / arch_dump_vcpu_info (Arm: p2m_dump_info in
 * xen/arch/arm/mmu/p2m.c, gic_dump_info + gic_dump_vgic_info in xen/arch/arm/gic.c and
 * gic-vgic.c; x86: paging_dump_domain_info / paging_dump_vcpu_info in
 * xen/arch/x86/mm/paging.c), rangeset_domain_printk (xen/common/rangeset.c) and
 * dump_pageframe_info (empty on Arm, xen/arch/x86/domain.c on x86).
 *
 * The layout is golden-tested against shared/reference/xen-4.17-oracle.md. What the
 * model has no state for is a fixed value, each one named below:
 * - `now`: the model has no clock; it prints the trace's sequence number in ns.
 * - refcnt is 3 (the oracle's value for every live domain) and vCPU pause_count 0.
 * - upcall_pend is 0 and the VIRQ_DEBUG port 0 until the event-channel model provides
 *   vcpu_info and virq_to_evtchn (the merge connects them through the keyhandler).
 * - XenPage frame numbers are stand-ins (Xen's host frames are not modelled).
 */
import type { Domain } from "../domain/domain";
import { vcpuProcessor, NR_PCPUS } from "../domctl/toolstack-ops";
import type { HypervisorContext } from "../hypervisor/context";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import type { Vcpu } from "../vcpu/vcpu";
import { PSR_IRQ_MASK } from "../abi/arch-arm";
import { dumpArmP2m } from "./arm-p2m-dump";
import { cpumaskList } from "./cpumask";

/** VIRQ_DEBUG (xen/include/public/xen.h). */
const VIRQ_DEBUG = 1;
/** GICH list registers of the modelled hosts (QEMU virt: 4 on GICv2 and GICv3). */
const NR_LRS = 4;
/** VPF_blocked, VPF_down (xen/include/xen/sched.h). */
const VPF_BLOCKED = 1 << 0;
const VPF_DOWN = 1 << 1;
/** x86 EFLAGS.IF. */
const X86_EFLAGS_IF = 1 << 9;

export function dumpDomains(ctx: HypervisorContext, key: string): void {
  const p = (s: string): void => ctx.console.printk(s);
  p(`'${key}' pressed -> dumping domain info (now = ${ctx.trace.seq})`);
  const domains = [...ctx.domains.values()].sort((a, b) => a.domid - b.domid);
  for (const d of domains) dumpDomain(ctx, d, p);
  for (const d of domains) {
    for (const v of d.vcpus) {
      if (!v) continue;
      p(`Notifying guest ${d.domid}:${v.vcpuId} (virq ${VIRQ_DEBUG}, port 0)`);
    }
  }
  // arch_dump_shared_mem_info(): the oracle's x86 build has CONFIG_MEM_SHARING.
  if (ctx.arch === "x86_64") p("Shared frames 0 -- Saved frames 0");
}

function dumpDomain(ctx: HypervisorContext, d: Domain, p: (s: string) => void): void {
  const dirty = d.vcpus.filter((v): v is Vcpu => v !== undefined && vcpuDirty(d, v));
  const dirtyCpus = dirty.map((v) => vcpuProcessor(d.domid, v.vcpuId));
  p(`General information for domain ${d.domid}:`);
  p(`    refcnt=3 dying=${d.isDying} pause_count=${d.controllerPauseCount}`);
  p(
    `    nr_pages=${d.totPages} xenheap_pages=2 dirty_cpus={${cpumaskList(dirtyCpus)}} ` +
      `max_pages=${d.maxPages}`,
  );
  p(`    handle=${handleText(d.handle)} vm_assist=${vmAssist(ctx, d)}`);
  if (ctx.arch === "arm64") dumpArmP2m(d, p);
  else if (d.isHvm) p("    paging assistance: hap refcounts translate external ");
  rangesets(ctx, d, p);
  if (ctx.arch === "x86_64") pageframes(d, p);
  p(`NODE affinity for domain ${d.domid}: [0]`);
  p(`VCPU information and callbacks for domain ${d.domid}:`);
  const all = cpumaskList([...Array(NR_PCPUS).keys()]);
  for (const v of d.vcpus) {
    if (!v) continue;
    const cpu = vcpuProcessor(d.domid, v.vcpuId);
    p(`  UNIT${v.vcpuId} affinities: hard={${all}} soft={${all}}`);
    const mask = upcallMask(d, v) ? "01" : "00";
    const dirtyText = vcpuDirty(d, v) ? `dirty_cpu=${cpu}` : "";
    p(
      `    VCPU${v.vcpuId}: CPU${cpu} [has=${v.running ? "T" : "F"}] poll=0 ` +
        `upcall_pend=00 upcall_mask=${mask} ${dirtyText}`,
    );
    const flags = (v.blocked ? VPF_BLOCKED : 0) | (v.online ? 0 : VPF_DOWN);
    p(`    pause_count=0 pause_flags=${flags.toString(16)}`);
    if (v.regs instanceof ArmVcpu) {
      // The handler runs in the context of the dom0 vCPU that issued the sysctl: its
      // list registers are read live (HW_LR), every other vCPU's from its save area.
      const current = d.domid === 0 && v.running;
      const lr = current ? "HW_LR" : "VCPU_LR";
      p(`GICH_LRs (vcpu ${v.vcpuId}) mask=0`);
      for (let i = 0; i < NR_LRS; i++) p(`   ${lr}[${i}]=0`);
    } else if (d.isHvm) {
      p(`    paging assistance: hap, ${hapGuestLevels(v)} levels`);
    }
    p("No periodic timer");
  }
}

/**
 * vcpu_cpu_dirty(): the vCPU's state is still loaded on a pCPU. The running vCPU is;
 * so are dom0's idle vCPUs, whose pCPUs switched to idle lazily (the oracle shows
 * dirty_cpu for both of dom0's and for no guest vCPU).
 */
function vcpuDirty(d: Domain, v: Vcpu): boolean {
  return v.running || (d.domid === 0 && v.online);
}

/** !vcpu_event_delivery_is_enabled(v). */
function upcallMask(d: Domain, v: Vcpu): boolean {
  if (v.regs instanceof ArmVcpu) return (v.regs.cpsr & PSR_IRQ_MASK) !== 0;
  if (d.isHvm) return (v.regs.eflags & X86_EFLAGS_IF) === 0;
  return false; // PV: vcpu_info's evtchn_upcall_mask, clear until the guest sets it.
}

/** hap_paging_{real,protected,pae}_mode guest_levels (xen/arch/x86/mm/hap/hap.c). */
function hapGuestLevels(v: Vcpu): number {
  if (v.regs instanceof ArmVcpu) return 0;
  if (v.regs.mode === "real") return 1;
  if (v.regs.mode === "protected") return 2;
  return v.regs.cr4 & (1 << 5) ? 3 : 2;
}

function handleText(h: Uint8Array): string {
  const x = [...h].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * d->vm_assist: what the guest kernel enabled. Linux as dom0 enables
 * writable_pagetables, pae_extended_cr3 and runstate_update_flag on x86 (0x2d, the
 * oracle's) and runstate_update_flag on Arm (UNVERIFIED: no Arm 'q' oracle); modelled
 * guests enable none.
 */
function vmAssist(ctx: HypervisorContext, d: Domain): string {
  const v = d.domid !== 0 ? 0 : ctx.arch === "x86_64" ? 0x2d : 0x20;
  return v.toString(16).padStart(8, "0");
}

/**
 * rangeset_domain_printk(): the list is built by list_add (newest first), and Xen
 * creates the arch sets before the common ones, hence this order. The hardware
 * domain's sets are the modelled hosts': x86 from the oracle; Arm's hold QEMU virt's
 * devices given to dom0 (UNVERIFIED: no Arm 'q' oracle).
 */
function rangesets(ctx: HypervisorContext, d: Domain, p: (s: string) => void): void {
  p(`Rangesets belonging to domain ${d.domid}:`);
  const dom0 = d.domid === 0;
  const set = (name: string, ranges: string): void =>
    p(`    ${name.padEnd(10)} {${ranges ? ` ${ranges}` : ""} }`);
  if (ctx.arch === "x86_64") {
    set("Interrupts", dom0 ? "1-23" : "");
    set("I/O Memory", dom0 ? "0-fedff, fef00-fcfffff" : "");
    set("I/O Ports", dom0 ? "0-1f, 22-3f, 44-60, 62-9f, a2-3f7, 400-607, 60c-cfb, d00-ffff" : "");
    set("log-dirty", "");
  } else {
    set("Interrupts", dom0 ? "34-39, 48-79" : "");
    set("I/O Memory", dom0 ? "0-7fff, 9010-9030, a000-a003, 10000-3efff, 3f000-3ffff" : "");
  }
}

/** dump_pageframe_info() (x86): two xenheap pages per domain (shared_info, grant frame). */
function pageframes(d: Domain, p: (s: string) => void): void {
  p(`Memory pages belonging to domain ${d.domid}:`);
  if (d.totPages >= 10 && d.isDying < 2) p("    DomPage list too long to display");
  if (d.isHvm) p("    PoD entries=0 cachesize=0");
  for (let i = 0; i < 2; i++) {
    const mfn = (0x7fdba - d.domid * 0x1000 - i * 0x4e).toString(16).padStart(16, "0");
    p(`    XenPage ${mfn}: caf=c000000000000002, taf=e400000000000002`);
  }
}
