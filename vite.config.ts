import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  // Relative base so the built lab also works when opened from any sub-path.
  base: "./",
  build: {
    target: "es2022",
    sourcemap: true,
  },
  preview: {
    port: 5173,
    strictPort: true,
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
