/** The lab shell: the toolbar with the lab's switches, then the panes; or presenter mode. */
import { useEffect } from "react";
import { HelpDialog } from "./help/help-dialog";
import { useShortcuts } from "./help/use-shortcuts";
import { PaneLayout } from "./layout/pane-layout";
import { PanelErrorBoundary } from "./layout/panel-frame";
import { PresenterView } from "./present/presenter-view";
import { ShareNotice } from "./share/share-controls";
import { pageFontScale, pageTheme } from "./store/present-slice";
import { useLab } from "./store/store";
import { applyTheme } from "./theme";
import { Toolbar } from "./toolbar";

/** Marked once, at the first commit: the page is drawn and its handlers are live. */
export const INTERACTIVE_MARK = "xenlab:interactive";

export function App() {
  const theme = useLab(pageTheme);
  const fontScale = useLab(pageFontScale);
  const presenting = useLab((s) => s.presenting);
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
    <div className={presenting ? "app presenting" : "app"}>
      {presenting ? (
        <PanelErrorBoundary title="presenter">
          <PresenterView />
          <ShareNotice alertsOnly />
        </PanelErrorBoundary>
      ) : (
        <>
          <PanelErrorBoundary title="toolbar">
            <Toolbar />
          </PanelErrorBoundary>
          <PanelErrorBoundary title="layout">
            <PaneLayout />
          </PanelErrorBoundary>
        </>
      )}
      <HelpDialog />
    </div>
  );
}
