/**
 * Wiring for real guests: one compiled v86 module, one scheduler and one image store
 * shared by every guest of a GuestHost. The page passes a wasm from its URL and a
 * fetch-based image loader; Node (the CLI, tests, benches) passes the module compiled
 * from node_modules and a file-system loader (src/cli/node-guests.ts).
 */
import type { Hypervisor } from "../xen-core/hypervisor/hypervisor";
import { GuestHost } from "./guest-host";
import { ImageStore, type ImageFileLoader } from "./images";
import { Rendezvous } from "./rendezvous";
import { GuestScheduler } from "./scheduler";
import { V86Runner } from "./v86-runner";
import type { V86Wasm } from "./wasm";

export interface V86HostOptions {
  readonly wasm: V86Wasm;
  readonly loadImage: ImageFileLoader;
  /** Scheduler time slice before yielding to the event loop (ms); 8 by default. */
  readonly budgetMs?: number;
}

export function createV86GuestHost(hv: Hypervisor, options: V86HostOptions): GuestHost {
  const scheduler = new GuestScheduler(options.budgetMs);
  const images = new ImageStore(options.loadImage);
  const rendezvous = new Rendezvous();
  return new GuestHost(
    hv,
    (ctx) =>
      new V86Runner(ctx, {
        wasm: options.wasm,
        scheduler,
        rendezvous,
        images: (spec) => images.forSpec(spec),
      }),
    () => scheduler.dispose(),
  );
}
