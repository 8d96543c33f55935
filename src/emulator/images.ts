/**
 * The guest images built by `npm run build:guests` (guests/build.sh) and described by
 * public/images/manifest.json: labkernel (boot flavour), labkernel-resume (the 2-level
 * resume kernel, given to labkernel as its multiboot module) and labfw (the HVM
 * firmware). Where the bytes come from is the caller's: fetch in the page, the file
 * system in Node.
 */
import type { GuestSpec } from "./guest-runner";

export interface ImageEntry {
  readonly name: string;
  readonly file: string;
  readonly flavour: string;
  readonly sha256: string;
  readonly size: number;
  readonly description: string;
}

export interface ImageManifest {
  readonly format: string;
  readonly toolchain: string;
  readonly images: readonly ImageEntry[];
}

export interface GuestImages {
  readonly kernel: Uint8Array;
  /** The resume kernel for `hibernate` (labkernel only). */
  readonly resume?: Uint8Array;
  /** labfw, for type="hvm". */
  readonly firmware?: Uint8Array;
}

/** Reads a file of public/images by name ("manifest.json", "labkernel.elf"). */
export type ImageFileLoader = (file: string) => Promise<Uint8Array>;

export const DEFAULT_KERNEL = "labkernel";
const RESUME_KERNEL = "labkernel-resume";
const FIRMWARE = "labfw";

export class ImageStore {
  private manifestPromise: Promise<ImageManifest> | undefined;
  private readonly files = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly load: ImageFileLoader) {}

  manifest(): Promise<ImageManifest> {
    return (this.manifestPromise ??= this.load("manifest.json").then(
      (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as ImageManifest,
    ));
  }

  async image(name: string): Promise<Uint8Array> {
    const entry = (await this.manifest()).images.find((i) => i.name === name);
    if (!entry) throw new Error(`no guest image '${name}' in manifest.json`);
    let file = this.files.get(entry.file);
    if (!file) {
      file = this.load(entry.file);
      this.files.set(entry.file, file);
    }
    return file;
  }

  async forSpec(spec: GuestSpec): Promise<GuestImages> {
    const kernelName = spec.kernel ?? DEFAULT_KERNEL;
    const [kernel, resume, firmware] = await Promise.all([
      this.image(kernelName),
      kernelName === DEFAULT_KERNEL ? this.image(RESUME_KERNEL) : undefined,
      spec.type === "hvm" ? this.image(FIRMWARE) : undefined,
    ]);
    return { kernel, resume, firmware };
  }
}
