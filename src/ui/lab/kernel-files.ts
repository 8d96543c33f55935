/**
 * Kernel images the user dropped on the page: read once, probed at once (Xen's boot
 * probe and the domain builder's loaders, xen-core/toolstack/kernel/probe.ts), kept
 * outside the store (bytes are not state) in a small list React subscribes to. The
 * xl.cfg tab names them in `kernel =`, and they go into dom0's /root for `xl create`.
 */
import type { KernelProbeReport } from "../../xen-core/toolstack/kernel/probe";
import { probeKernel } from "../../xen-core/toolstack/kernel/probe";
import { kernelFromBytes } from "../../xen-core/toolstack/kernel/source";
import { sampleImages } from "../../xen-core/toolstack/kernel/samples";

export interface KernelFile {
  /** The name in dom0's /root (a basename, safe for xl.cfg). */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly report: KernelProbeReport;
}

/** Larger files are refused: the lab copies kernels into a modelled dom0's memory. */
export const MAX_KERNEL_BYTES = 64 * 1024 * 1024;

let files: readonly KernelFile[] = Object.freeze([]);
const listeners = new Set<() => void>();

export const kernelFiles = () => files;
export function subscribeKernelFiles(l: () => void): () => void {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** A name xl.cfg can quote and the shell can list: the basename, odd characters as "_". */
export function safeName(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1).slice(name.lastIndexOf("\\") + 1);
  return base.replace(/[^A-Za-z0-9._+-]/g, "_").replace(/^\.+/, "") || "kernel";
}

/** Add a dropped file; resolves to it, or to the reason it was refused. */
export async function addKernelFile(file: {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}): Promise<KernelFile | string> {
  if (file.size === 0) return `${file.name} is empty`;
  if (file.size > MAX_KERNEL_BYTES)
    return `${file.name} is ${file.size} bytes; the lab takes kernels up to ${MAX_KERNEL_BYTES} bytes`;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = safeName(file.name);
  const k: KernelFile = Object.freeze({
    name,
    bytes,
    report: probeKernel(kernelFromBytes(name, bytes)),
  });
  files = Object.freeze([...files.filter((f) => f.name !== name), k]);
  listeners.forEach((l) => l());
  return k;
}

/** The probe report for a `kernel =` path: a dropped file or a shipped sample image. */
export function probeFor(
  path: string | undefined,
  among: readonly KernelFile[] = files,
): KernelProbeReport | undefined {
  if (!path) return undefined;
  const dropped = among.find((f) => f.name === path);
  if (dropped) return dropped.report;
  const sample = sampleImages().get(path.replace(/^(?:\/root\/)?images\//, ""));
  return sample ? probeKernel(kernelFromBytes(path, sample)) : undefined;
}

/** The files `xl create` needs in dom0's /root, by name. */
export function droppedFileMap(): ReadonlyMap<string, Uint8Array> {
  return new Map(files.map((f) => [f.name, f.bytes]));
}

/** The shipped images, as `kernel =` paths relative to /root. */
export function sampleKernelPaths(): string[] {
  return [...sampleImages().keys()].map((n) => `images/${n}`);
}

/** One line on what a probe found, in the domain builder's terms. */
export function probeSummary(r: KernelProbeReport): { ok: boolean; text: string } {
  const t = r.toolstack;
  if (t.ok) {
    return {
      ok: true,
      text: `${r.name}: ${t.loader ?? "a loader"} took it: ${t.guestType}${t.addressSize ? ` (${t.addressSize}-bit)` : ""}; Xen's boot probe: ${r.xen.rcName === "0" ? "ok" : r.xen.rcName}`,
    };
  }
  const why = t.log.filter((l) => /error|panic/.test(l)).at(-1) ?? "no loader recognised it";
  return {
    ok: false,
    text: `${r.name} is not a kernel the domain builder can load: ${why}`,
  };
}
