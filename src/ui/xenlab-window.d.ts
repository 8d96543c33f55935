// The test hook's shape on window, shared by the page and the e2e tests.
import type { HypervisorSnapshot } from "../xen-core";

declare global {
  interface Window {
    __xenlab?: { snapshot(): HypervisorSnapshot };
  }
}

export {};
