/**
 * A device tree as `dtc -I dtb -O dts` prints it (dtc's treesource.c): "/dts-v1/;",
 * tabs for nesting, a blank line before each child node, and each property's value
 * typed the way dtc guesses it from the bytes (guess_value_type): a NUL-terminated
 * printable string (list) → "a\0b" (write_propval_string); a multiple of 4 bytes →
 * <0x%02x ...> cells;
 * otherwise [%02x ...] bytes; an empty value → `name;`.
 */
import type { FdtNode, FdtProp } from "./fdt";

const isPrint = (c: number) => c >= 0x20 && c < 0x7f;
const ESCAPES: Readonly<Record<number, string>> = {
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
  0x22: '\\"',
  0x5c: "\\\\",
};
const isString = (c: number) => isPrint(c) || c === 0 || (c >= 7 && c <= 13);

function propValue(p: FdtProp): string {
  const v = p.value;
  const len = v.length;
  if (len === 0) return "";
  let notString = 0;
  let nul = 0;
  for (const c of v) {
    if (!isString(c)) notString++;
    if (c === 0) nul++;
  }
  if (v[len - 1] === 0 && notString === 0 && nul <= len - nul) {
    // Read from a DTB there are no string-boundary markers: a string list is one string
    // with its inner NULs escaped ("a\0b"), as dtc 1.6 (Debian 12's) prints it.
    let text = "";
    for (let i = 0; i < len - 1; i++) {
      const c = v[i]!;
      text += c === 0 ? "\\0" : (ESCAPES[c] ?? String.fromCharCode(c));
    }
    return ` = "${text}"`;
  }
  if (len % 4 === 0) {
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    const out: string[] = [];
    for (let i = 0; i < len; i += 4) out.push(`0x${dv.getUint32(i).toString(16).padStart(2, "0")}`);
    return ` = <${out.join(" ")}>`;
  }
  return ` = [${Array.from(v, (b) => b.toString(16).padStart(2, "0")).join(" ")}]`;
}

function node(n: FdtNode, level: number, out: string[]): void {
  const tabs = "\t".repeat(level);
  out.push(`${tabs}${n.name ? n.name : "/"} {`);
  for (const p of n.props) out.push(`${tabs}\t${p.name}${propValue(p)};`);
  for (const c of n.children) {
    if (c.nopped) continue;
    out.push("");
    node(c, level + 1, out);
  }
  out.push(`${tabs}};`);
}

export function toDts(root: FdtNode): string {
  const out: string[] = ["/dts-v1/;", ""];
  node(root, 0, out);
  return `${out.join("\n")}\n`;
}
