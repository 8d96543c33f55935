/**
 * Text and bytes one to one (Latin-1): the console ring, the dom0 shell's files and the
 * sysctl buffers hold bytes; the model's strings are ASCII in practice. No TextEncoder:
 * xen-core compiles without the DOM and Node libraries.
 */
export function textBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Latin-1 as is; anything beyond becomes '?', as a byte-oriented editor would save it.
    out[i] = c < 256 ? c : 0x3f;
  }
  return out;
}

export function bytesText(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192)
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}
