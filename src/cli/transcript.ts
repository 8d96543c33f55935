/** How each stream of a run looks on the terminal. */
import type { TranscriptLine } from "../xen-core/scenario/runner";

export function formatTranscriptLine(line: TranscriptLine): string {
  switch (line.stream) {
    case "xen":
      return line.text; // already "(XEN) ..." or "(dN) ..." as the ring holds it
    case "dom0":
      return `dom0: ${line.text}`;
    case "serial":
      return `d${line.domid ?? "?"}: ${line.text}`;
    case "runner":
      return `xenlab: ${line.text}`;
  }
}
