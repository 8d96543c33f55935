/** The lab shell: the toolbar with the lab's switches, then the panes. */
import { useEffect } from "react";
import { HelpDialog } from "./help/help-dialog";
import { useShortcuts } from "./help/use-shortcuts";
import { PaneLayout } from "./layout/pane-layout";
import { useLab } from "./store/store";
import { applyTheme } from "./theme";
import { Toolbar } from "./toolbar";

/** Marked once, at the first commit: the page is drawn and its handlers are live. */
export const INTERACTIVE_MARK = "xenlab:interactive";

export function App() {
  const theme = useLab((s) => s.theme);
  useEffect(() => {
    applyTheme(theme);
  }, [theme]);
  useEffect(() => {
    if (performance.getEntriesByName(INTERACTIVE_MARK).length === 0)
      performance.mark(INTERACTIVE_MARK);
  }, []);
  useShortcuts();
  return (
    <div className="app">
      <Toolbar />
      <PaneLayout />
      <HelpDialog />
    </div>
  );
}
