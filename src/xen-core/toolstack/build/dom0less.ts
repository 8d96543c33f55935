/**
 * The arm64 boot-time path: how Xen itself builds dom0 (xen/arch/arm/domain_build.c
 * create_dom0, construct_dom0) and dom0less domains (xen/common/device-tree/
 * dom0less-build.c create_domUs, construct_domU), for the lab's second build path. No
 * hypercalls: this is Xen's own code at boot, like the lab's dom0 boot.
 *
 * Order, the point of it: the domain is created (type 32 on upstream, from the zeroed
 * struct), vCPU0 is created (AArch32, RW clear), the kernel is probed, set_domain_type()
 * copies the probed type (it must happen before memory is allocated), memory is
 * allocated, then construct_domain() refuses a 32-bit kernel on a CPU without AArch32 at
 * EL1 ("Platform does not support 32-bit domain"), switches vCPU0 to AArch64 for a
 * 64-bit kernel, and creates the other vCPUs (switching each). Any failure panics Xen.
 *
 * The lab keeps running after such a panic (a real host reboots); the domain being
 * built is removed. `hardwareDomain` replays dom0's construction on a scratch domain:
 * the lab's own dom0 already exists and is left alone.
 */
import { HCR_RW, PSR_GUEST32_INIT, PSR_GUEST64_INIT, GUEST_RAM0_BASE } from "../../abi/arch-arm";
import { XEN_ERRNO } from "../../abi/errno";
import { libxlDefaultConfig } from "../../domctl/createdomain-config";
import { domainCreate } from "../../domain/domain-create";
import type { Hypervisor } from "../../hypervisor/hypervisor";
import { cdfMask } from "../../profiles/profiles";
import type { ArmVcpu } from "../../vcpu/arm-vcpu";
import { paddr, xenKernelProbe } from "../kernel/hv-probe";
import { BOOT_MODULE_ADDR } from "../kernel/probe";
import type { KernelSource } from "../kernel/source";

export interface BootBuildRequest {
  readonly name: string;
  readonly kernel: KernelSource | undefined;
  readonly memoryKb: number;
  readonly vcpus: number;
  readonly cmdline?: string;
  readonly hardwareDomain?: boolean;
}

export interface BootBuildResult {
  /** 0, or the rc Xen panicked with. */
  readonly rc: number;
  readonly domid?: number;
  readonly panic?: string;
}

const MB = 1024 * 1024;

export function bootTimeBuild(hv: Hypervisor, req: BootBuildRequest): BootBuildResult {
  const con = hv.console;
  const flags = cdfMask(hv.profile, ["hvm", "hap"]);
  const cfg = libxlDefaultConfig("arm64", flags, Math.max(1, req.vcpus));
  cfg.maxEvtchnPort = 0x7fffffff;
  const domid = hv.domids.alloc(0x7ff5);
  const label = req.hardwareDomain ? `d${domid}` : req.name;
  const created = domainCreate(hv, domid, cfg);
  if (!("vcpus" in created)) {
    hv.domids.free(domid);
    return panic(hv, `Error creating domain ${label} (rc = ${created.ret})`, created.ret);
  }
  const d = created;
  hv.stateChange(domid, "domain-created", `boot-time build, type ${d.type}-bit`);
  if (req.hardwareDomain) con.printk("*** LOADING DOMAIN 0 ***");
  else
    con.printk(`*** LOADING DOMU cpus=${d.maxVcpus} memory=0x${req.memoryKb.toString(16)}KB ***`);
  const v0 = hv.createVcpu(d, 0);
  d.maxPages = Math.floor(req.memoryKb / 4);

  const probe = xenKernelProbe(req.kernel, `d${domid}`, BOOT_MODULE_ADDR, (l) => con.printk(l));
  const fail = (rc: number) => {
    removeDomain(hv, domid);
    return panic(
      hv,
      req.hardwareDomain
        ? `Could not set up d${domid} guest OS (rc = ${rc})`
        : `Could not set up domain ${req.name} (rc = ${rc})`,
      rc,
    );
  };
  if (!probe.info) return fail(probe.rc);
  const info = probe.info;

  // set_domain_type(): before any memory; vCPU0 keeps its mode for now.
  if (d.type !== info.type) {
    d.type = info.type;
    hv.stateChange(domid, "domain-type", `set to ${info.type}-bit (set_domain_type)`);
  }
  // allocate_memory(): bank 0 from GUEST_RAM0_BASE.
  const pages = Math.floor(req.memoryKb / 4);
  d.ram.populateRange(GUEST_RAM0_BASE / 4096, pages);
  hv.stateChange(domid, "populate-physmap", `tot_pages ${d.totPages}`);

  // construct_domain().
  if (!hv.host.aarch32El1 && info.type === 32) {
    con.printk("Platform does not support 32-bit domain");
    return fail(-XEN_ERRNO.EINVAL);
  }
  if (info.type === 64) switchTo64(hv, domid, v0.regs as ArmVcpu);
  const bankStart = GUEST_RAM0_BASE;
  const bankSize = req.memoryKb * 1024;
  let load: number;
  if (info.type === 64 && info.start === 0) load = bankStart + Number(info.textOffset);
  else if (info.start === 0) {
    const end = Math.min(bankStart + 128 * MB, bankStart + bankSize);
    if (end - bankStart < info.len) {
      removeDomain(hv, domid);
      return panic(hv, "Unable to find suitable location for the kernel", -XEN_ERRNO.EINVAL);
    }
    load = (end - info.len) & ~(2 * MB - 1);
  } else load = info.start;
  const from = BOOT_MODULE_ADDR + (info.format === "uImage" ? 64 : 0);
  con.printk(`Loading zImage from ${paddr(from)} to ${paddr(load)}-${paddr(load + info.len)}`);
  const r = v0.regs as ArmVcpu;
  r.pc = BigInt(info.entry || load);
  r.cpsr = info.type === 64 ? PSR_GUEST64_INIT : PSR_GUEST32_INIT;
  for (let i = 1; i < d.maxVcpus; i++) {
    const v = hv.createVcpu(d, i);
    if (info.type === 64) switchTo64(hv, domid, v.regs as ArmVcpu);
  }
  v0.initialised = true;
  v0.online = true;
  v0.blocked = true;
  // The end of boot unpauses every domain (domain_unpause_by_systemcontroller).
  d.controllerPauseCount = 0;
  d.creationFinished = true;
  hv.stateChange(domid, "unpaused", "end of boot");
  return { rc: 0, domid };
}

/** vcpu_switch_to_aarch64_mode(). */
function switchTo64(hv: Hypervisor, domid: number, r: ArmVcpu): void {
  if (r.hcrRw) return;
  r.hcrEl2 |= HCR_RW;
  hv.stateChange(domid, "vcpu-mode", "AArch32 -> AArch64 (HCR_EL2.RW 1)", r.vcpuId);
}

function removeDomain(hv: Hypervisor, domid: number): void {
  hv.domains.delete(domid);
  hv.domids.free(domid);
  hv.stateChange(domid, "destroyed", "boot-time build abandoned");
}

/** panic() (xen/drivers/char/console.c) as it appears in the ring. */
function panic(hv: Hypervisor, message: string, rc: number): BootBuildResult {
  const con = hv.console;
  con.printk("");
  con.printk("****************************************");
  con.printk("Panic on CPU 0:");
  con.printk(message);
  con.printk("****************************************");
  con.printk("");
  con.printk("Reboot in five seconds...");
  hv.stateChange(0, "panic", message);
  return { rc, panic: message };
}
