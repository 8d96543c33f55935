/**
 * The toolstack's door to the hypervisor, as libxenctrl is: it writes the domctl
 * struct into a hypercall buffer in dom0's memory and issues the hypercall from a dom0
 * vCPU. Everything the toolstack does is therefore traced like any guest's hypercall.
 */
import { XEN_DOMCTL, XEN_DOMCTL_INTERFACE_VERSION } from "../abi/domctl";
import { EVTCHNOP } from "../abi/event-channel";
import { DOMID, HYPERVISOR, XENVER } from "../abi/xen";
import { encodeCreateDomain, type CreateDomainConfig } from "../domctl/createdomain-config";
import type { DomainInfo } from "../domctl/getdomaininfo";
import {
  ARM_CCA_OP,
  GETVCPUINFO,
  VUART_OP,
  XEN_DOMCTL_ARM_CCA_OP_INIT_REALM,
  XEN_DOMCTL_arm_cca_op,
} from "../domctl/toolstack-ops";
import {
  ADDRESS_SIZE,
  ARM_ARCH_CONFIG,
  CREATEDOMAIN,
  DOMCTL,
  GETDOMAININFO,
  MAX_MEM,
  MAX_VCPUS,
  VCPUCONTEXT,
  XEN_DOMCTL_SIZE,
} from "../domctl/layout";
import { DOM0_HYPERCALL_BUFFER_PFN, type Hypervisor } from "../hypervisor/hypervisor";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { textBytes } from "../memory/latin1";
import { StructBuf } from "../memory/struct-buf";
import { MEMORY_RESERVATION, XENMEM_populate_physmap } from "../hypercall/memory-op";
import {
  DEBUG_KEYS,
  GETDOMAININFOLIST,
  getdomaininfoSize,
  READCONSOLE,
  SYSCTL,
  XEN_SYSCTL,
  XEN_SYSCTL_INTERFACE_VERSION,
} from "../hypercall/sysctl";
import { PAGE_SIZE } from "../ids";
import type { Vcpu } from "../vcpu/vcpu";

/** Buffer layout in dom0 RAM: the domctl at page 0, payloads (contexts, lists) after. */
const DOMCTL_VA = BigInt(DOM0_HYPERCALL_BUFFER_PFN * PAGE_SIZE);
const PAYLOAD_VA = DOMCTL_VA + BigInt(PAGE_SIZE);

export class XenCtrl {
  /** The struct a call is built in; reused, as libxc reuses its hypercall buffers. */
  private readonly request = new StructBuf(XEN_DOMCTL_SIZE);
  /** What the hypervisor copied back; valid until the next call. */
  private readonly reply = new StructBuf(XEN_DOMCTL_SIZE);

  constructor(readonly hv: Hypervisor) {}

  /** Where call payloads (contexts, extent lists) go in dom0's memory. */
  get payloadVa(): bigint {
    return PAYLOAD_VA;
  }

  /** Put a payload in the buffer; returns its guest address. */
  writePayload(bytes: Uint8Array): bigint {
    copyToGuest(this.hv.dom0.memory, PAYLOAD_VA, bytes);
    return PAYLOAD_VA;
  }

  /** dom0's vCPU0: where the toolstack runs. */
  private get self(): Vcpu {
    return this.hv.dom0.vcpus[0]!;
  }

  /**
   * Raw domctl: fill the union, issue, read the struct back. The returned `op` is
   * valid until the next call.
   */
  domctl(
    cmd: number,
    domain: number,
    fill?: (op: StructBuf) => void,
  ): { ret: number; op: StructBuf } {
    const op = this.request;
    op.bytes.fill(0);
    op.setU32(DOMCTL.cmd, cmd).setU32(DOMCTL.interface_version, XEN_DOMCTL_INTERFACE_VERSION);
    op.setU16(DOMCTL.domain, domain);
    fill?.(op);
    return this.domctlRaw(op);
  }

