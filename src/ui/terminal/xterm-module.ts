/**
 * xterm.js and its fit addon (and stylesheet), loaded on demand as their own chunk so
 * the page's first render does not wait for the terminal emulator.
 */
import "@xterm/xterm/css/xterm.css";

export { Terminal } from "@xterm/xterm";
export { FitAddon } from "@xterm/addon-fit";
