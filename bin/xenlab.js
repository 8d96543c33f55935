#!/usr/bin/env node
// The `xenlab` command. It runs src/cli/main.ts bundled by esbuild, the same way the
// page's code is bundled (no per-call transpiler overhead, production-like figures
// for `xenlab bench`). The bundle is rebuilt when any source is newer than it.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "node_modules", ".cache", "xenlab", "cli.mjs");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

const sources = [join(root, "src"), join(root, "bench")];
const stale =
  !existsSync(bundle) ||
  sources.some((dir) => newestMtime(dir) > statSync(bundle).mtimeMs) ||
  statSync(join(root, "package.json")).mtimeMs > statSync(bundle).mtimeMs;

if (stale) {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [join(root, "src", "cli", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundle,
    logLevel: "warning",
    // CommonJS dependencies (yaml's Node build) may require Node built-ins.
    banner: {
      js: "import { createRequire as __xenlabRequire } from 'node:module'; const require = __xenlabRequire(import.meta.url);",
    },
  });
}

const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
