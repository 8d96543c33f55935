// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

/**
 * The layer direction xen-core <- emulator <- ui (cli beside ui) is a rule, not a
 * comment. `import-x/no-restricted-paths` resolves every import, type-only ones
 * included, so `import type { X } from "../ui/..."` inside xen-core fails too.
 */
const layerZones = [
  {
    target: "./src/xen-core",
    from: ["./src/emulator", "./src/ui", "./src/cli"],
    message: "xen-core is the pure model: it imports nothing from emulator/ui/cli, not even types.",
  },
  {
    target: "./src/emulator",
    from: ["./src/ui", "./src/cli"],
    message: "emulator must not depend on the UI or the CLI.",
  },
  {
    target: "./src/ui",
    from: ["./src/cli"],
    message: "ui must not depend on the CLI.",
  },
];

const browserOnlyPackages = ["react", "react-dom", "zustand", "@xterm/*", "monaco-editor", "v86"];

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "public/**",
      "test-results/**",
      "playwright-report/**",
      "test/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
    plugins: { "import-x": importX },
    settings: {
      // no-cycle parses the files an import leads to; it needs to know TS's parser.
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/extensions": [".ts", ".tsx", ".js"],
      "import-x/resolver-next": [
        importX.createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".json"] }),
      ],
    },
    rules: {
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": ["error", { zones: layerZones }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/xen-core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...browserOnlyPackages, "node:*"],
              message: "xen-core runs anywhere: no DOM, Node, React or emulator packages.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests beside the model read golden fixtures from disk; the model itself never does.
    files: ["src/xen-core/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: browserOnlyPackages,
              message:
                "xen-core tests exercise the pure model: no DOM, React or emulator packages.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/emulator/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "react-dom", "zustand", "@xterm/*", "monaco-editor"],
              message: "emulator has no UI dependencies.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
);
