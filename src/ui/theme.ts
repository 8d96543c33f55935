/**
 * The themes' colours for the parts CSS cannot reach: xterm's renderer and
 * Monaco's token colours. The page itself reads the same values as CSS variables
 * (styles/theme.css), keyed by `data-theme` on the document element. The projector
 * theme is presenter mode's: black on white, saturated colours that survive a
 * washed-out projector.
 */
import type { ITheme } from "@xterm/xterm";
import type { Theme } from "./store/ui-slice";

/** The user's theme, or presenter mode's projector theme. */
export type PageTheme = Theme | "projector";

export const TERMINAL_THEMES: Readonly<Record<PageTheme, ITheme>> = {
  dark: {
    background: "#0d1117",
    foreground: "#d7dde4",
    cursor: "#4fa3ff",
    selectionBackground: "#264f78",
    black: "#1c2128",
    red: "#f0665d",
    green: "#3fb950",
    yellow: "#d29922",
    blue: "#4fa3ff",
    magenta: "#bc8cff",
    cyan: "#39c5cf",
    white: "#d7dde4",
    brightBlack: "#6e7681",
  },
  light: {
    background: "#ffffff",
    foreground: "#1f2328",
    cursor: "#0969da",
    selectionBackground: "#b6d7ff",
    black: "#1f2328",
    red: "#cf222e",
    green: "#1a7f37",
    yellow: "#9a6700",
    blue: "#0969da",
    magenta: "#8250df",
    cyan: "#1b7c83",
    white: "#6e7781",
    brightBlack: "#57606a",
  },
  projector: {
    background: "#ffffff",
    foreground: "#000000",
    cursor: "#0033a0",
    selectionBackground: "#ffe066",
    black: "#000000",
    red: "#b00000",
    green: "#005a00",
    yellow: "#6b4500",
    blue: "#0033a0",
    magenta: "#6a1b9a",
    cyan: "#005a66",
    white: "#333333",
    brightBlack: "#333333",
  },
};

/** Apply the theme to the document (CSS variables switch on data-theme). */
export function applyTheme(theme: PageTheme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme === "dark" ? "dark" : "light";
}
