/**
 * `npm run build:samples`: writes the synthetic sample kernel images to public/images/
 * (the one place generated files are committed). They are built by
 * src/xen-core/toolstack/kernel/samples.ts, the same code the dom0 shell uses for its
 * images/ directory; src/xen-core/toolstack/kernel/samples.test.ts checks that the
 * committed files are what this writes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { SAMPLE_IMAGES } from "../src/xen-core/toolstack/kernel/samples";

const dir = new URL("../public/images/", import.meta.url);
mkdirSync(dir, { recursive: true });
for (const s of SAMPLE_IMAGES) {
  const bytes = s.bytes();
  writeFileSync(new URL(s.name, dir), bytes);
  console.log(`public/images/${s.name}  ${bytes.length} bytes  ${s.description}`);
}
