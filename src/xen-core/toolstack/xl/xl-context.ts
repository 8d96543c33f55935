/**
 * What an xl invocation runs against: the lab's toolstack (hypervisor, XenCtrl,
 * xenstore, options), the dom0 file system and the configs of the domains xl created
 * (libxl keeps them in its userdata files; `xl list -l` prints them).
 */
import type { LibxlDomainConfig } from "../libxl/types";
import type { ToolstackContext } from "../options";
import type { CreateOutcome } from "../build/create";
import type { XlIo } from "./io";
import { domainInfo } from "./dominfo";

export interface XlContext extends ToolstackContext {
  readonly arch: "arm64" | "x86_64";
  readonly readFile: (path: string) => Uint8Array | undefined;
  /** Global -v count and -N. */
  readonly verbose: number;
  readonly dryrun: boolean;
  readonly configs: Map<number, LibxlDomainConfig>;
  /** The environment xl runs with (LIBXL_DEBUG_DUMP_DTB). */
  readonly env?: Readonly<Record<string, string>>;
  /** Let libxl write a file (the DTB dump). */
  readonly writeFile?: (path: string, bytes: Uint8Array) => boolean;
  /** Told about every `xl create` (the page shows its diagnostics and device tree). */
  readonly onCreate?: (outcome: CreateOutcome) => void;
}

/** DOMID_FIRST_RESERVED: libxl's valid guest ids are 1..0x7fef. */
const LIBXL_ERROR_INVAL = -6;

/**
 * find_domain() (tools/xl/xl_utils.c): all digits is a domid (not checked here), else a
 * name looked up in xenstore; anything else is "an invalid domain identifier".
 */
export function findDomain(x: XlContext, io: XlIo, p: string): number | undefined {
  if (/^[0-9]+$/.test(p)) return Number(p) >>> 0;
  const domid = x.xenstore.findDomain(p);
  if (domid === undefined || !domainInfo(x, domid)) {
    io.err(`${p} is an invalid domain identifier (rc=${LIBXL_ERROR_INVAL})\n`);
    return undefined;
  }
  return domid;
}

/** libxl_domid_to_name(): the xenstore name, or "(null)" as printf shows a NULL. */
export function domName(x: XlContext, domid: number): string {
  return x.xenstore.domainName(domid) ?? "(null)";
}
