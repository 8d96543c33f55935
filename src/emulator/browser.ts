/**
 * Real guests in the page: v86's wasm from Vite's asset URL (compiled once, shared by
 * every guest), guest images fetched from `images/` next to the page (public/images,
 * served as static files; the lab works offline once loaded). Each guest's emulator
 * runs on the page's thread, scheduled by the shared GuestScheduler in slices that
 * leave the page responsive.
 */
import wasmUrl from "v86/build/v86.wasm?url";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import type { GuestHost } from "./guest-host";
import { createV86GuestHost } from "./v86-host";
import { v86WasmFromUrl, type V86Wasm } from "./wasm";

let wasm: V86Wasm | undefined;

async function fetchImage(file: string): Promise<Uint8Array> {
  const url = new URL(`images/${file}`, document.baseURI);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fetching ${url.href}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** A GuestHost for `hv` whose guests run in v86 in this page. */
export function browserGuestHost(hv: Hypervisor): GuestHost {
  wasm ??= v86WasmFromUrl(wasmUrl);
  return createV86GuestHost(hv, { wasm, loadImage: fetchImage, budgetMs: 6 });
}
