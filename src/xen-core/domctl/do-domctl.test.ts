// do_domctl (xen/common/domctl.c): interface version, lookup, XSM dummy policy,
// pause counting (xen/common/domain.c), max_vcpus, max_mem, getdomaininfo, vCPU context.
import { describe, expect, it } from "vitest";
import { XEN_DOMCTL, XEN_DOMINF } from "../abi/domctl";
import { XEN_ERRNO } from "../abi/errno";
import { HYPERVISOR } from "../abi/xen";
import { PSR_GUEST32_INIT, PSR_GUEST64_INIT, VGCF_online } from "../abi/arch-arm";
import { StructBuf } from "../memory/struct-buf";
import {
  createGuest,
  defaultGuestFlags,
  giveGuestPage,
  guestDomctl,
  makeLab,
} from "../testing/lab";
import { libxlDefaultConfig } from "./createdomain-config";
import { ARM_VCPU_GUEST_CONTEXT as A, DOMCTL, MAX_MEM } from "./layout";

const E = XEN_ERRNO;

function armContext(cpsr: number, online = true): Uint8Array {
  const c = new StructBuf(A.size);
  c.setU32(A.flags, online ? VGCF_online : 0);
  c.setU64(A.cpsr, cpsr);
  c.setU64(A.pc64, 0x40000000);
  return c.bytes;
}

describe("do_domctl entry checks", () => {
  it("a wrong interface_version is -EACCES before anything else", () => {
    const { hv, xc } = makeLab();
    const op = new StructBuf(144);
    op.setU32(DOMCTL.cmd, XEN_DOMCTL.XEN_DOMCTL_getdomaininfo).setU32(
      DOMCTL.interface_version,
      0x17,
    );
    op.setU16(DOMCTL.domain, 999);
    expect(xc.domctlRaw(op).ret).toBe(-E.EACCES);
    expect(hv.trace.tail(1)[0]).toMatchObject({
      kind: "hypercall",
      op: "getdomaininfo",
      ret: -E.EACCES,
    });
  });

  it("an unknown domain is -ESRCH for the control domain, -EPERM for a domU", () => {
    const lab = makeLab({ arch: "arm64" });
    expect(lab.xc.pauseDomain(42)).toBe(-E.ESRCH);
    const g = createGuest(lab);
    giveGuestPage(lab, g, 0x40000);
    const v = lab.hv.domain(g)!.vcpus[0]!;
    expect(guestDomctl(lab.hv, v, 0x40000000, XEN_DOMCTL.XEN_DOMCTL_pausedomain, 42)).toBe(
      -E.EPERM,
    );
  });

  it("a domU calling domctl on any domain gets -EPERM (XSM_PRIV)", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    giveGuestPage(lab, g, 0x40000);
    const v = lab.hv.domain(g)!.vcpus[0]!;
    const at = 0x40000000;
    expect(guestDomctl(lab.hv, v, at, XEN_DOMCTL.XEN_DOMCTL_pausedomain, 0)).toBe(-E.EPERM);
    expect(guestDomctl(lab.hv, v, at, XEN_DOMCTL.XEN_DOMCTL_createdomain, 0x7ff5)).toBe(-E.EPERM);
    expect(guestDomctl(lab.hv, v, at, XEN_DOMCTL.XEN_DOMCTL_getdomaininfo, g)).toBe(-E.EPERM);
    expect(lab.hv.domains.size).toBe(2);
  });

  it("a bad guest pointer is -EFAULT", () => {
    const { hv } = makeLab();
    expect(hv.hypercall(hv.dom0.vcpus[0]!, HYPERVISOR.__HYPERVISOR_domctl, [0xdead0000000n])).toBe(
      -E.EFAULT,
    );
  });
});

