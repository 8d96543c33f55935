/**
 * Monaco, as the lab loads it: only through a dynamic import of this module (its own
 * chunk, never in the first one), from the npm package (never a CDN, so the page works
 * offline), the editor core with the few contributions an editor of small files needs,
 * the lab's two Monarch languages, and the editor worker alone (no language workers).
 */
import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/contextmenu/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import {
  SCENARIO_LANGUAGE,
  XLCFG_LANGUAGE,
  scenarioConfig,
  scenarioTokens,
  xlcfgConfig,
  xlcfgTokens,
} from "./languages";

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.languages.register({ id: SCENARIO_LANGUAGE, extensions: [".yaml"], aliases: ["Scenario"] });
monaco.languages.setMonarchTokensProvider(SCENARIO_LANGUAGE, scenarioTokens);
monaco.languages.setLanguageConfiguration(SCENARIO_LANGUAGE, scenarioConfig);
monaco.languages.register({ id: XLCFG_LANGUAGE, extensions: [".cfg"], aliases: ["xl.cfg"] });
monaco.languages.setMonarchTokensProvider(XLCFG_LANGUAGE, xlcfgTokens);
monaco.languages.setLanguageConfiguration(XLCFG_LANGUAGE, xlcfgConfig);

const rules = (dark: boolean): monaco.editor.ITokenThemeRule[] => [
  { token: "comment", foreground: dark ? "8b949e" : "6e7781", fontStyle: "italic" },
  { token: "keyword", foreground: dark ? "ff7b72" : "cf222e", fontStyle: "bold" },
  { token: "keyword.modifier", foreground: dark ? "d2a8ff" : "8250df" },
  { token: "type.identifier", foreground: dark ? "79c0ff" : "0550ae", fontStyle: "bold" },
  { token: "attribute.name", foreground: dark ? "7ee787" : "116329" },
  { token: "type", foreground: dark ? "ffa657" : "953800" },
  { token: "number.errno", foreground: dark ? "f0665d" : "cf222e" },
  { token: "number", foreground: dark ? "79c0ff" : "0550ae" },
  { token: "string", foreground: dark ? "a5d6ff" : "0a3069" },
  { token: "regexp", foreground: dark ? "7ee787" : "116329" },
  { token: "variable", foreground: dark ? "ffa657" : "953800" },
];

monaco.editor.defineTheme("xenlab-dark", {
  base: "vs-dark",
  inherit: true,
  rules: rules(true),
  colors: { "editor.background": "#0d1117", "editorGutter.background": "#0d1117" },
});
monaco.editor.defineTheme("xenlab-light", {
  base: "vs",
  inherit: true,
  rules: rules(false),
  colors: {},
});

export { monaco };
