/**
 * Share links: the whole lab (ShareState) in a URL fragment, `#share=1.<payload>`,
 * where the payload is JSON → UTF-8 → raw DEFLATE (level 9) → base64url and `1` is the
 * format's number (read before anything is inflated, so a newer format is recognised
 * even if its encoding changes). Decoding either returns a checked ShareState or one
 * specific error; it never returns a partial state. Pure: no DOM, no React.
 *
 * Limits, so that a hostile link cannot hang or exhaust the tab: the fragment is at
 * most 64 KiB, and it is inflated a few hundred bytes at a time with the output counted
 * as it comes, stopping at 1 MiB (a DEFLATE bomb expands ~1000×: 64 KiB could
 * otherwise become 64 MiB).
 */
import { deflateSync, Inflate } from "fflate";
import { fromBase64url, toBase64url } from "./base64url";
import {
  checkShareState,
  SHARE_FORMAT,
  SHARE_FORMAT_VERSION,
  ShareSchemaError,
  type ShareState,
} from "./share-state";

export const SHARE_PREFIX = "#share=";
/** Longest fragment (characters after `#share=`) a page accepts. */
export const MAX_FRAGMENT = 64 * 1024;
/** Largest inflated JSON, checked while inflating. */
export const MAX_INFLATED = 1024 * 1024;
/** Input bytes per inflate push: bounds how far past MAX_INFLATED one push can go. */
const INFLATE_CHUNK = 256;

export type ShareErrorKind =
  "not-xenlab" | "corrupted" | "newer-format" | "oversized" | "unknown-profile";

export interface ShareError {
  readonly kind: ShareErrorKind;
  readonly message: string;
  /** Bytes inflated before decoding stopped (the zip-bomb check reports how early). */
  readonly inflated?: number;
}

export type ShareDecode =
  | { readonly ok: true; readonly state: ShareState }
  | { readonly ok: false; readonly error: ShareError };

/** The fragment (with its `#`) for a state. */
export function encodeShare(state: ShareState): string {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `${SHARE_PREFIX}${SHARE_FORMAT_VERSION}.${toBase64url(deflateSync(json, { level: 9 }))}`;
}

/** Whether a location hash is a share link at all (other fragments are left alone). */
export function isShareFragment(hash: string): boolean {
  return hash.startsWith(SHARE_PREFIX);
}

const fail = (kind: ShareErrorKind, message: string, inflated?: number): ShareDecode => ({
  ok: false,
  error: inflated === undefined ? { kind, message } : { kind, message, inflated },
});

class TooLarge extends Error {}

/** Inflate raw DEFLATE, giving up as soon as the output passes `cap` bytes. */
export function inflateCapped(
  input: Uint8Array,
  cap: number,
): { bytes: Uint8Array } | { error: string; inflated: number; tooLarge: boolean } {
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap) throw new TooLarge();
    parts.push(chunk);
  });
  try {
    if (input.length === 0) throw new Error("no data");
    for (let i = 0; i < input.length; i += INFLATE_CHUNK)
      inflater.push(input.subarray(i, i + INFLATE_CHUNK), i + INFLATE_CHUNK >= input.length);
  } catch (e) {
    if (e instanceof TooLarge) return { error: "too large", inflated: total, tooLarge: true };
    return { error: e instanceof Error ? e.message : String(e), inflated: total, tooLarge: false };
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { bytes };
}

const CORRUPTED = "This share link is corrupted";

/** Decode a location hash (`#share=...`) into a checked state, or say exactly why not. */
export function decodeShare(hash: string): ShareDecode {
  if (!isShareFragment(hash))
    return fail("not-xenlab", "This is not a xenlab share link: it has no #share= part.");
  const body = hash.slice(SHARE_PREFIX.length);
  if (body.length > MAX_FRAGMENT)
    return fail(
      "oversized",
      `This share link is too long (${body.length} characters; a xenlab link is at most ${MAX_FRAGMENT}). Nothing was loaded.`,
    );
  const m = /^(\d{1,6})\.(.*)$/s.exec(body);
  if (!m)
    return fail(
      "not-xenlab",
      "This is not a xenlab share link: #share= is not followed by a format number and a payload.",
    );
  const version = Number(m[1]);
  if (version > SHARE_FORMAT_VERSION) return newer(`xenlab-share/${version}`);
  if (version !== SHARE_FORMAT_VERSION)
    return fail("not-xenlab", `This is not a xenlab share link: format ${version} never existed.`);
  const deflated = fromBase64url(m[2]!);
  if (typeof deflated === "string")
    return fail("corrupted", `${CORRUPTED}: ${deflated} (was it cut or retyped?).`);
  const inflated = inflateCapped(deflated, MAX_INFLATED);
  if ("error" in inflated) {
    return inflated.tooLarge
      ? fail(
          "oversized",
          `This share link expands to more than ${MAX_INFLATED / 1024} KiB, more than any lab; it was not loaded.`,
          inflated.inflated,
        )
      : fail(
          "corrupted",
          `${CORRUPTED}: its compressed data does not inflate (${inflated.error}).`,
          inflated.inflated,
        );
  }
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(inflated.bytes);
  } catch {
    return fail("corrupted", `${CORRUPTED}: its data is not UTF-8 text.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return fail(
      "corrupted",
      `${CORRUPTED}: its data is not JSON (${e instanceof Error ? e.message : e}).`,
    );
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== SHARE_FORMAT) {
    const n = typeof format === "string" ? /^xenlab-share\/(\d+)$/.exec(format) : null;
    if (n && Number(n[1]) > SHARE_FORMAT_VERSION) return newer(format as string);
    return fail(
      "not-xenlab",
      `This is not a xenlab share link: its data has no "format": "${SHARE_FORMAT}".`,
    );
  }
  try {
    return { ok: true, state: checkShareState(value) };
  } catch (e) {
    if (!(e instanceof ShareSchemaError)) throw e;
    if (e.kind === "unknown-profile")
      return fail(
        "unknown-profile",
        `This share link cannot be opened here: ${e.field} ${e.expected}.`,
      );
    return fail("corrupted", `${CORRUPTED}: ${e.field} ${e.expected}.`);
  }
}

function newer(format: string): ShareDecode {
  return fail(
    "newer-format",
    `This share link was made by a newer xenlab (format ${format}); this page reads ${SHARE_FORMAT}. Open it with a newer xenlab.`,
  );
}
