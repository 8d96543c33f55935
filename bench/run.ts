/**
 * `npm run bench`: prints every figure with its same-run baseline and ratio.
 * `--json` prints the object `xenlab bench --json` documents in DESIGN.md.
 * Figures are printed, never judged: these machines are noisy.
 */
import { abFigures } from "./ab";
import { modelFigures } from "./all";
import { formatFigures } from "./figures";
import { shareFigures } from "./share";

const figures = [...(await modelFigures()), ...shareFigures(), ...(await abFigures())];
if (process.argv.includes("--json")) {
  const pkg = (await import("../package.json", { with: { type: "json" } })).default;
  console.log(JSON.stringify({ xenlab: pkg.version, node: process.version, figures }, null, 2));
} else {
  console.log(formatFigures(figures));
}
