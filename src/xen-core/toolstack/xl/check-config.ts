/**
 * An editor's view of a config: everything `xl create` would say about it before libxl
 * runs (the parser's errors, the getters' warnings, xl_parse.c's checks), with ranges,
 * and xl's exit code (0 when xl would go on to call libxl). Pure: no hypercall, no
 * domain, nothing printed; the page calls it on every edit.
 */
import type { HostArch } from "../../hypervisor/host";
import { strerror } from "../libxl/log";
import { parseXlCfg } from "../xlcfg/parser";
import type { CfgDiagnostic } from "../xlcfg/types";
import { XluConfig } from "../xlcfg/xlu-config";
import { parseConfigData } from "./xl-parse";

export interface ConfigCheck {
  /** 0, or the code xl create would exit with (1 parse/config error, 3 some xl checks). */
  readonly exit: number;
  readonly diagnostics: readonly CfgDiagnostic[];
  /** The lines xl would print to stderr, in order. */
  readonly printed: readonly string[];
}

export function checkXlConfig(
  text: string,
  source: string,
  opts: { readonly arch: HostArch; readonly realmKey: boolean },
): ConfigCheck {
  const parsed = parseXlCfg(text, source);
  const report = parsed.report;
  if (parsed.err) {
    report.print(`Failed to parse config: ${strerror(parsed.err)}`);
    return { exit: 1, diagnostics: report.diagnostics, printed: report.lines };
  }
  const xl = parseConfigData(new XluConfig(parsed, report), report, {
    ...opts,
    newUuid: () => new Uint8Array(16),
  });
  return { exit: xl.ok ? 0 : xl.exit, diagnostics: report.diagnostics, printed: report.lines };
}
