/**
 * Scenario format v1 (shared/DESIGN.md "Scenarios"): a reproduction as data. The
 * parser turns YAML into these types, with the source position of every step and
 * expectation, so an error or a failure can name its line and column. Nothing in a
 * scenario is ever evaluated as code.
 */
import type { HostArch } from "../hypervisor/host";

export const SCENARIO_FORMAT = "xenlab/1";

/** 1-based line and column in the scenario file. */
export interface SourcePos {
  readonly line: number;
  readonly col: number;
}

/** A value to match text against: a substring, or a regular expression written /re/flags. */
export type TextMatch =
  | { readonly kind: "substring"; readonly text: string }
  | { readonly kind: "regex"; readonly source: string; readonly flags: string };

/** A scalar in a payload: a number (bigint when beyond 2^53), a name, or a $saved reference. */
export type PayloadValue =
  number | bigint | string | boolean | { readonly ref: string } | readonly PayloadValue[];

export type ExpectRet = number;

interface StepBase {
  /** 0-based index in `steps`. */
  readonly index: number;
  readonly pos: SourcePos;
  /** Run only under these profiles; skipped (not failed) under the others. */
  readonly profileOnly?: readonly string[];
}

export interface XlStep extends StepBase {
  readonly kind: "xl" | "shell";
  readonly command: string;
  readonly expectExit?: "0" | "nonzero";
  readonly expectOutput?: TextMatch;
}

export interface DomctlStep extends StepBase {
  readonly kind: "domctl";
  /** XEN_DOMCTL_* name without the prefix ("createdomain") or a number. */
  readonly cmd: string | number;
  /** Payload fields by Xen's names (flags, max_vcpus, max, size, max_memkb, ...). */
  readonly fields: Readonly<Record<string, PayloadValue>>;
  /** Target domain (name or id); createdomain: the exact domid wanted. */
  readonly dom?: string | number;
  readonly expectRet?: ExpectRet;
  readonly save?: Readonly<Record<string, string>>;
}

export interface HypercallStep extends StepBase {
  readonly kind: "hypercall";
  readonly dom: string | number;
  readonly vcpu: number;
  /** Hypercall name ("xen_version", "event_channel_op", ...) or number. */
  readonly op: string | number;
  /** Sub-op name (XENVER_version, EVTCHNOP_send, ...) or number. */
  readonly cmd?: string | number;
  /** Struct fields by Xen's names, or a0..a4 raw argument registers. */
  readonly args: Readonly<Record<string, PayloadValue>>;
  /** Registers set before the HVC (x0..x30 / r0..r14), e.g. stale upper halves. */
  readonly regs?: Readonly<Record<string, PayloadValue>>;
  /** The HVC immediate (default 0xEA1, XEN_HYPERCALL_TAG). */
  readonly hvc?: number;
  readonly expectRet?: ExpectRet;
  readonly save?: Readonly<Record<string, string>>;
}

export interface ConsoleStep extends StepBase {
  readonly kind: "console";
  readonly dom: string | number;
  readonly send: string;
}

export interface WaitStep extends StepBase {
  readonly kind: "wait";
  readonly dom: string | number;
  readonly serial: TextMatch;
  readonly timeoutMs: number;
}

export interface DebugKeysStep extends StepBase {
  readonly kind: "debug-keys";
  readonly keys: string;
}

export interface NoteStep extends StepBase {
  readonly kind: "note";
  readonly text: string;
}

/** One `expect:` step; every key given must hold. */
export interface ExpectStep extends StepBase {
  readonly kind: "expect";
  readonly dom?: string | number;
  readonly vcpu?: number;
  readonly mode?: "AArch32" | "AArch64" | "real" | "protected" | "paging" | "long";
  readonly domainType?: 32 | 64;
  readonly hcrRw?: 0 | 1;
  readonly evtchnAbi?: "2l" | "fifo";
  readonly port?: number | { readonly ref: string };
  /** Port state when `port` is given, else the domain's state. */
  readonly state?: string;
  readonly pending?: boolean;
  readonly masked?: boolean;
  readonly priority?: number;
  readonly xenConsole?: TextMatch;
  readonly dom0Console?: TextMatch;
  readonly serial?: TextMatch;
  readonly absent?: boolean;
}

export type Step =
  | XlStep
  | DomctlStep
  | HypercallStep
  | ConsoleStep
  | WaitStep
  | DebugKeysStep
  | NoteStep
  | ExpectStep;

export type StepKind = Step["kind"];

export interface Scenario {
  readonly format: typeof SCENARIO_FORMAT;
  readonly name: string;
  readonly title: string;
  readonly arch: HostArch;
  readonly host: { readonly aarch32El1: boolean; readonly gic: "v2" | "v3" };
  readonly profile: string;
  readonly files: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

/** A problem with the file itself (YAML or schema): exit code 4, verdict ERROR. */
export interface ScenarioError {
  readonly message: string;
  readonly pos: SourcePos;
}