  /** Issue a domctl struct exactly as given (a scenario may set any field). */
  domctlRaw(op: StructBuf): { ret: number; op: StructBuf } {
    const ret = this.viaBuffer(HYPERVISOR.__HYPERVISOR_domctl, op);
    copyFromGuest(this.hv.dom0.memory, DOMCTL_VA, XEN_DOMCTL_SIZE, this.reply.bytes);
    return { ret, op: this.reply };
  }

  /** libxc's hypercall buffer: the struct copied to dom0's buffer, its address the arg. */
  private viaBuffer(nr: number, op: StructBuf): number {
    copyToGuest(this.hv.dom0.memory, DOMCTL_VA, op.bytes);
    return this.hv.hypercall(this.self, nr, [DOMCTL_VA, 0n, 0n, 0n, 0n]);
  }

  createDomain(
    config: CreateDomainConfig,
    domid: number = DOMID.DOMID_ANY,
  ): { ret: number; domid: number; gicVersion: number } {
    const { ret, op } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_createdomain, domid, (o) =>
      encodeCreateDomain(o, config, this.hv.arch),
    );
    return {
      ret,
      domid: ret === 0 ? op.u16(DOMCTL.domain) : DOMID.DOMID_INVALID,
      // OUT: the vGIC version Xen chose (libxl__arch_domain_save_config reads it).
      gicVersion: op.u8(DOMCTL.u + CREATEDOMAIN.arch + ARM_ARCH_CONFIG.gic_version),
    };
  }

  destroyDomain(domid: number): number {
    return this.domctl(XEN_DOMCTL.XEN_DOMCTL_destroydomain, domid).ret;
  }

  pauseDomain(domid: number): number {
    return this.domctl(XEN_DOMCTL.XEN_DOMCTL_pausedomain, domid).ret;
  }

  unpauseDomain(domid: number): number {
    return this.domctl(XEN_DOMCTL.XEN_DOMCTL_unpausedomain, domid).ret;
  }

  maxVcpus(domid: number, max: number): number {
    return this.domctl(XEN_DOMCTL.XEN_DOMCTL_max_vcpus, domid, (o) =>
      o.setU32(DOMCTL.u + MAX_VCPUS.max, max),
    ).ret;
  }

  maxMem(domid: number, maxMemKb: number | bigint): number {
    return this.domctl(XEN_DOMCTL.XEN_DOMCTL_max_mem, domid, (o) =>
      o.setU64(DOMCTL.u + MAX_MEM.max_memkb, maxMemKb),
    ).ret;
  }

  setAddressSize(domid: number, size: number): number {
    return this.domctl(XEN_DOMCTL.XEN_DOMCTL_set_address_size, domid, (o) =>
      o.setU32(DOMCTL.u + ADDRESS_SIZE.size, size),
    ).ret;
  }

  getAddressSize(domid: number): { ret: number; size: number } {
    const { ret, op } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_get_address_size, domid);
    return { ret, size: op.u32(DOMCTL.u + ADDRESS_SIZE.size) };
  }

  /** getdomaininfo through the hypercall; the info is decoded from the returned struct. */
  getDomainInfo(domid: number): { ret: number; info?: DomainInfo } {
    const { ret, op } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_getdomaininfo, domid);
    if (ret !== 0) return { ret };
    const u = DOMCTL.u;
    const info: DomainInfo = {
      domain: op.u16(u + GETDOMAININFO.domain),
      flags: op.u32(u + GETDOMAININFO.flags),
      totPages: Number(op.u64(u + GETDOMAININFO.tot_pages)),
      maxPages: Number(op.u64(u + GETDOMAININFO.max_pages)),
      cpuTimeNs: Number(op.u64(u + GETDOMAININFO.cpu_time)),
      nrOnlineVcpus: op.u32(u + GETDOMAININFO.nr_online_vcpus),
      maxVcpuId: op.u32(u + GETDOMAININFO.max_vcpu_id),
      ssidref: op.u32(u + GETDOMAININFO.ssidref),
      handle: op.bytes.slice(u + GETDOMAININFO.handle, u + GETDOMAININFO.handle + 16),
    };
    return { ret, info };
  }

  /** setvcpucontext with `context` bytes, or a NULL handle to reset the vCPU. */
  setVcpuContext(domid: number, vcpu: number, context: Uint8Array | null): number {
    if (context) copyToGuest(this.hv.dom0.memory, PAYLOAD_VA, context);
    return this.domctl(XEN_DOMCTL.XEN_DOMCTL_setvcpucontext, domid, (o) => {
      o.setU32(DOMCTL.u + VCPUCONTEXT.vcpu, vcpu);
      o.setU64(DOMCTL.u + VCPUCONTEXT.ctxt, context ? PAYLOAD_VA : 0n);
    }).ret;
  }

  getVcpuContext(domid: number, vcpu: number, size: number): { ret: number; context?: Uint8Array } {
    const { ret } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_getvcpucontext, domid, (o) => {
      o.setU32(DOMCTL.u + VCPUCONTEXT.vcpu, vcpu);
      o.setU64(DOMCTL.u + VCPUCONTEXT.ctxt, PAYLOAD_VA);
    });
    return ret === 0
      ? { ret, context: copyFromGuest(this.hv.dom0.memory, PAYLOAD_VA, size) }
      : { ret };
  }

  /** XENMEM_populate_physmap of single frames (order 0) for `domid`. */
  populatePhysmap(domid: number, gpfns: readonly number[]): number {
    return this.populatePhysmapOrder(domid, 0, gpfns);
  }

  /** XENMEM_populate_physmap of extents of 2^order frames (xc_domain_populate_physmap). */
  populatePhysmapOrder(domid: number, order: number, gpfns: readonly number[]): number {
    const list = new StructBuf(gpfns.length * 8);
    gpfns.forEach((g, i) => list.setU64(i * 8, g));
    const listVa = PAYLOAD_VA + 1024n;
    copyToGuest(this.hv.dom0.memory, listVa, list.bytes);
    const r = new StructBuf(MEMORY_RESERVATION.size);
    r.setU64(MEMORY_RESERVATION.extent_start, listVa);
    r.setU64(MEMORY_RESERVATION.nr_extents, gpfns.length);
    r.setU32(MEMORY_RESERVATION.extent_order, order);
    r.setU16(MEMORY_RESERVATION.domid, domid);
    copyToGuest(this.hv.dom0.memory, PAYLOAD_VA, r.bytes);
    return this.hv.hypercall(this.self, HYPERVISOR.__HYPERVISOR_memory_op, [
      BigInt(XENMEM_populate_physmap),
      PAYLOAD_VA,
      0n,
      0n,
      0n,
    ]);
  }

  /** A sysctl struct issued from dom0's hypercall buffer; returns ret and the struct back. */
  private sysctl(cmd: number, fill: (op: StructBuf) => void): { ret: number; op: StructBuf } {
    const op = new StructBuf(SYSCTL.size);
    op.setU32(SYSCTL.cmd, cmd).setU32(SYSCTL.interface_version, XEN_SYSCTL_INTERFACE_VERSION);
    fill(op);
    const ret = this.viaBuffer(HYPERVISOR.__HYPERVISOR_sysctl, op);
    const back = copyFromGuest(this.hv.dom0.memory, DOMCTL_VA, SYSCTL.size);
    return { ret, op: back ? new StructBuf(back) : op };
  }

  /**
   * xc_domain_getinfolist(): up to `max` getdomaininfo structs from `first` on, each a
   * StructBuf laid out as the domctl's union (read it at DOMCTL.u + GETDOMAININFO.*).
   */
  getDomainInfoList(first: number, max: number): { ret: number; infos: StructBuf[] } {
    const U = SYSCTL.u;
    const { ret, op } = this.sysctl(XEN_SYSCTL.XEN_SYSCTL_getdomaininfolist, (o) => {
      o.setU16(U + GETDOMAININFOLIST.first_domain, first);
      o.setU32(U + GETDOMAININFOLIST.max_domains, max).setU64(
        U + GETDOMAININFOLIST.buffer,
        PAYLOAD_VA,
      );
    });
    if (ret < 0) return { ret, infos: [] };
    const size = getdomaininfoSize(this.hv.arch);
    const n = op.u32(U + GETDOMAININFOLIST.num_domains);
    const infos = Array.from({ length: n }, (_, i) => {
      const one = new StructBuf(DOMCTL.u + 128);
      const b = copyFromGuest(this.hv.dom0.memory, PAYLOAD_VA + BigInt(i * size), size);
      if (b) one.bytes.set(b, DOMCTL.u);
      return one;
    });
    return { ret, infos };
  }

  /** xc_physinfo(): the struct as Xen filled it (read it at SYSCTL.u + PHYSINFO.*). */
  physinfo(): { ret: number; op: StructBuf } {
    return this.sysctl(XEN_SYSCTL.XEN_SYSCTL_physinfo, () => undefined);
  }

  /** xc_readconsolering(): up to `count` bytes of the console ring from `index`. */
  readConsoleRing(
    clear: boolean,
    incremental: boolean,
    index: number,
    count: number,
  ): { ret: number; bytes: Uint8Array; index: number } {
    const U = SYSCTL.u;
    const { ret, op } = this.sysctl(XEN_SYSCTL.XEN_SYSCTL_readconsole, (o) => {
      o.setU8(U + READCONSOLE.clear, clear ? 1 : 0).setU8(
        U + READCONSOLE.incremental,
        incremental ? 1 : 0,
      );
      o.setU32(U + READCONSOLE.index, index).setU64(U + READCONSOLE.buffer, PAYLOAD_VA);
      o.setU32(U + READCONSOLE.count, count);
    });
    const n = ret === 0 ? op.u32(U + READCONSOLE.count) : 0;
    const bytes = copyFromGuest(this.hv.dom0.memory, PAYLOAD_VA, n) ?? new Uint8Array(0);
    return { ret, bytes, index: op.u32(U + READCONSOLE.index) };
  }

  /** xc_send_debug_keys(). */
  sendDebugKeys(keys: string): number {
    const bytes = textBytes(keys);
    copyToGuest(this.hv.dom0.memory, PAYLOAD_VA, bytes);
    const U = SYSCTL.u;
    return this.sysctl(XEN_SYSCTL.XEN_SYSCTL_debug_keys, (o) => {
      o.setU64(U + DEBUG_KEYS.keys, PAYLOAD_VA).setU32(U + DEBUG_KEYS.nr_keys, bytes.length);
    }).ret;
  }

  /** xc_version(): the result register, and `length` bytes of the buffer it filled. */
  xenVersion(cmd: number, length = 0): { ret: number; bytes: Uint8Array } {
    const ret = this.hv.hypercall(this.self, HYPERVISOR.__HYPERVISOR_xen_version, [
      BigInt(cmd),
      length ? PAYLOAD_VA : 0n,
      0n,
      0n,
      0n,
    ]);
    const bytes = length
      ? (copyFromGuest(this.hv.dom0.memory, PAYLOAD_VA, length) ?? new Uint8Array(0))
      : new Uint8Array(0);
    return { ret, bytes };
  }

  /** XENVER_capabilities as a string (xen_capabilities_info_t, 1024 bytes). */
  xenCaps(): string {
    const { ret, bytes } = this.xenVersion(XENVER.XENVER_capabilities, 1024);
    if (ret < 0) return "";
    const nul = bytes.indexOf(0);
    return String.fromCharCode(...bytes.subarray(0, nul < 0 ? bytes.length : nul));
  }

  /** EVTCHNOP_alloc_unbound for `dom`, remote `remote`: the port, or a negative errno. */
  evtchnAllocUnbound(dom: number, remote: number): number {
    const b = new StructBuf(8);
    b.setU16(0, dom).setU16(2, remote);
    copyToGuest(this.hv.dom0.memory, PAYLOAD_VA, b.bytes);
    const ret = this.hv.hypercall(this.self, HYPERVISOR.__HYPERVISOR_event_channel_op, [
      BigInt(EVTCHNOP.EVTCHNOP_alloc_unbound),
      PAYLOAD_VA,
      0n,
      0n,
      0n,
    ]);
    if (ret < 0) return ret;
    const back = copyFromGuest(this.hv.dom0.memory, PAYLOAD_VA, 8);
    return back ? new StructBuf(back).u32(4) : -14;
  }

  /** XEN_DOMCTL_getvcpuinfo. */
  getVcpuInfo(
    domid: number,
    vcpu: number,
  ): {
    ret: number;
    online?: boolean;
    blocked?: boolean;
    running?: boolean;
    cpuTimeNs?: number;
    cpu?: number;
  } {
    const { ret, op } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_getvcpuinfo, domid, (o) =>
      o.setU32(DOMCTL.u + GETVCPUINFO.vcpu, vcpu),
    );
    if (ret < 0) return { ret };
    const u = DOMCTL.u;
    return {
      ret,
      online: op.u8(u + GETVCPUINFO.online) !== 0,
      blocked: op.u8(u + GETVCPUINFO.blocked) !== 0,
      running: op.u8(u + GETVCPUINFO.running) !== 0,
      cpuTimeNs: Number(op.u64(u + GETVCPUINFO.cpu_time)),
      cpu: op.u32(u + GETVCPUINFO.cpu),
    };
  }

  /** xc_dom_vuart_init(): XEN_DOMCTL_vuart_op INIT for a vPL011. */
  vuartInit(domid: number, consoleDomid: number, gfn: bigint): { ret: number; evtchn: number } {
    const { ret, op } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_vuart_op, domid, (o) => {
      o.setU32(DOMCTL.u + VUART_OP.cmd, 0).setU32(DOMCTL.u + VUART_OP.type, 0);
      o.setU64(DOMCTL.u + VUART_OP.gfn, gfn).setU16(
        DOMCTL.u + VUART_OP.console_domid,
        consoleDomid,
      );
    });
    return { ret, evtchn: ret === 0 ? op.u32(DOMCTL.u + VUART_OP.evtchn) : 0 };
  }

  /** xc_arm_cca_init_realm() (Realm RFC v1): XEN_DOMCTL_arm_cca_op INIT_REALM. */
  armCcaInitRealm(domid: number, baseGfn: bigint, nrPages: bigint): number {
    return this.domctl(XEN_DOMCTL_arm_cca_op, domid, (o) => {
      o.setU32(DOMCTL.u + ARM_CCA_OP.cmd, XEN_DOMCTL_ARM_CCA_OP_INIT_REALM);
      o.setU64(DOMCTL.u + ARM_CCA_OP.base_gfn, baseGfn).setU64(
        DOMCTL.u + ARM_CCA_OP.nr_pages,
        nrPages,
      );
    }).ret;
  }

  /**
   * Write into a domain's RAM as libxc does through a foreign mapping of its pages
   * (xc_map_foreign_range; XENMEM_add_to_physmap_batch with XENMAPSPACE_gmfn_foreign on
   * Arm, which the model does not implement). Traced as a state change. False when a
   * page is not populated (the mapping would fail).
   */
  foreignWrite(domid: number, gpa: number, bytes: Uint8Array): boolean {
    const d = this.hv.domain(domid);
    if (!d || !d.ram.writePhys(gpa, bytes)) return false;
    this.hv.stateChange(domid, "foreign-write", `${bytes.length} bytes at 0x${gpa.toString(16)}`);
    return true;
  }
}
