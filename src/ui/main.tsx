import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { labStore } from "./store/store";
import { installTestHook } from "./test-hook";
import { xenConsoleStream } from "./terminal/streams";
import { followDom0Console } from "./terminal/dom0-console";
import { disposeGuests } from "./lab/page-guests";
import { followSession } from "./terminal/follow-session";
import { followGuestConsoles } from "./terminal/guest-consoles";
import { feedXenConsole } from "./terminal/xen-console-feed";
import { followPresentUrl } from "./present/present-url";
import { pageTheme } from "./store/present-slice";
import { applyTheme } from "./theme";
import { installShareLinks } from "./share/share-links";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/panels.css";
import "./styles/present.css";

// Streams live outside React: the consoles follow whichever lab the page shows.
followSession(labStore, (session) => feedXenConsole(session, xenConsoleStream));
followSession(labStore, followDom0Console);
followSession(labStore, (session) => followGuestConsoles(session, () => labStore.getState().names));
// Real guests of a lab the page stops showing stop running.
followSession(labStore, (session) => () => disposeGuests(session.hv));
// A share link in the address bar: its lab, texts and layout before the first render.
const shared = installShareLinks();
// ?present=1 (and ?scenario=NAME) before the first paint, so the page opens as asked;
// after a share link has landed on its step, so presenter mode starts from there.
if (shared) void shared.then(() => followPresentUrl(labStore));
else followPresentUrl(labStore);
applyTheme(pageTheme(labStore.getState()));
installTestHook();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
