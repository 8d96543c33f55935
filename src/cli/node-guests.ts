/**
 * Real guests in Node (the CLI, tests and benches): v86's wasm compiled once from
 * node_modules, guest images read from public/images of this checkout.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createV86GuestHost } from "../emulator/v86-host";
import type { GuestHost } from "../emulator/guest-host";
import { compileV86Wasm, type V86Wasm } from "../emulator/wasm";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";

let wasm: Promise<V86Wasm> | undefined;

/** v86's module, compiled once per process. */
export function nodeV86Wasm(): Promise<V86Wasm> {
  return (wasm ??= (async () => {
    const path = createRequire(import.meta.url).resolve("v86/build/v86.wasm");
    return compileV86Wasm(await readFile(path));
  })());
}

/** public/images of the checkout this module runs from (source, or a bundle in it). */
export function imagesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "public", "images");
    if (existsSync(join(candidate, "manifest.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("public/images/manifest.json not found");
    dir = parent;
  }
}

export async function readImage(file: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(imagesDir(), file)));
}

/** A GuestHost for `hv` whose guests run in v86 in this process. */
export async function nodeGuestHost(hv: Hypervisor): Promise<GuestHost> {
  return createV86GuestHost(hv, { wasm: await nodeV86Wasm(), loadImage: readImage });
}
