/** The lab shell: the toolbar with the lab's switches, then the panes. */
import { useEffect } from "react";
import { HelpDialog } from "./help/help-dialog";
import { useShortcuts } from "./help/use-shortcuts";
import { PaneLayout } from "./layout/pane-layout";
import { useLab } from "./store/store";
import { applyTheme } from "./theme";
import { Toolbar } from "./toolbar";

export function App() {
  const theme = useLab((s) => s.theme);
  useEffect(() => applyTheme(theme), [theme]);
  useShortcuts();
  return (
    <div className="app">
      <Toolbar />
      <PaneLayout />
      <HelpDialog />
    </div>
  );
}
