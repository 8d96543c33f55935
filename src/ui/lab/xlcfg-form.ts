/**
 * The Create domain form and its xl.cfg, kept in step: a form change rewrites only the
 * xl.cfg lines of the keys it maps to (anything else the user wrote stays); an xl.cfg
 * edit is read back by xl's own parser (through the preview, xl-preview.ts) into the
 * form. The mapping is libxl's (tools/libs/light/libxl_create.c libxl__domain_make):
 * hvm unless type is pv, hap, nested_virt from nestedhvm, vpmu, trap_unmapped_accesses,
 * iommu from passthrough. CDF bits with no xl.cfg key (s3_integrity, xs_domain, unnamed
 * bits) exist on the form only: the form's Create issues createdomain itself.
 */
import type { HostArch } from "../../xen-core";
import type { CreateForm } from "./create-flow";

/** XEN_DOMCTL_CDF_* names an xl.cfg key turns on, and the key's setting for it. */
export const FLAG_KEYS: Readonly<Record<string, { key: string; on: string }>> = {
  nested_virt: { key: "nestedhvm", on: "1" },
  vpmu: { key: "vpmu", on: "1" },
  trap_unmapped_accesses: { key: "trap_unmapped_accesses", on: "1" },
  iommu: { key: "passthrough", on: '"enabled"' },
};

/** The kernel path and command line the xl.cfg tab adds to the form's fields. */
export interface CfgExtras {
  readonly kernel: string | undefined;
  readonly cmdline: string | undefined;
}

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

function flagSet(flags: number, bit: number | undefined): boolean {
  return bit !== undefined && ((flags >>> bit) & 1) === 1;
}

/** The key = value pairs the form decides, in the order a person would write them. */
export function formSettings(
  form: CreateForm,
  arch: HostArch,
  bits: readonly { bit: number; name: string }[],
  extras: CfgExtras,
): [string, string | undefined][] {
  const bitOf = (name: string) => bits.find((b) => b.name === name)?.bit;
  const hvm = flagSet(form.flags, bitOf("hvm"));
  const out: [string, string | undefined][] = [
    ["name", quote(form.name)],
    // Arm guests are PVH to xl (libxl makes them hvm|hap); on x86 the hvm bit picks HVM.
    ["type", arch === "arm64" ? '"pvh"' : hvm ? '"hvm"' : '"pv"'],
    ["memory", String(form.memoryMiB)],
    ["vcpus", String(form.maxVcpus)],
    ["kernel", extras.kernel === undefined ? undefined : quote(extras.kernel)],
    ["cmdline", extras.cmdline === undefined ? undefined : quote(extras.cmdline)],
  ];
  // hap defaults to on for hvm guests; the key appears only to turn it off.
  out.push(["hap", hvm && !flagSet(form.flags, bitOf("hap")) ? "0" : undefined]);
  for (const [flag, k] of Object.entries(FLAG_KEYS))
    out.push([k.key, flagSet(form.flags, bitOf(flag)) ? k.on : undefined]);
  return out;
}

const keyLine = (key: string) => new RegExp(`^[ \\t]*${key}[ \\t]*=.*$`, "gm");

/**
 * Set (or, with undefined, remove) one `key = value` line, leaving the rest as written.
 * xl reads the last setting of a key, so that is the one changed (or removed).
 */
export function setCfgKey(text: string, key: string, value: string | undefined): string {
  const last = [...text.matchAll(keyLine(key))].at(-1);
  if (last) {
    const start = last.index;
    let end = start + last[0].length;
    if (value === undefined && text[end] === "\n") end++;
    return (
      text.slice(0, start) + (value === undefined ? "" : `${key} = ${value}`) + text.slice(end)
    );
  }
  if (value === undefined) return text;
  const sep = text === "" || text.endsWith("\n") ? "" : "\n";
  return `${text}${sep}${key} = ${value}\n`;
}

/** The xl.cfg for a form, from scratch. */
export function cfgForForm(
  form: CreateForm,
  arch: HostArch,
  bits: readonly { bit: number; name: string }[],
  extras: CfgExtras,
): string {
  let text = "# xl.cfg: edits here and in the form follow each other.\n";
  for (const [k, v] of formSettings(form, arch, bits, extras)) text = setCfgKey(text, k, v);
  return text;
}

/** Rewrite the keys whose values the form change altered; every other line stays. */
export function applyFormChange(
  text: string,
  before: readonly [string, string | undefined][],
  after: readonly [string, string | undefined][],
): string {
  let out = text;
  after.forEach(([k, v], i) => {
    if (before[i]?.[1] !== v) out = setCfgKey(out, k, v);
  });
  return out;
}
