/**
 * xl's stderr logger (tools/libs/toollog/xtl_logger_stdio.c) and the three voices that
 * write to it: libxl ("libxl: <level>: <file>:<line>:<func>: [Domain N:]<msg>[:
 * <strerror>]", libxl_internal.c libxl__logv), the domain builder ("domainbuilder:
 * detail: <msg>", xg_dom_core.c xc_dom_printf) and libxc's errors ("xc: error: panic:
 * <file>:<line>: <msg>: <code description>", xc_private.c xc_reportv).
 *
 * xl starts at XTL_PROGRESS and each global -v lowers the threshold by one: -v shows
 * the domain builder's detail lines, -vvv libxl's debug lines too.
 */
import { sourceLine, type ToolstackTree } from "./source-lines";

export const XTL = {
  debug: 1,
  verbose: 2,
  detail: 3,
  progress: 4,
  info: 5,
  notice: 6,
  warning: 7,
  error: 8,
  critical: 9,
} as const;
export type XtlLevel = keyof typeof XTL;

/** strerror() texts (glibc) for the errnos the toolstack reports. */
const STRERROR: Readonly<Record<number, string>> = {
  0: "Success",
  1: "Operation not permitted",
  2: "No such file or directory",
  3: "No such process",
  12: "Cannot allocate memory",
  13: "Permission denied",
  14: "Bad address",
  16: "Device or resource busy",
  17: "File exists",
  22: "Invalid argument",
  28: "No space left on device",
  34: "Numerical result out of range",
  38: "Function not implemented",
  61: "No data available",
  71: "Protocol error",
  75: "Value too large for defined data type",
  95: "Operation not supported",
};

export function strerror(errno: number): string {
  return STRERROR[errno] ?? `Unknown error ${errno}`;
}

/** libxl's "is this a guest domid" (libxl_domid_valid_guest): 1..DOMID_FIRST_RESERVED-1. */
const validGuest = (domid: number | undefined) =>
  domid !== undefined && domid > 0 && domid < 0x7ff0;

/** xc_error_code_to_desc(). */
export const XC_ERROR = {
  XC_INTERNAL_ERROR: "Internal error",
  XC_INVALID_KERNEL: "Invalid kernel",
  XC_INVALID_PARAM: "Invalid configuration",
  XC_OUT_OF_MEMORY: "Out of memory",
} as const;
export type XcError = keyof typeof XC_ERROR;

export class ToolstackLog {
  constructor(
    readonly tree: ToolstackTree,
    /** The logger's min_level: XTL_PROGRESS minus the number of -v. */
    readonly minLevel: number,
    private readonly out: (line: string) => void,
  ) {}

  private emit(level: XtlLevel, context: string, text: string): void {
    if (XTL[level] >= this.minLevel) this.out(`${context}: ${level}: ${text}`);
  }

  /** LOG / LOGD / LOGE / LOGED at the call site `site` (see source-lines.ts). */
  libxl(
    level: XtlLevel,
    site: string,
    message: string,
    opts: { domid?: number; errno?: number } = {},
  ): void {
    const at = sourceLine(this.tree, site);
    const domain = validGuest(opts.domid) ? `Domain ${opts.domid}:` : "";
    const err = opts.errno !== undefined ? `: ${strerror(opts.errno)}` : "";
    this.emit(level, "libxl", `${at.file}:${at.line}:${at.func}: ${domain}${message}${err}`);
  }

  /** DOMPRINTF / xc_dom_printf. */
  detail(message: string): void {
    this.emit("detail", "domainbuilder", message);
  }

  /** xc_dom_panic(): always an error, with the xc error code's description. */
  panic(site: string, message: string, code: XcError): void {
    const at = sourceLine(this.tree, site);
    this.emit("error", "xc", `panic: ${at.file}:${at.line}: ${message}: ${XC_ERROR[code]}`);
  }

  /** xc_dom_panic() at a site of the 4.22 tree that only this call uses. */
  panicAt(file: string, line: number, message: string, code: XcError): void {
    this.emit("error", "xc", `panic: ${file}:${line}: ${message}: ${XC_ERROR[code]}`);
  }

  /** A plain fprintf(stderr) of xl itself. */
  xl(message: string): void {
    this.out(message);
  }
}
