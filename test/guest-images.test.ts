/**
 * The committed guest images are what the sources build (public/images also holds
 * other helpers' sample files; only the manifest's are ours): `guests/build.sh` into a
 * temporary directory must give the same bytes (the build is reproducible: fixed
 * flags, no paths, no build id, no timestamps), and the manifest's sha256 and sizes
 * must describe the committed files. Needs Debian's gcc and binutils (.ci/run
 * installs them on a machine that lacks them).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ImageManifest } from "../src/emulator/images";

const images = join(__dirname, "..", "public", "images");
const manifest = JSON.parse(readFileSync(join(images, "manifest.json"), "utf8")) as ImageManifest;

describe("guest images", () => {
  it("manifest.json describes every committed image", () => {
    expect(manifest.images.map((i) => i.name)).toEqual(["labkernel", "labkernel-resume", "labfw"]);
    for (const image of manifest.images) {
      const bytes = readFileSync(join(images, image.file));
      expect(createHash("sha256").update(bytes).digest("hex"), image.file).toBe(image.sha256);
      expect(bytes.length, image.file).toBe(image.size);
    }
    expect(manifest.images.find((i) => i.name === "labfw")!.size).toBe(65536);
  });

  it("rebuild from guests/ gives the committed bytes", () => {
    const out = mkdtempSync(join(tmpdir(), "xenlab-guests-"));
    try {
      execFileSync("bash", [join(__dirname, "..", "guests", "build.sh"), out], { stdio: "pipe" });
      const built = readdirSync(out).sort();
      expect(built).toEqual([...manifest.images.map((i) => i.file), "manifest.json"].sort());
      for (const file of built) {
        const same = readFileSync(join(out, file)).equals(readFileSync(join(images, file)));
        expect(same, `${file} differs from the committed one: run npm run build:guests`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
