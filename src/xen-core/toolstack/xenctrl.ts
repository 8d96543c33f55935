/**
 * The toolstack's door to the hypervisor, as libxenctrl is: it writes the domctl
 * struct into a hypercall buffer in dom0's memory and issues the hypercall from a dom0
 * vCPU. Everything the toolstack does is therefore traced like any guest's hypercall.
 */
import { XEN_DOMCTL, XEN_DOMCTL_INTERFACE_VERSION } from "../abi/domctl";
import { DOMID, HYPERVISOR } from "../abi/xen";
import { encodeCreateDomain, type CreateDomainConfig } from "../domctl/createdomain-config";
import { getDomainInfo, type DomainInfo } from "../domctl/getdomaininfo";
import {
  ADDRESS_SIZE,
  DOMCTL,
  MAX_MEM,
  MAX_VCPUS,
  VCPUCONTEXT,
  XEN_DOMCTL_SIZE,
} from "../domctl/layout";
import { DOM0_HYPERCALL_BUFFER_PFN, type Hypervisor } from "../hypervisor/hypervisor";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { StructBuf } from "../memory/struct-buf";
import { MEMORY_RESERVATION, XENMEM_populate_physmap } from "../hypercall/memory-op";
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
    copyToGuest(this.hv.dom0.memory, DOMCTL_VA, op.bytes);
    const ret = this.hv.hypercall(this.self, HYPERVISOR.__HYPERVISOR_domctl, [
      DOMCTL_VA,
      0n,
      0n,
      0n,
      0n,
    ]);
    copyFromGuest(this.hv.dom0.memory, DOMCTL_VA, XEN_DOMCTL_SIZE, this.reply.bytes);
    return { ret, op: this.reply };
  }

  createDomain(
    config: CreateDomainConfig,
    domid: number = DOMID.DOMID_ANY,
  ): { ret: number; domid: number } {
    const { ret, op } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_createdomain, domid, (o) =>
      encodeCreateDomain(o, config, this.hv.arch),
    );
    return { ret, domid: ret === 0 ? op.u16(DOMCTL.domain) : DOMID.DOMID_INVALID };
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
    const { ret } = this.domctl(XEN_DOMCTL.XEN_DOMCTL_getdomaininfo, domid);
    const d = this.hv.domain(domid);
    return ret === 0 && d ? { ret, info: getDomainInfo(this.hv, d) } : { ret };
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
    const list = new StructBuf(gpfns.length * 8);
    gpfns.forEach((g, i) => list.setU64(i * 8, g));
    const listVa = PAYLOAD_VA + 1024n;
    copyToGuest(this.hv.dom0.memory, listVa, list.bytes);
    const r = new StructBuf(MEMORY_RESERVATION.size);
    r.setU64(MEMORY_RESERVATION.extent_start, listVa);
    r.setU64(MEMORY_RESERVATION.nr_extents, gpfns.length);
    r.setU32(MEMORY_RESERVATION.extent_order, 0);
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
}
