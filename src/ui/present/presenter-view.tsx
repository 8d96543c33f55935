/**
 * Presenter mode's page: the caption bar, then the panel the current step affects,
 * large, beside the domain list (or the trace, when the step is about the domain list
 * itself). The user's own layout is not touched: it is simply not rendered, and comes
 * back as it was on exit.
 */
import type { PanelId } from "../layout/layout-model";
import { PANELS } from "../panels/registry";
import { useLab } from "../store/store";
import { CaptionBar } from "./caption-bar";

export function PresenterView() {
  const focus = useLab((s) => s.presenterFocus);
  const side: PanelId = focus === "domains" ? "trace" : "domains";
  const Main = PANELS[focus].component;
  const Side = PANELS[side].component;
  return (
    <div className="presenter">
      <CaptionBar />
      <main className="presenter-stage">
        <div className="stage-main" data-panel={focus}>
          <Main key={focus} />
        </div>
        <div className="stage-side" data-panel={side}>
          <Side key={side} />
        </div>
      </main>
    </div>
  );
}
