/**
 * Consoles: one xterm per console, in tabs. The Xen console ring (`xl dmesg`, with
 * every domain's `(dN)` console_io lines) is always there; the dom0 shell and each
 * emulated guest's serial console join as tabs when their layers provide them.
 */
import { useState, useSyncExternalStore } from "react";
import { PanelFrame } from "../layout/panel-frame";
import { consoleTabs, subscribeConsoleTabs } from "../terminal/console-tabs";
import { XtermView } from "../terminal/xterm-view";
import { xenConsoleStream } from "../terminal/streams";
import { useLab } from "../store/store";

export function ConsolesPanel() {
  const tabs = useSyncExternalStore(subscribeConsoleTabs, consoleTabs);
  const chosen = useLab((s) => s.consoleTab);
  const setChosen = useLab((s) => s.setConsoleTab);
  // Bumped to remount the terminal after its scrollback was cleared.
  const [generation, setGeneration] = useState(0);
  const tab = tabs.find((t) => t.id === chosen) ?? tabs[0]!;
  return (
    <PanelFrame title="Consoles" className="consoles">
      <div className="subtabs">
        <div role="tablist" aria-label="Consoles">
          {tabs.map((t) => (
            <button
              key={t.id}
              role="tab"
              aria-selected={t.id === tab.id}
              className={t.id === tab.id ? "subtab active" : "subtab"}
              onClick={() => setChosen(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        {tab.stream === xenConsoleStream && (
          <button
            className="small-button"
            title="Clear the terminal's scrollback (the ring itself is Xen's; xl dmesg -c clears it)"
            onClick={() => {
              xenConsoleStream.clear();
              setGeneration((g) => g + 1);
            }}
          >
            Clear view
          </button>
        )}
      </div>
      <div className="terminal-slot" role="tabpanel" aria-label={tab.label}>
        <XtermView key={`${tab.id}#${generation}`} tab={tab} />
      </div>
    </PanelFrame>
  );
}
