/**
 * Baseline page for the UI bench: React 19 rendering one element, built by Vite like the
 * lab. It marks its first commit the way the lab does, so load times compare.
 */
import { createElement, StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";

function Empty() {
  useEffect(() => {
    performance.mark("xenlab:interactive");
  }, []);
  return createElement("p", null, "baseline");
}

createRoot(document.getElementById("root")!).render(
  createElement(StrictMode, null, createElement(Empty)),
);
