/**
 * `npm run bench`: prints every figure with its same-run baseline and ratio.
 * `--json` prints the object `xenlab bench --json` documents in DESIGN.md.
 * Figures are printed, never judged: these machines are noisy.
 */
import { coreFigures } from "./core";
import { evtchnFigures } from "./evtchn";
import { formatFigures } from "./figures";
import { guestFigures } from "./guest";
import { scenarioFigures } from "./scenario";
import { shareFigures } from "./share";
import { toolstackFigures } from "./toolstack";

const figures = [
  ...coreFigures(),
  ...evtchnFigures(),
  ...scenarioFigures(),
  ...toolstackFigures(),
  ...shareFigures(),
  ...(await guestFigures()),
];
if (process.argv.includes("--json")) {
  const pkg = (await import("../package.json", { with: { type: "json" } })).default;
  console.log(JSON.stringify({ xenlab: pkg.version, node: process.version, figures }, null, 2));
} else {
  console.log(formatFigures(figures));
}
