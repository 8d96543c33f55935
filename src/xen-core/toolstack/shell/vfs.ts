/**
 * dom0's small file system: /root (the shell starts there) holding the scenario's
 * files, and /root/images with the lab's sample kernels (read-only). Paths are
 * POSIX-like: relative to the current directory, "." and ".." understood, "//"
 * collapsed. Files are bytes; text is stored as Latin-1, which is what xl's 8-bit
 * scanner reads.
 */
import { sampleImages } from "../kernel/samples";
import { bytesText, textBytes } from "../../memory/latin1";

export { bytesText, textBytes };

export const HOME = "/root";
export const IMAGES = "/root/images";

export type VfsError = "ENOENT" | "EISDIR" | "ENOTDIR" | "EROFS" | "EEXIST";

export class Vfs {
  private readonly files = new Map<string, Uint8Array>();
  private readonly readOnly = new Set<string>();
  private readonly dirs = new Set<string>(["/", HOME, IMAGES]);
  cwd = HOME;

  constructor(files: Readonly<Record<string, string | Uint8Array>> = {}) {
    for (const [name, bytes] of sampleImages()) {
      this.files.set(`${IMAGES}/${name}`, bytes);
      this.readOnly.add(`${IMAGES}/${name}`);
    }
    for (const [name, content] of Object.entries(files)) {
      const path = this.resolve(name);
      this.mkdirs(parent(path));
      this.files.set(path, typeof content === "string" ? textBytes(content) : content);
    }
  }

  /** An absolute, normalised path. */
  resolve(path: string): string {
    const parts = (path.startsWith("/") ? path : `${this.cwd}/${path}`).split("/");
    const out: string[] = [];
    for (const p of parts) {
      if (!p || p === ".") continue;
      if (p === "..") out.pop();
      else out.push(p);
    }
    return `/${out.join("/")}`;
  }

  private mkdirs(dir: string): void {
    for (let d = dir; d !== "/" && !this.dirs.has(d); d = parent(d)) this.dirs.add(d);
  }

  isDir(path: string): boolean {
    return this.dirs.has(this.resolve(path));
  }

  read(path: string): Uint8Array | undefined {
    return this.files.get(this.resolve(path));
  }

  write(path: string, bytes: Uint8Array, append = false): VfsError | undefined {
    const abs = this.resolve(path);
    if (this.dirs.has(abs)) return "EISDIR";
    if (this.readOnly.has(abs) || abs.startsWith(`${IMAGES}/`)) return "EROFS";
    if (!this.dirs.has(parent(abs))) return "ENOENT";
    const old = append ? this.files.get(abs) : undefined;
    if (old) {
      const joined = new Uint8Array(old.length + bytes.length);
      joined.set(old);
      joined.set(bytes, old.length);
      this.files.set(abs, joined);
    } else this.files.set(abs, bytes);
    return undefined;
  }

  remove(path: string): VfsError | undefined {
    const abs = this.resolve(path);
    if (this.dirs.has(abs)) return "EISDIR";
    if (!this.files.has(abs)) return "ENOENT";
    if (this.readOnly.has(abs)) return "EROFS";
    this.files.delete(abs);
    return undefined;
  }

  /** Entries of a directory: names, directories with a trailing "/". */
  list(path: string): { name: string; dir: boolean; size: number }[] | VfsError {
    const abs = this.resolve(path);
    if (this.files.has(abs)) return [{ name: path, dir: false, size: this.files.get(abs)!.length }];
    if (!this.dirs.has(abs)) return "ENOENT";
    const prefix = abs === "/" ? "/" : `${abs}/`;
    const out = new Map<string, { name: string; dir: boolean; size: number }>();
    for (const d of this.dirs)
      if (d.startsWith(prefix) && d !== abs && !d.slice(prefix.length).includes("/"))
        out.set(d, { name: d.slice(prefix.length), dir: true, size: 4096 });
    for (const [f, bytes] of this.files)
      if (f.startsWith(prefix) && !f.slice(prefix.length).includes("/"))
        out.set(f, { name: f.slice(prefix.length), dir: false, size: bytes.length });
    return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function parent(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}
