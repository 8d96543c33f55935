/**
 * sanitise_domain_config(), xen/common/domain.c: the common checks createdomain runs
 * before the arch's, in Xen's order. Every failure is -EINVAL with a dprintk.
 * Line numbers are those of the tree in shared/reference (c447b7308b13).
 */
import { XEN_ERRNO } from "../abi/errno";
import { XEN_DOMCTL_GRANT_version_mask, XEN_DOMCTL_IOMMU_no_sharept } from "../abi/domctl";
import { hashX } from "../format";
import type { HostCapabilities } from "../hypervisor/host";
import { cdfBit, cdfMask } from "../profiles/profiles";
import type { Profile } from "../profiles/profile";
import type { CreateDomainConfig } from "./createdomain-config";
import { dprintkFail, type XenDiagnostic } from "./diagnostic";

const FILE = "common/domain.c";
const EINVAL = -XEN_ERRNO.EINVAL;

export function sanitiseDomainConfig(
  c: CreateDomainConfig,
  profile: Profile,
  host: HostCapabilities,
): XenDiagnostic | undefined {
  const has = (name: string) => {
    const bit = cdfBit(profile, name);
    return bit !== undefined && (c.flags & bit) !== 0;
  };
  const accepted = cdfMask(profile, profile.commonCdfAccepted);

  if ((c.flags & ~accepted) >>> 0) {
    return dprintkFail(EINVAL, FILE, 812, `Unknown CDF flags ${hashX(c.flags)}`);
  }
  if ((c.grantOpts & ~XEN_DOMCTL_GRANT_version_mask) >>> 0) {
    return dprintkFail(EINVAL, FILE, 818, `Unknown grant options ${hashX(c.grantOpts)}`);
  }
  if (c.maxVcpus < 1) return dprintkFail(EINVAL, FILE, 824, "No vCPUS");
  if (has("hap") && !has("hvm")) {
    return dprintkFail(EINVAL, FILE, 830, "HAP requested for non-HVM guest");
  }
  if (has("iommu")) {
    if ((c.iommuOpts & ~XEN_DOMCTL_IOMMU_no_sharept) >>> 0) {
      return dprintkFail(EINVAL, FILE, 838, `Unknown IOMMU options ${hashX(c.iommuOpts)}`);
    }
    if (!host.iommu) return dprintkFail(EINVAL, FILE, 845, "IOMMU requested but not available");
  } else if (c.iommuOpts) {
    return dprintkFail(EINVAL, FILE, 853, "IOMMU options specified but IOMMU not requested");
  }
  if (c.vmtraceSize && !host.vmtrace) {
    return dprintkFail(EINVAL, FILE, 861, "vmtrace requested but not available");
  }
  if (has("vpmu") && !host.vpmu) {
    return dprintkFail(EINVAL, FILE, 867, "vpmu requested but cannot be enabled this way");
  }
  return undefined;
}