describe("pause and unpause (controller_pause_count)", () => {
  it("a new domain starts paused; one unpause starts it; below zero is -EINVAL", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    const d = lab.hv.domain(g)!;
    expect(d.controllerPauseCount).toBe(1);
    expect(lab.xc.getDomainInfo(g).info!.flags & XEN_DOMINF.XEN_DOMINF_paused).toBeTruthy();
    expect(lab.xc.unpauseDomain(g)).toBe(0);
    expect(d.creationFinished).toBe(true);
    expect(lab.xc.unpauseDomain(g)).toBe(-E.EINVAL);
    expect(lab.xc.pauseDomain(g)).toBe(0);
    expect(lab.xc.pauseDomain(g)).toBe(0);
    expect(d.controllerPauseCount).toBe(2);
  });

  it("caps the count at 255 with -EOVERFLOW", () => {
    const lab = makeLab();
    const g = createGuest(lab);
    for (let i = 1; i < 255; i++) expect(lab.xc.pauseDomain(g)).toBe(0);
    expect(lab.xc.pauseDomain(g)).toBe(-E.EOVERFLOW);
  });

  it("pausing or destroying yourself is -EINVAL", () => {
    const lab = makeLab();
    expect(lab.xc.pauseDomain(0)).toBe(-E.EINVAL);
    expect(lab.xc.destroyDomain(0)).toBe(-E.EINVAL);
  });

  it("destroydomain removes the domain and frees its id", () => {
    const lab = makeLab();
    const g = createGuest(lab);
    expect(lab.xc.destroyDomain(g)).toBe(0);
    expect(lab.hv.domain(g)).toBeUndefined();
    expect(lab.xc.destroyDomain(g)).toBe(-E.ESRCH);
  });
});

describe("max_vcpus, max_mem, getdomaininfo", () => {
  it("max_vcpus must equal the createdomain value and creates vCPUs 0..max-1", () => {
    const lab = makeLab({ arch: "arm64" });
    const c = lab.xc.createDomain({
      ...libxlDefaultConfig(lab.hv.arch, defaultGuestFlags(lab.hv), 1),
      maxVcpus: 3,
    });
    expect(lab.xc.maxVcpus(c.domid, 2)).toBe(-E.EINVAL);
    expect(lab.hv.domain(c.domid)!.vcpus.filter(Boolean)).toHaveLength(0);
    expect(lab.xc.maxVcpus(c.domid, 3)).toBe(0);
    expect(lab.hv.domain(c.domid)!.vcpus.map((v) => v?.vcpuId)).toEqual([0, 1, 2]);
    expect(lab.xc.maxVcpus(0, 2)).toBe(-E.EINVAL); // yourself
  });

  it("max_mem sets max_pages = max_memkb >> 2 without checking tot_pages", () => {
    const lab = makeLab();
    const g = createGuest(lab);
    expect(lab.xc.maxMem(g, 262144)).toBe(0);
    expect(lab.hv.domain(g)!.maxPages).toBe(65536);
    const { ret, op } = lab.xc.domctl(XEN_DOMCTL.XEN_DOMCTL_max_mem, g, (o) =>
      o.setU64(DOMCTL.u + MAX_MEM.max_memkb, 0xffffffffffffffffn),
    );
    expect(ret).toBe(0);
    expect(op.u16(DOMCTL.domain)).toBe(g);
    expect(lab.hv.domain(g)!.maxPages).toBe(0xffffffff);
  });

  it("getdomaininfo: no online vCPU clears running/blocked; Arm always sets hap", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    const info = lab.xc.getDomainInfo(g).info!;
    expect(info.nrOnlineVcpus).toBe(0);
    expect(info.maxVcpuId).toBe(0);
    expect(info.flags).toBe(
      XEN_DOMINF.XEN_DOMINF_paused | XEN_DOMINF.XEN_DOMINF_hvm_guest | XEN_DOMINF.XEN_DOMINF_hap,
    );
    const fresh = lab.xc.createDomain(
      libxlDefaultConfig(lab.hv.arch, defaultGuestFlags(lab.hv), 1),
    ).domid;
    expect(lab.xc.getDomainInfo(fresh).info!.maxVcpuId).toBe(0xffffffff);
    const dom0 = lab.xc.getDomainInfo(0).info!;
    expect(dom0.flags & XEN_DOMINF.XEN_DOMINF_running).toBeTruthy();
    expect(dom0.nrOnlineVcpus).toBe(2);
  });
});

