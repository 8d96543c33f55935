/**
 * The lookups xl makes on a parsed config (tools/libs/util/libxlu_cfg.c): the newest
 * setting of a name wins; numbers are strtol(s, &ep, 0) of the stored text (so
 * `memory = "128"` is a number too, and 0x/0 prefixes select hex/octal); a boolean is
 * a number, non-zero meaning true. Each getter prints libxlu's warning unless asked not
 * to, and returns an errno: 0, ESRCH (not set), EINVAL or ERANGE.
 */
import { XEN_ERRNO } from "../../abi/errno";
import type { CfgParseResult } from "./parser";
import type { CfgReport } from "./report";
import type { XluSetting, XluString, XluValue } from "./types";

const { ESRCH, EINVAL } = XEN_ERRNO;
export const ERANGE = 34;
const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

export type Got<T> =
  | { readonly ok: true; readonly err: 0; readonly value: T }
  | { readonly ok: false; readonly err: number };

const fail = (err: number) => ({ ok: false, err }) as const;
const got = <T>(value: T) => ({ ok: true, err: 0, value }) as const;

/**
 * glibc strtol(s, &ep, 0) on an LP64 host: the value (clamped, with ERANGE, on
 * overflow) and how many characters were consumed (0 when there is no number).
 */
export function strtol(s: string): { value: bigint; consumed: number; erange: boolean } {
  let i = 0;
  while (i < s.length && " \t\n\v\f\r".includes(s[i]!)) i++;
  let negative = false;
  if (s[i] === "+" || s[i] === "-") negative = s[i++] === "-";
  let base = 10;
  if (
    s[i] === "0" &&
    (s[i + 1] === "x" || s[i + 1] === "X") &&
    /[0-9a-fA-F]/.test(s[i + 2] ?? "")
  ) {
    base = 16;
    i += 2;
  } else if (s[i] === "0") base = 8;
  const start = i;
  let value = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 16);
    if (Number.isNaN(d) || d >= base) break;
    value = value * BigInt(base) + BigInt(d);
  }
  if (i === start) return { value: 0n, consumed: 0, erange: false };
  if (negative) value = -value;
  if (value > LONG_MAX) return { value: LONG_MAX, consumed: i, erange: true };
  if (value < LONG_MIN) return { value: LONG_MIN, consumed: i, erange: true };
  return { value, consumed: i, erange: false };
}

export class XluConfig {
  private readonly byName = new Map<string, XluSetting>();

  constructor(
    readonly parsed: CfgParseResult,
    private readonly report: CfgReport,
  ) {
    for (const s of parsed.settings) this.byName.set(s.name, s);
  }

  /** The setting xl would read for `name` (the newest). */
  find(name: string): XluSetting | undefined {
    return this.byName.get(name);
  }

  /** Every name that was set, for "unknown key" hints in an editor. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  private warn(s: XluSetting, text: string): void {
    const printed = `${this.report.source}:${s.lineno}: warning: ${text}`;
    this.report.add("warning", text, s.value.range, printed);
  }

  /** find_atom(): the setting when it is a single value. */
  private atom(name: string, dontWarn: boolean): Got<XluSetting & { value: XluString }> {
    const s = this.find(name);
    if (!s) return fail(ESRCH);
    if (s.value.kind !== "string") {
      if (!dontWarn) this.warn(s, `parameter \`${name}' is a list but should be a single value`);
      return fail(EINVAL);
    }
    return got(s as XluSetting & { value: XluString });
  }

  /** xlu_cfg_get_string() (and replace_string, which only differs in memory handling). */
  getString(name: string, dontWarn = false): Got<string> {
    const a = this.atom(name, dontWarn);
    return a.ok ? got(a.value.value.value) : a;
  }

  /** xlu_cfg_get_bounded_long(). */
  getBoundedLong(name: string, min: bigint, max: bigint, dontWarn = false): Got<bigint> {
    const a = this.atom(name, dontWarn);
    if (!a.ok) return a;
    const s = a.value;
    if (s.op === "+=") {
      if (!dontWarn) this.warn(s, `can't use += with numbers for parameter \`${name}'`);
      return fail(EINVAL);
    }
    const text = s.value.value;
    const n = strtol(text);
    if (n.erange) {
      if (!dontWarn)
        this.warn(
          s,
          `parameter \`${name}' could not be parsed as a number: Numerical result out of range`,
        );
      return fail(ERANGE);
    }
    if (n.consumed === 0 || n.consumed !== text.length) {
      if (!dontWarn) this.warn(s, `parameter \`${name}' is not a valid number`);
      return fail(EINVAL);
    }
    if (n.value < min) {
      if (!dontWarn) this.warn(s, `value \`${n.value}' is smaller than minimum bound '${min}'`);
      return fail(EINVAL);
    }
    if (n.value > max) {
      if (!dontWarn) this.warn(s, `value \`${n.value}' is greater than maximum bound '${max}'`);
      return fail(EINVAL);
    }
    return got(n.value);
  }

  /** xlu_cfg_get_long(): a long, LONG_MIN..LONG_MAX. */
  getLong(name: string, dontWarn = false): Got<bigint> {
    return this.getBoundedLong(name, LONG_MIN, LONG_MAX, dontWarn);
  }

  /** xlu_cfg_get_defbool(): set from !!l when the number parses. */
  getDefbool(name: string, dontWarn = false): Got<boolean> {
    const l = this.getLong(name, dontWarn);
    return l.ok ? got(l.value !== 0n) : l;
  }

  /** xlu_cfg_get_list(). */
  getList(name: string, dontWarn = false): Got<readonly XluValue[]> {
    const s = this.find(name);
    if (!s) return fail(ESRCH);
    if (s.value.kind !== "list") {
      if (!dontWarn) this.warn(s, `parameter \`${name}' is a single value but should be a list`);
      return fail(EINVAL);
    }
    return got(s.value.values);
  }

  /** xlu_cfg_get_list_as_string_list(): items that are lists become NULL (undefined). */
  getListAsStringList(name: string, dontWarn = false): Got<(string | undefined)[]> {
    const l = this.getList(name, dontWarn);
    if (!l.ok) return l;
    return got(l.value.map((v) => (v.kind === "string" ? v.value : undefined)));
  }
}
