/**
 * libxl_domain_info() and libxl_list_domain() (tools/libs/light/libxl_domain.c): the
 * toolstack learns which domains exist, and their state, only from Xen:
 * XEN_DOMCTL_getdomaininfo and XEN_SYSCTL_getdomaininfolist issued by dom0.
 */
import { XEN_DOMCTL } from "../../abi/domctl";
import { DOMCTL, GETDOMAININFO } from "../../domctl/layout";
import type { StructBuf } from "../../memory/struct-buf";
import type { ToolstackContext } from "../options";

/** What libxl_list_domain / libxl_domain_info return, from getdomaininfo. */
export interface DomInfo {
  readonly domid: number;
  readonly dominf: number;
  readonly totPages: number;
  readonly onlineVcpus: number;
  readonly maxVcpuId: number;
  readonly cpuTimeNs: number;
  readonly handle: Uint8Array;
}

/** A getdomaininfo struct (laid out as the domctl's union) as libxl reads it. */
function decode(op: StructBuf): DomInfo {
  const u = DOMCTL.u;
  return {
    domid: op.u16(u + GETDOMAININFO.domain),
    dominf: op.u32(u + GETDOMAININFO.flags),
    totPages: Number(op.u64(u + GETDOMAININFO.tot_pages)),
    onlineVcpus: op.u32(u + GETDOMAININFO.nr_online_vcpus),
    maxVcpuId: op.u32(u + GETDOMAININFO.max_vcpu_id),
    cpuTimeNs: Number(op.u64(u + GETDOMAININFO.cpu_time)),
    handle: op.bytes.slice(u + GETDOMAININFO.handle, u + GETDOMAININFO.handle + 16),
  };
}

/** libxl_domain_info(): XEN_DOMCTL_getdomaininfo for one domain; undefined if none. */
export function domainInfo(x: ToolstackContext, domid: number): DomInfo | undefined {
  const { ret, op } = x.xc.domctl(XEN_DOMCTL.XEN_DOMCTL_getdomaininfo, domid);
  return ret < 0 ? undefined : decode(op);
}

/** libxl_list_domain(): XEN_SYSCTL_getdomaininfolist from domid 0, up to 1024. */
export function listDomains(x: ToolstackContext): DomInfo[] {
  return x.xc.getDomainInfoList(0, 1024).infos.map(decode);
}
