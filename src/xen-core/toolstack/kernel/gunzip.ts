/**
 * gzip for the kernel probes, with fflate (synchronous, so xen-core stays pure). Only
 * the start of the stream is inflated, enough for a kernel header; the full size comes
 * from the gzip trailer (ISIZE, the last four bytes), as both Xen
 * (xen/common/device-tree/kernel.c output_length) and libxc (xg_dom_core.c
 * xc_dom_check_gzip) take it.
 */
import { Gunzip } from "fflate";
import { le32, type KernelSource } from "./source";

/** Bytes of compressed input fed per step. */
const CHUNK = 64 * 1024;

export type GunzipHead =
  | { readonly ok: true; readonly head: Uint8Array; readonly isize: number }
  | { readonly ok: false; readonly error: string };

/** Inflate until `want` bytes came out (or the stream ended) from `offset` on. */
export function gunzipHead(src: KernelSource, want: number, offset = 0): GunzipHead {
  const tail = src.read(src.size - 4, 4);
  const isize = tail.length === 4 ? le32(tail, 0)! : 0;
  const out = new Uint8Array(want);
  let got = 0;
  const g = new Gunzip((chunk) => {
    const n = Math.min(chunk.length, want - got);
    out.set(chunk.subarray(0, n), got);
    got += n;
  });
  try {
    for (let at = offset; at < src.size && got < want; at += CHUNK) {
      const chunk = src.read(at, CHUNK);
      if (!chunk.length) break;
      g.push(chunk, at + chunk.length >= src.size);
    }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  return { ok: true, head: out.subarray(0, got), isize };
}
