/**
 * The page's console streams, one per console tab, living outside React so that tabs,
 * StrictMode's double mount and layout changes never lose output. Consoles that other
 * layers provide (the dom0 shell, guests' serial ports) register here when they exist.
 */
import { TextStream } from "./text-stream";

export interface ConsoleTab {
  readonly id: string;
  /** The tab's label and its terminal's accessible name. */
  readonly label: string;
  readonly stream: TextStream;
  /** Keyboard input, for consoles that take it (a guest's serial port, the dom0 shell). */
  readonly input?: (data: string) => void;
}

export const xenConsoleStream = new TextStream("xen");

export const XEN_CONSOLE_TAB: ConsoleTab = {
  id: "xen",
  label: "Xen console",
  stream: xenConsoleStream,
};
