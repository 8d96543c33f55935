import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser (this machine has no network for that).
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Another checkout's preview server may hold 5173 (several worktrees on one machine).
const port = Number(process.env.XENLAB_E2E_PORT ?? 5173);
// The dev server, where React's StrictMode double-invokes renders and effects.
const devPort = port + 1000;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  projects: [
    { name: "built", testIgnore: /strict\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${port}` } },
    {
      name: "dev-strict",
      testMatch: /strict\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${devPort}` },
    },
  ],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // The built app, as users get it (`npm run test:e2e` builds first).
      command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
      url: `http://127.0.0.1:${port}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${devPort} --strictPort`,
      url: `http://127.0.0.1:${devPort}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
