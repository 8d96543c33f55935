/**
 * What `xl create` would do with an xl.cfg, without touching the lab: the same xl and
 * libxl (xen-core/toolstack) run against a scratch lab booted with the same profile,
 * arch and host, so the answer carries every check there is (the parser's, xl's,
 * libxl's, Xen's createdomain) and the lines xl prints, and nothing of it reaches the
 * lab the user is looking at (its trace, its domains). The result also says what the
 * config asks for (name, vCPUs, memory, createdomain flags) for the form.
 */
import type { HypercallTrace } from "../../xen-core";
import type { CfgDiagnostic } from "../../xen-core/toolstack/xlcfg/types";
import type { CreateOutcome } from "../../xen-core/toolstack/build/create";
import { textBytes } from "../../xen-core/toolstack/shell/vfs";
import { parseXlCfg } from "../../xen-core/toolstack/xlcfg/parser";
import { bootLab, type LabSettings } from "./lab-session";

export const PREVIEW_CFG = "guest.cfg";

export interface XlPreview {
  readonly exit: number;
  /** What xl prints (stderr, then stdout). */
  readonly output: readonly string[];
  /** Problems with their ranges in the config. */
  readonly diagnostics: readonly CfgDiagnostic[];
  /** Lines xl/libxl printed as errors with no range (shown at the top of the editor). */
  readonly unplaced: readonly string[];
  /** What the config asks for, as far as xl got. */
  readonly name?: string;
  readonly vcpus?: number;
  readonly memoryMiB?: number;
  readonly kernel?: string;
  readonly cmdline?: string;
  /** The createdomain flags libxl passed, when it got that far. */
  readonly flags?: number;
}

/** Lines of xl's output that are errors but that no diagnostic places in the file. */
function errorLines(lines: readonly string[], diagnostics: readonly CfgDiagnostic[]): string[] {
  const placed = new Set(diagnostics.map((d) => d.printed).filter(Boolean));
  return lines.filter(
    (l) => !placed.has(l) && /error|fail|invalid|unknown|cannot|not supported|unable/i.test(l),
  );
}

export function previewXlCreate(
  settings: LabSettings,
  text: string,
  files: ReadonlyMap<string, Uint8Array>,
): XlPreview {
  const lab = bootLab(settings, { startGuests: false });
  const shell = lab.shell!;
  for (const [name, bytes] of files) shell.vfs.write(name, bytes);
  shell.vfs.write(PREVIEW_CFG, textBytes(text));
  let outcome: CreateOutcome | undefined;
  const stop = shell.onCreate((o) => (outcome = o));
  const r = shell.run(`xl create ${PREVIEW_CFG}`);
  stop();
  const output = `${r.stderr}${r.stdout}`.split("\n").filter(Boolean);
  const diagnostics = outcome?.diagnostics ?? [];
  const create = lab.hv.trace
    .tail()
    .find((e): e is HypercallTrace => e.kind === "hypercall" && e.op === "createdomain");
  const flagsArg = create?.args.flags;
  // What the config says, read with xl's own parser: there even when the build fails.
  const parsed = parseXlCfg(text, PREVIEW_CFG);
  const find = (key: string) => {
    const v = parsed.err
      ? undefined
      : [...parsed.settings].reverse().find((x) => x.name === key)?.value;
    return v?.kind === "string" ? v.value : undefined;
  };
  const num = (key: string) => {
    const v = find(key);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const b = outcome?.config?.bInfo;
  const name = find("name");
  const vcpus = b?.maxVcpus ?? num("maxvcpus") ?? num("vcpus");
  const memoryMiB = num("memory");
  const kernel = find("kernel");
  const cmdline = find("cmdline");
  return {
    exit: r.exit,
    output,
    diagnostics,
    unplaced: r.exit === 0 ? [] : errorLines(output, diagnostics),
    ...(name !== undefined ? { name } : {}),
    ...(vcpus ? { vcpus } : {}),
    ...(memoryMiB !== undefined ? { memoryMiB } : {}),
    ...(kernel !== undefined ? { kernel } : {}),
    ...(cmdline !== undefined ? { cmdline } : {}),
    ...(flagsArg !== undefined ? { flags: Number(flagsArg) >>> 0 } : {}),
  };
}