describe("x86 set_address_size (xen/arch/x86/domctl.c, pv/domain.c switch_compat)", () => {
  it("a PV domain goes 32-bit before it has memory, with the compat shared_info", () => {
    const lab = makeLab({ arch: "x86_64" });
    const config = { ...libxlDefaultConfig("x86_64", 0, 1) };
    config.x86.emulationFlags = 0;
    const pv = lab.xc.createDomain(config).domid;
    expect(lab.hv.domain(pv)!.evtchn.shared.layout.kind).toBe("x86_64");
    expect(lab.xc.setAddressSize(pv, 64)).toBe(0);
    expect(lab.xc.setAddressSize(pv, 32)).toBe(0);
    expect(lab.hv.domain(pv)!.type).toBe(32);
    expect(lab.hv.domain(pv)!.evtchn.shared.layout.kind).toBe("x86_32");
    expect(lab.xc.setAddressSize(pv, 64)).toBe(-E.EINVAL);
    // Once it has memory, switch_compat refuses.
    const late = lab.xc.createDomain(config).domid;
    giveGuestPage(lab, late, 0x100);
    expect(lab.xc.setAddressSize(late, 32)).toBe(-E.EACCES);
    expect(lab.hv.domain(late)!.type).toBe(64);
    // HVM: not the PV-only domctl.
    expect(lab.xc.setAddressSize(createGuest(lab), 32)).toBe(-E.EOPNOTSUPP);
  });
});

describe("set/getvcpucontext (Arm)", () => {
  it("getvcpucontext of an uninitialised vCPU is -ENODATA; bad vcpu is -EINVAL", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    expect(lab.xc.getVcpuContext(g, 0, A.size).ret).toBe(-E.ENODATA);
    expect(lab.xc.getVcpuContext(g, 5, A.size).ret).toBe(-E.EINVAL);
    expect(lab.xc.setVcpuContext(g, 5, armContext(PSR_GUEST32_INIT))).toBe(-E.EINVAL);
  });

  it("checks CPSR against the domain type, then brings the vCPU online", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    // 32-bit domain (upstream default): an EL1h CPSR is not an AArch32 guest mode.
    expect(lab.xc.setVcpuContext(g, 0, armContext(PSR_GUEST64_INIT))).toBe(-E.EINVAL);
    expect(lab.xc.setVcpuContext(g, 0, armContext(0x1a))).toBe(-E.EINVAL); // HYP
    expect(lab.xc.setVcpuContext(g, 0, armContext(PSR_GUEST32_INIT))).toBe(0);
    const v = lab.hv.domain(g)!.vcpus[0]!;
    expect(v.online && v.initialised).toBe(true);
    const back = lab.xc.getVcpuContext(g, 0, A.size);
    expect(back.ret).toBe(0);
    expect(new StructBuf(back.context!).u64(A.pc64)).toBe(0x40000000n);
    // After switching to 64-bit the AArch64 CPSR is the valid one.
    const g2 = createGuest(lab);
    expect(lab.xc.setAddressSize(g2, 64)).toBe(0);
    expect(lab.xc.setVcpuContext(g2, 0, armContext(PSR_GUEST32_INIT))).toBe(-E.EINVAL);
    expect(lab.xc.setVcpuContext(g2, 0, armContext(PSR_GUEST64_INIT))).toBe(0);
  });

  it("a NULL handle resets the vCPU", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    lab.xc.setVcpuContext(g, 0, armContext(PSR_GUEST32_INIT));
    expect(lab.xc.setVcpuContext(g, 0, null)).toBe(0);
    expect(lab.hv.domain(g)!.vcpus[0]!.initialised).toBe(false);
    expect(lab.xc.setVcpuContext(0, 0, null)).toBe(-E.EINVAL); // target is yourself
  });
});
