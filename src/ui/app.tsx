/** The lab shell: the toolbar with the lab's switches, then the panes. */
import { useEffect } from "react";
import { HelpDialog } from "./help/help-dialog";
import { useShortcuts } from "./help/use-shortcuts";
import { PaneLayout } from "./layout/pane-layout";
import { PanelErrorBoundary } from "./layout/panel-frame";
import { useLab } from "./store/store";
import { applyTheme } from "./theme";
import { Toolbar } from "./toolbar";

/** Marked once, at the first commit: the page is drawn and its handlers are live. */
export const INTERACTIVE_MARK = "xenlab:interactive";

export function App() {
  const theme = useLab((s) => s.theme);
  const fontScale = useLab((s) => s.fontScale);
  useEffect(() => {
    applyTheme(theme);
  }, [theme]);
  useEffect(() => {
    document.documentElement.style.fontSize = `${14 * fontScale}px`;
  }, [fontScale]);
  useEffect(() => {
    if (performance.getEntriesByName(INTERACTIVE_MARK).length === 0)
      performance.mark(INTERACTIVE_MARK);
  }, []);
  useShortcuts();
  return (
    <div className="app">
      <PanelErrorBoundary title="toolbar">
        <Toolbar />
      </PanelErrorBoundary>
      <PanelErrorBoundary title="layout">
        <PaneLayout />
      </PanelErrorBoundary>
      <HelpDialog />
    </div>
  );
}
