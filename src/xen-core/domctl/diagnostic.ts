/**
 * The outcome of a check that Xen reports with a message: the errno it returns and the
 * console line it prints. `dprintk` lines (kind "dprintk") exist only in debug builds
 * and carry `file:line: `; `printk` lines always print.
 */
export interface XenDiagnostic {
  readonly ret: number;
  readonly kind: "dprintk" | "printk";
  /** Path relative to xen/, as Xen's __FILE__ prints it. */
  readonly file?: string;
  readonly line?: number;
  /** gdprintk: the current vCPU (%pv) printed right after `file:line:`. */
  readonly vcpu?: string;
  readonly text: string;
}

export function dprintkFail(ret: number, file: string, line: number, text: string): XenDiagnostic {
  return { ret, kind: "dprintk", file, line, text };
}

export function printkFail(ret: number, text: string): XenDiagnostic {
  return { ret, kind: "printk", text };
}

/** The console line for a diagnostic, or undefined when the build does not print it. */
export function diagnosticLine(d: XenDiagnostic, debugBuild: boolean): string | undefined {
  if (d.kind === "printk") return d.text;
  if (!debugBuild) return undefined;
  // gdprintk: "%s:%d:%pv " (xen/include/xen/lib.h); dprintk: "%s:%d: ".
  return d.vcpu !== undefined
    ? `${d.file}:${d.line}:${d.vcpu} ${d.text}`
    : `${d.file}:${d.line}: ${d.text}`;
}
