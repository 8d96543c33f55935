/**
 * x86 domains from `xl create`. The lab runs real x86 guest code only in the emulator,
 * and only its own kernel: `kernel = "labkernel"`. For those the toolstack does what
 * libxl__build_pre does (max_vcpus, max_mem, the two event channels), gives the domain
 * its RAM (XENMEM_populate_physmap, 2 MiB extents, as libxc's x86 builders do) and
 * brings vCPU0 online, then hands the domain to the emulator through the
 * onDomainStarted hook, which loads labkernel into that RAM. Any other x86 kernel is
 * refused with a message that says so: the lab has no x86 PV/PVH/HVM loader.
 */
import { initialVcpuContext } from "../../domctl/vcpucontext";
import type { LibxlEnv } from "../libxl/env";
import { ERROR_FAIL } from "../libxl/setdefault";
import type { LibxlDomainConfig } from "../libxl/types";

const LIBXL_MAXMEM_CONSTANT = 1024;
export const LABKERNEL = "labkernel";

export function x86Build(
  env: LibxlEnv,
  domid: number,
  d: LibxlDomainConfig,
  _readFile: (path: string) => Uint8Array | undefined,
): { rc: number; dom?: undefined; dt?: undefined } {
  const { xc, log } = env;
  const b = d.bInfo;
  if (b.kernel !== LABKERNEL) {
    log.xl(
      `xenlab: the lab boots x86 guests only from kernel = "${LABKERNEL}" (real code in the emulator); ` +
        `"${b.kernel ?? ""}" cannot be built here`,
    );
    return { rc: ERROR_FAIL };
  }
  if (xc.maxVcpus(domid, b.maxVcpus) !== 0) {
    log.libxl("error", "dom.max-vcpus-failed", "Couldn't set max vcpu count");
    return { rc: ERROR_FAIL };
  }
  const target = b.targetMemkb ?? 0;
  if (xc.maxMem(domid, target + LIBXL_MAXMEM_CONSTANT) < 0) {
    log.libxl("error", "dom.max-mem-failed", "Couldn't set max memory");
    return { rc: ERROR_FAIL };
  }
  xc.evtchnAllocUnbound(domid, 0);
  xc.evtchnAllocUnbound(domid, 0);
  const pages = Math.floor(target / 4);
  const big = pages >> 9;
  if (
    big &&
    xc.populatePhysmapOrder(
      domid,
      9,
      Array.from({ length: big }, (_, i) => i << 9),
    ) !== big
  )
    return { rc: ERROR_FAIL };
  const rest = Array.from({ length: pages - (big << 9) }, (_, i) => (big << 9) + i);
  if (rest.length && xc.populatePhysmap(domid, rest) !== rest.length) return { rc: ERROR_FAIL };
  // The emulator sets the registers when it loads labkernel; the context only brings
  // vCPU0 up, in the state a CPU leaves reset in.
  if (xc.setVcpuContext(domid, 0, initialVcpuContext("x86_64", 32, 0n)) !== 0)
    return { rc: ERROR_FAIL };
  return { rc: 0 };
}
