/**
 * xlu__cfgl_dequote(), tools/libs/util/libxlu_cfg.c: the text between the quotes with
 * backslash escapes. Modelled as the code behaves, not as it was meant:
 *
 * - \" \' \\ \a \b \f \n \r \t \v are what C means by them.
 * - \x always fails: the code skips the character after the x before reading up to two
 *   hex digits, then demands more than two ("invalid digit after backslash
 *   hexnumerical character escape in quoted string").
 * - \0..\7 starts an "octal" escape that reads up to three more characters with
 *   strtoul(..., 10) (so leading blanks and a sign are accepted); fewer than two
 *   digits there is an error; on success the escaped character is dropped, never stored.
 * - Any other character after a backslash: "invalid character after backlash in
 *   quoted string" (sic).
 * On an error the value is cut where it happened.
 */

const SIMPLE: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

const isCSpace = (ch: string | undefined) =>
  ch === " " || ch === "\t" || ch === "\n" || ch === "\v" || ch === "\f" || ch === "\r";

/**
 * How many characters of `buf` strtoul(buf, &ep, base) consumes (ep - buf): leading
 * white space, an optional sign, then digits; 0 when there are no digits.
 */
export function strtoulConsumed(buf: string, base: 10 | 16): number {
  let i = 0;
  while (isCSpace(buf[i])) i++;
  if (buf[i] === "+" || buf[i] === "-") i++;
  const digits = base === 10 ? /[0-9]/ : /[0-9a-fA-F]/;
  const first = i;
  while (i < buf.length && digits.test(buf[i]!)) i++;
  return i > first ? i : 0;
}

/** `src` is the whole token, quotes included. `onError` receives libxlu's message. */
export function dequote(src: string, onError: (message: string) => void): string {
  const end = src.length - 1;
  let out = "";
  let p = 1;
  while (p < end) {
    const c = src[p++]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const nc = src[p++]!;
    const simple = SIMPLE[nc];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    // NUMERIC_CHAR(minlen, maxlen, base): strncpy maxlen chars (stopping at the token's
    // end), strtoul, fail when ep <= numbuf + minlen.
    let minlen: number;
    let maxlen: number;
    let base: 10 | 16;
    let kind: string;
    if (nc === "x") {
      p++;
      [minlen, maxlen, base, kind] = [2, 2, 16, "hex"];
    } else if (nc >= "0" && nc <= "7") {
      [minlen, maxlen, base, kind] = [1, 3, 10, "octal"];
    } else {
      onError("invalid character after backlash in quoted string");
      return out;
    }
    const consumed = strtoulConsumed(src.slice(p, p + maxlen), base);
    if (consumed <= minlen) {
      onError(`invalid digit after backslash ${kind}numerical character escape in quoted string`);
      return out;
    }
    p += consumed;
  }
  return out;
}
