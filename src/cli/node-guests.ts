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
import { EmulatedGuestPort } from "../emulator/guest-port";
import { emulatedGuestStarter } from "../emulator/toolstack-hook";
import { compileV86Wasm, type V86Wasm } from "../emulator/wasm";
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import type { RunnerPorts } from "../xen-core/scenario/ports";
import type { ToolstackOptions } from "../xen-core/toolstack/options";

let compiled: Promise<V86Wasm> | undefined;

/** v86's module, compiled once per process when the first guest starts. */
export const nodeV86Wasm: V86Wasm = {
  instantiate: async (imports) => {
    compiled ??= (async () => {
      const path = createRequire(import.meta.url).resolve("v86/build/v86.wasm");
      return compileV86Wasm(await readFile(path));
    })();
    return (await compiled).instantiate(imports);
  },
};

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
export function nodeGuestHost(hv: Hypervisor): GuestHost {
  return createV86GuestHost(hv, { wasm: nodeV86Wasm, loadImage: readImage });
}

/**
 * What a scenario run needs for emulated guests (RunOptions.ports and .toolstack): a
 * GuestHost for the run's hypervisor, its GuestPort, and the toolstack hook through
 * which `xl create` of `kernel = "labkernel"` starts a guest. Runs using it go one
 * after the other (the hook serves the latest run's host). `dispose` stops the guests
 * the runs left.
 */
export function nodeRunnerPorts(): {
  ports: (hv: Hypervisor) => RunnerPorts;
  toolstack: ToolstackOptions;
  dispose: () => void;
} {
  const hosts: GuestHost[] = [];
  return {
    ports: (hv) => {
      const host = nodeGuestHost(hv);
      hosts.push(host);
      return { guests: new EmulatedGuestPort(host) };
    },
    toolstack: { onDomainStarted: emulatedGuestStarter(() => hosts.at(-1)) },
    dispose: () => {
      for (const host of hosts.splice(0)) host.dispose();
    },
  };
}
