/**
 * The Create domain panel's xl.cfg tab: the config in Monaco (its own xl.cfg
 * tokenizer), what `xl create` would make of it, live (parser, xl and libxl messages;
 * the ones with a place in the file as editor markers), the kernel from the shipped
 * images or a file dropped here (its header probed, the answer shown), and `xl create`
 * in the lab's dom0 shell.
 */
import { useEffect, useMemo, useState, useSyncExternalStore, type DragEvent } from "react";
import { CodeEditor, type EditorMarker } from "../editor/code-editor";
import { XLCFG_LANGUAGE } from "../editor/languages";
import {
  addKernelFile,
  droppedFileMap,
  kernelFiles,
  probeFor,
  probeSummary,
  sampleKernelPaths,
  subscribeKernelFiles,
} from "../lab/kernel-files";
import { previewXlCreate, type XlPreview } from "../lab/xl-preview";
import { setCfgKey } from "../lab/xlcfg-form";
import { xlCreateFromCfg } from "../store/actions";
import { useLab } from "../store/store";
import { cmdlineFor } from "../store/create-slice";

const PREVIEW_DELAY_MS = 250;

function markersOf(p: XlPreview | undefined): EditorMarker[] {
  if (!p) return [];
  return p.diagnostics.map((d) => ({
    line: d.range.start.line,
    col: d.range.start.col,
    endLine: d.range.end.line,
    endCol: Math.max(d.range.end.col, d.range.start.col + 1),
    message: d.printed ?? `${d.message} (xl stays silent about this one)`,
    severity: d.severity,
  }));
}

export function XlcfgTab() {
  const text = useLab((s) => s.xlcfg);
  const setText = useLab((s) => s.setXlcfg);
  const adopt = useLab((s) => s.adoptCfgFields);
  const settings = useLab((s) => s.session.settings);
  const dropped = useSyncExternalStore(subscribeKernelFiles, kernelFiles);
  const [preview, setPreview] = useState<XlPreview | undefined>(undefined);
  const [dropError, setDropError] = useState<string | undefined>(undefined);
  const [dragging, setDragging] = useState(false);

  // What xl would do, recomputed a moment after the last keystroke, in a scratch lab.
  useEffect(() => {
    const t = setTimeout(() => {
      const p = previewXlCreate(settings, text, droppedFileMap());
      setPreview(p);
      adopt({
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.vcpus !== undefined ? { maxVcpus: p.vcpus } : {}),
        ...(p.memoryMiB !== undefined ? { memoryMiB: p.memoryMiB } : {}),
        ...(p.flags !== undefined ? { flags: p.flags } : {}),
        ...(p.cmdline === cmdlineFor("modelled-2l")
          ? { kernel: "modelled-2l" as const }
          : p.cmdline === cmdlineFor("modelled-fifo")
            ? { kernel: "modelled-fifo" as const }
            : {}),
      });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, settings, dropped, adopt]);

  const markers = useMemo(() => markersOf(preview), [preview]);
  const kernel = preview?.kernel;
  const probe = useMemo(() => probeFor(kernel, dropped), [kernel, dropped]);
  const summary = probe ? probeSummary(probe) : undefined;

  const onFiles = async (list: FileList | null) => {
    const file = list?.[0];
    if (!file) return;
    const r = await addKernelFile(file);
    if (typeof r === "string") return setDropError(r);
    setDropError(undefined);
    setText(setCfgKey(text, "kernel", `"${r.name}"`));
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    void onFiles(e.dataTransfer.files);
  };

  return (
    <div
      className={`xlcfg-tab${dragging ? " dragging" : ""}`}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="toolbar-row">
        <label>
          Kernel
          <select
            aria-label="Kernel image"
            value={kernel ?? ""}
            onChange={(e) =>
              setText(setCfgKey(text, "kernel", e.target.value ? `"${e.target.value}"` : undefined))
            }
          >
            <option value="">(none)</option>
            {settings.arch === "x86_64" && (
              <option value="labkernel">labkernel (real code, in v86)</option>
            )}
            {sampleKernelPaths().map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            {dropped.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} (dropped)
              </option>
            ))}
            {kernel &&
              !(kernel === "labkernel" && settings.arch === "x86_64") &&
              !sampleKernelPaths().includes(kernel) &&
              !dropped.some((f) => f.name === kernel) && <option value={kernel}>{kernel}</option>}
          </select>
        </label>
        <label className="file-button">
          Drop a kernel, or choose…
          <input
            type="file"
            aria-label="Kernel file"
            onChange={(e) => void onFiles(e.target.files)}
          />
        </label>
        <button className="primary" onClick={() => xlCreateFromCfg(text)}>
          xl create
        </button>
      </div>
      {dropError && (
        <p className="error" role="alert">
          {dropError}
        </p>
      )}
      {summary && (
        <p
          className={summary.ok ? "probe ok" : "probe error"}
          role="status"
          data-testid="kernel-probe"
        >
          {summary.text}
        </p>
      )}
      <XlVerdict preview={preview} />
      <div className="editor-slot">
        <CodeEditor
          value={text}
          language={XLCFG_LANGUAGE}
          ariaLabel="xl.cfg"
          onChange={setText}
          markers={markers}
        />
      </div>
    </div>
  );
}

function XlVerdict({ preview }: { preview: XlPreview | undefined }) {
  if (!preview) return <div className="hint">Reading the config…</div>;
  const { exit, output, unplaced, diagnostics } = preview;
  const shown =
    exit === 0 ? [] : [...diagnostics.filter((d) => d.printed).map((d) => d.printed!), ...unplaced];
  return (
    <div
      className={`verdict ${exit === 0 ? "ok" : "error"}`}
      role="status"
      data-testid="xl-verdict"
    >
      {exit === 0 ? (
        <span>
          xl create would succeed: {preview.name}, {preview.vcpus} vCPU
          {preview.vcpus === 1 ? "" : "s"}, {preview.memoryMiB} MiB, createdomain flags 0x
          {(preview.flags ?? 0).toString(16)}
        </span>
      ) : (
        <>
          <span>xl create would fail (exit {exit}):</span>
          {(shown.length ? shown : output.slice(1)).map((l, i) => (
            <code key={i} className="console-line">
              {l}
            </code>
          ))}
        </>
      )}
    </div>
  );
}
