/**
 * The Scenario panel's file buttons: Export downloads the editor's text as
 * `<name>.yaml`, Import (button, or a file dropped onto the editor) reads one into the
 * editor, parse errors shown as the editor's markers. A refused file (binary, over
 * 1 MiB) leaves the editor as it was and says why.
 */
import { useRef, useState, type DragEvent } from "react";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import { parseForPage } from "../lab/scenario-player";
import { labStore, useLab } from "../store/store";
import { checkImportSize, exportScenario, readScenarioFile } from "./scenario-file";
import "./share.css";

async function importFile(file: File): Promise<void> {
  const s = labStore.getState();
  const checked =
    checkImportSize(file.name, file.size) ??
    readScenarioFile(file.name, new Uint8Array(await file.arrayBuffer()));
  if (!checked.ok) return s.setScenarioFileError(checked.message);
  s.setScenarioFileError(undefined);
  const builtin = BUILTIN_SCENARIOS.find((b) => b.text === checked.text);
  s.setScenarioText(checked.text, builtin?.file);
  // Shown now, as markers, rather than at the first Run.
  labStore.setState({ scenarioErrors: parseForPage(checked.text).errors });
}

function download(): void {
  const { name, bytes } = exportScenario(labStore.getState().scenarioText);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/yaml" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ScenarioFileControls() {
  const input = useRef<HTMLInputElement>(null);
  const error = useLab((s) => s.scenarioFileError);
  const dismiss = useLab((s) => s.setScenarioFileError);
  return (
    <>
      <div className="button-group">
        <button
          onClick={download}
          title="Download the editor's text as <name>.yaml (npx xenlab run takes it)"
        >
          ↓ Export
        </button>
        <button
          onClick={() => input.current?.click()}
          title="Read a .yaml scenario into the editor (or drop one on it)"
        >
          ↑ Import
        </button>
        <input
          ref={input}
          type="file"
          accept=".yaml,.yml,text/yaml,application/yaml"
          hidden
          aria-label="Import scenario file"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = "";
            if (f) void importFile(f);
          }}
        />
      </div>
      {error && (
        <div className="scenario-file-error" role="alert" data-testid="scenario-file-error">
          <span>{error}</span>
          <button className="icon-button" onClick={() => dismiss(undefined)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
    </>
  );
}

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes("Files");

/** Props for the editor's container: a file dropped on it is imported (before Monaco sees it). */
export function useScenarioDrop() {
  const [over, setOver] = useState(false);
  return {
    className: over ? "drop-target" : "",
    onDragOverCapture(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = "copy";
      setOver(true);
    },
    onDragLeaveCapture: () => setOver(false),
    onDropCapture(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      setOver(false);
      const f = e.dataTransfer.files[0];
      if (f) void importFile(f);
    },
  };
}
