/**
 * Monarch tokenizers for the two languages the lab edits: scenario YAML (format
 * xenlab/1, shared/DESIGN.md) and xl.cfg (docs/man/xl.cfg.5.pod.in: `key = value`,
 * strings, numbers, lists, `#` comments). Data only, so they cost nothing until Monaco
 * loads them and need no language worker.
 */
import type { languages } from "monaco-editor/editor/editor.api";
import { STEP_KINDS } from "../../xen-core/scenario/schema";

export const SCENARIO_LANGUAGE = "xenlab-scenario";
export const XLCFG_LANGUAGE = "xl-cfg";

/** Names Xen's headers define, highlighted so a reader can grep them in Xen. */
const XEN_NAME =
  /\b(?:XEN_DOMCTL_\w+|XEN_DOMCTL_CDF_\w+|EVTCHNOP_\w+|XENVER_\w+|XENMEM_\w+|DOMID_\w+|__HYPERVISOR_\w+|HVMOP_\w+|VIRQ_\w+)\b/;

export const scenarioTokens: languages.IMonarchLanguage = {
  defaultToken: "",
  tokenPostfix: ".scenario",
  stepKinds: [...STEP_KINDS],
  modifiers: ["expect-ret", "expect-exit", "expect-output", "save", "profile-only"],
  topKeys: ["format", "name", "title", "arch", "host", "profile", "files", "steps"],
  tokenizer: {
    root: [
      [/#.*$/, "comment"],
      // A key: a step kind, a modifier, a top-level key, or any other field.
      [
        // Every group must match (possibly empty): Monarch fails on an unmatched group.
        /(-?\s*)([A-Za-z_][\w-]*)(\s*:)/,
        [
          "delimiter",
          {
            cases: {
              "@stepKinds": "keyword",
              "@modifiers": "keyword.modifier",
              "@topKeys": "type.identifier",
              "@default": "attribute.name",
            },
          },
          "delimiter",
        ],
      ],
      [/"\/(?:[^"\\]|\\.)*\/[a-z]*"/, "regexp"],
      [/"(?:[^"\\]|\\.)*"/, "string"],
      [/'(?:[^'\\]|'')*'/, "string"],
      [/\|[-+]?\s*$/, "operator"],
      [XEN_NAME, "type"],
      [/-E[A-Z0-9]+\b/, "number.errno"],
      [/\$[A-Za-z_]\w*/, "variable"],
      [/-?0[xX][0-9a-fA-F]+\b/, "number.hex"],
      [/-?\d+\b/, "number"],
      [/\b(?:true|false|null)\b/, "keyword.constant"],
      [/[{}[\],]/, "delimiter.bracket"],
      [/[A-Za-z_][\w.-]*/, "identifier"],
    ],
  },
};

export const xlcfgTokens: languages.IMonarchLanguage = {
  defaultToken: "",
  tokenPostfix: ".xlcfg",
  keys: [
    "name",
    "type",
    "builder",
    "kernel",
    "ramdisk",
    "cmdline",
    "extra",
    "root",
    "memory",
    "maxmem",
    "vcpus",
    "maxvcpus",
    "cpus",
    "on_poweroff",
    "on_reboot",
    "on_crash",
    "disk",
    "vif",
    "serial",
    "gic_version",
    "nr_spis",
    "max_event_channels",
    "max_grant_frames",
    "max_maptrack_frames",
    "max_grant_version",
    "nestedhvm",
    "hap",
    "vpmu",
    "iommu",
    "passthrough",
    "tee",
    "sve",
    "realm",
    "trap_unmapped_accesses",
    "dtdev",
    "device_tree",
    "arch",
  ],
  tokenizer: {
    root: [
      [/#.*$/, "comment"],
      [
        /^(\s*)([A-Za-z_]\w*)(\s*=)/,
        ["", { cases: { "@keys": "keyword", "@default": "attribute.name" } }, "delimiter"],
      ],
      [/"(?:[^"\\]|\\.)*"/, "string"],
      [/'(?:[^'\\]|\\.)*'/, "string"],
      [/0[xX][0-9a-fA-F]+\b/, "number.hex"],
      [/\d+(?:\.\d+)?\b/, "number"],
      [/[[\],]/, "delimiter.bracket"],
      [/[A-Za-z_][\w.-]*/, "identifier"],
    ],
  },
};

export const scenarioConfig: languages.LanguageConfiguration = {
  comments: { lineComment: "#" },
  brackets: [
    ["{", "}"],
    ["[", "]"],
  ],
  autoClosingPairs: [
    { open: "{", close: "}" },
    { open: "[", close: "]" },
    { open: '"', close: '"', notIn: ["string"] },
  ],
};

export const xlcfgConfig: languages.LanguageConfiguration = {
  comments: { lineComment: "#" },
  brackets: [["[", "]"]],
  autoClosingPairs: [
    { open: "[", close: "]" },
    { open: '"', close: '"', notIn: ["string"] },
    { open: "'", close: "'", notIn: ["string"] },
  ],
};
