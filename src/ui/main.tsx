import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { labStore } from "./store/store";
import { installTestHook } from "./test-hook";
import { xenConsoleStream } from "./terminal/streams";
import { followXenConsole } from "./terminal/xen-console-feed";
import { applyTheme } from "./theme";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/panels.css";

// Streams live outside React: the Xen console follows whichever lab the page shows.
followXenConsole(labStore, xenConsoleStream);
applyTheme(labStore.getState().theme);
installTestHook();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
