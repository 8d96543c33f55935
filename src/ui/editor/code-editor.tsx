/**
 * A Monaco editor for one small file (a scenario, an xl.cfg), created directly with
 * monaco.editor.create (no wrapper package: @monaco-editor/react would fetch Monaco
 * from a CDN). Monaco loads on first use; until then, and on touch devices where Monaco
 * does not work, a plain text area edits the same text. Markers (parse errors with
 * line and column) and whole-line decorations (the current step) come in as props.
 */
import { useEffect, useRef, useState } from "react";
import type { editor } from "monaco-editor/editor/editor.api";
import type * as MonacoModuleNs from "./monaco";
import { useLab } from "../store/store";
import { pageFontScale, pageTheme } from "../store/present-slice";

export interface EditorMarker {
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
  readonly message: string;
  readonly severity: "error" | "warning" | "info";
}

export interface LineDecoration {
  readonly line: number;
  /** CSS class for the whole line. */
  readonly className: string;
  /** CSS class for the glyph margin (a status mark). */
  readonly glyph?: string;
  readonly hover?: string;
}

interface Props {
  readonly value: string;
  readonly language: string;
  readonly ariaLabel: string;
  readonly onChange: (text: string) => void;
  readonly markers?: readonly EditorMarker[];
  readonly lines?: readonly LineDecoration[];
  /** Scroll to a line; the nonce makes asking twice for the same line work. */
  readonly reveal?: { readonly line: number; readonly nonce: number };
}

type MonacoModule = typeof MonacoModuleNs;

let loading: Promise<MonacoModule> | undefined;
export function loadMonaco(): Promise<MonacoModule> {
  loading ??= import("./monaco");
  return loading;
}

/** Monaco does not support mobile browsers (no fine pointer): keep the text area there. */
const touchOnly = () =>
  typeof matchMedia === "function" &&
  matchMedia("(pointer: coarse)").matches &&
  !matchMedia("(any-pointer: fine)").matches;

export function CodeEditor(props: Props) {
  const { value, language, ariaLabel, markers, lines, reveal } = props;
  const theme = useLab(pageTheme);
  const fontScale = useLab(pageFontScale);
  const presenting = useLab((s) => s.presenting);
  const box = useRef<HTMLDivElement>(null);
  const [mod, setMod] = useState<MonacoModule | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const editorRef = useRef<editor.IStandaloneCodeEditor | undefined>(undefined);
  const decorations = useRef<editor.IEditorDecorationsCollection | undefined>(undefined);
  const onChange = useRef(props.onChange);
  const valueRef = useRef(value);
  const themeRef = useRef(theme);
  useEffect(() => {
    onChange.current = props.onChange;
    valueRef.current = value;
    themeRef.current = theme;
  });

  useEffect(() => {
    if (touchOnly()) return;
    let live = true;
    loadMonaco().then(
      (m) => live && setMod(m),
      (err: unknown) => live && setLoadError(String(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!mod || !box.current) return;
    const { monaco } = mod;
    const model = monaco.editor.createModel(valueRef.current, language);
    const ed = monaco.editor.create(box.current, {
      model,
      theme: themeRef.current === "dark" ? "xenlab-dark" : "xenlab-light",
      automaticLayout: true,
      minimap: { enabled: false },
      glyphMargin: true,
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: "none",
      ariaLabel,
      fixedOverflowWidgets: true,
    });
    editorRef.current = ed;
    decorations.current = ed.createDecorationsCollection();
    const sub = ed.onDidChangeModelContent(() => {
      const text = model.getValue();
      if (text !== valueRef.current) onChange.current(text);
    });
    return () => {
      sub.dispose();
      decorations.current = undefined;
      editorRef.current = undefined;
      ed.dispose();
      model.dispose();
    };
  }, [mod, language, ariaLabel]);

  // Text set from outside (the picker, the form): replace it as one undoable edit.
  useEffect(() => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    if (!ed || !model || model.getValue() === value) return;
    ed.executeEdits("xenlab", [{ range: model.getFullModelRange(), text: value }]);
    ed.pushUndoStop();
  }, [value, mod]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!mod || !model) return;
    const sev = mod.monaco.MarkerSeverity;
    mod.monaco.editor.setModelMarkers(
      model,
      "xenlab",
      (markers ?? []).map((m) => ({
        startLineNumber: m.line,
        startColumn: m.col,
        endLineNumber: m.endLine ?? m.line,
        endColumn: m.endCol ?? model.getLineMaxColumn(Math.min(m.line, model.getLineCount())),
        message: m.message,
        severity:
          m.severity === "error" ? sev.Error : m.severity === "warning" ? sev.Warning : sev.Info,
      })),
    );
  }, [markers, mod, value]);

  useEffect(() => {
    decorations.current?.set(
      (lines ?? []).map((l) => ({
        range: { startLineNumber: l.line, startColumn: 1, endLineNumber: l.line, endColumn: 1 },
        options: {
          isWholeLine: true,
          className: l.className,
          glyphMarginClassName: l.glyph,
          glyphMarginHoverMessage: l.hover ? { value: l.hover } : undefined,
        },
      })),
    );
  }, [lines, mod]);

  useEffect(() => {
    const ed = editorRef.current;
    if (!ed || !reveal) return;
    ed.revealLineInCenterIfOutsideViewport(reveal.line);
    ed.setPosition({ lineNumber: reveal.line, column: 1 });
  }, [reveal, mod]);

  useEffect(() => {
    mod?.monaco.editor.setTheme(theme === "dark" ? "xenlab-dark" : "xenlab-light");
  }, [theme, mod]);

  useEffect(() => {
    editorRef.current?.updateOptions({ fontSize: Math.round(13 * fontScale) });
  }, [fontScale, mod]);

  // Presenter mode: the text alone, without gutters (line numbers, glyphs, folding).
  useEffect(() => {
    editorRef.current?.updateOptions({
      lineNumbers: presenting ? "off" : "on",
      glyphMargin: !presenting,
      folding: !presenting,
    });
  }, [presenting, mod]);

  if (!mod) {
    return (
      <div className="editor-fallback">
        {loadError && (
          <p className="error" role="alert">
            The code editor could not load ({loadError}); a plain text area edits the file instead.
          </p>
        )}
        <textarea
          aria-label={ariaLabel}
          spellCheck={false}
          value={value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </div>
    );
  }
  return <div ref={box} className="monaco-box" data-editor={language} />;
}
