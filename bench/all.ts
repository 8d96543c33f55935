/**
 * The model's figures (hypervisor, event channels, scenarios, toolstack, real guests):
 * what `xenlab bench` prints. `npm run bench` adds the page's own (share links, the
 * A/B view), which need the page's modules and so stay out of the CLI's bundle.
 */
import { coreFigures } from "./core";
import { evtchnFigures } from "./evtchn";
import type { Figure } from "./figures";
import { guestFigures } from "./guest";
import { scenarioFigures } from "./scenario";
import { toolstackFigures } from "./toolstack";

export async function modelFigures(): Promise<Figure[]> {
  return [
    ...coreFigures(),
    ...evtchnFigures(),
    ...scenarioFigures(),
    ...toolstackFigures(),
    ...(await guestFigures()),
  ];
}
