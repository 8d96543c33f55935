/**
 * The scenario runner: one for the page and the CLI. It boots a lab for the scenario
 * (arch, host, profile), runs the steps in order and keeps, per step, what happened,
 * the trace entries it caused, and its verdict. Pure: guests and the dom0 shell come in
 * through RunnerPorts.
 *
 * A FAILURE (an expectation about Xen did not hold) lets the run go on, as an XTF test
 * continues after xtf_failure(); an ERROR (a step could not run) or a CRASH ends it.
 */
import { DOMID } from "../abi/xen";
import { domctlName } from "../abi/domctl";
import { formatRet } from "../abi/errno";
import { Hypervisor } from "../hypervisor/hypervisor";
import type { HypervisorSnapshot } from "../hypervisor/snapshot";
import type { TraceEntry } from "../hypervisor/trace";
import { PROFILES, getProfile } from "../profiles/profiles";
import { XenCtrl } from "../toolstack/xenctrl";
import { Xenstore } from "../toolstack/xenstore";
import { debugKeys } from "../keyhandler/keyhandler";
import { VIRQ } from "../abi/event-channel";
import { modelledKernel } from "../guest/boot";
import { ModelledGuests } from "../guest/guest-port";
import { PAGE_SIZE } from "../ids";
import { DOMCTL_FIELDS, DOMCTL_OUT_FIELDS, buildDomctl, domctlCmdNumber } from "./domctl-step";
import { checkExpect } from "./expect-step";
import { runHypercallStep } from "./hypercall-step";
import { PayloadError } from "./payload";
import type { ToolstackOptions } from "../toolstack/options";
import { Dom0Shell } from "../toolstack/shell/shell";
import { startModelledGuests } from "../guest/start-on-create";
import { GUEST_CRASH, type RunnerPorts, type ShellPort } from "./ports";
import { describeMatch, matches } from "./text-match";
import type {
  DomctlStep,
  HypercallStep,
  Scenario,
  SourcePos,
  Step,
  StepKind,
  WaitStep,
  XlStep,
} from "./types";
import { worse, type Verdict } from "./verdict";

export type StepStatus = "ok" | "profile-skipped" | "skip" | "failed" | "error" | "crash";

const STATUS_VERDICT: Readonly<Record<StepStatus, Verdict>> = {
  ok: "SUCCESS",
  "profile-skipped": "SUCCESS",
  skip: "SKIP",
  failed: "FAILURE",
  error: "ERROR",
  crash: "CRASH",
};

export interface StepResult {
  readonly index: number;
  readonly kind: StepKind;
  readonly pos: SourcePos;
  readonly status: StepStatus;
  /** What happened, in one line (the failure's expected/found, an error's reason). */
  readonly message: string;
  readonly ret?: number;
  /** Trace entries this step caused: seq in [seqFrom, seqTo). */
  readonly seqFrom: number;
  readonly seqTo: number;
}

export interface TranscriptLine {
  readonly stream: "xen" | "dom0" | "serial" | "runner";
  readonly domid?: number;
  readonly text: string;
}

export interface RunResult {
  readonly scenario: string;
  readonly profile: string;
  readonly verdict: Verdict;
  readonly steps: readonly StepResult[];
  readonly trace: readonly TraceEntry[];
  readonly snapshot: HypervisorSnapshot;
  readonly transcript: readonly TranscriptLine[];
}

export interface RunOptions {
  /** Overrides the scenario's `profile:` (the CLI's --profile). */
  readonly profile?: string;
  /**
   * The ports, or how to make them for the run's hypervisor (emulated guests need it;
   * the run creates it and calls this once, before any step).
   */
  readonly ports?: RunnerPorts | ((hv: Hypervisor) => RunnerPorts);
  /**
   * The default dom0 shell's toolstack options. Domains `xl create` starts go to
   * `onDomainStarted` first (the emulator attaches real guests there); those left
   * without a guest get a modelled kernel (guest/start-on-create.ts).
   */
  readonly toolstack?: ToolstackOptions;
  /** Called for each transcript line as it is produced. */
  readonly onTranscript?: (line: TranscriptLine) => void;
}

/** Everything a scenario run keeps in its trace (a run is short; the diff needs it all). */
const RUN_TRACE_CAPACITY = 1 << 20;

class StepError extends Error {}

interface Outcome {
  readonly status: StepStatus;
  readonly message: string;
  readonly ret?: number;
}

export class ScenarioRun {
  readonly hv: Hypervisor;
  readonly xc: XenCtrl;
  readonly xenstore = new Xenstore();
  readonly profile: string;
  private readonly saved = new Map<string, bigint>();
  private readonly results: StepResult[] = [];
  private readonly transcript: TranscriptLine[] = [];
  private consoleSeen = 0;
  private next = 0;
  private current: Verdict = "SUCCESS";
  /** Whether a step other than a note ran under this profile. */
  private tested = false;
  private stopped = false;
  private readonly fatal: string | undefined;
  /** Modelled kernels' consoles, in front of the emulator's for real guests. */
  private readonly guests: ModelledGuests;
  private readonly ports: RunnerPorts;

  constructor(
    readonly scenario: Scenario,
    private readonly options: RunOptions = {},
  ) {
    this.profile = options.profile ?? scenario.profile;
    const profile = getProfile(this.profile);
    this.fatal = profile
      ? undefined
      : `unknown profile '${this.profile}'; profiles: ${PROFILES.map((p) => p.name).join(", ")}`;
    this.hv = new Hypervisor({
      arch: scenario.arch,
      profile: profile ?? "upstream",
      host: scenario.host,
      traceCapacity: RUN_TRACE_CAPACITY,
    });
    this.xc = new XenCtrl(this.hv);
    const given =
      typeof options.ports === "function" ? options.ports(this.hv) : (options.ports ?? {});
    this.guests = new ModelledGuests(this.hv, given.guests);
    this.ports = { ...given, guests: this.guests };
    this.flushConsole();
  }

  /**
   * A run in which nothing but notes applied to this profile (every other step was
   * profile-skipped) tested nothing: SKIP, as an XTF test that finds its subject
   * missing, never a SUCCESS that was not earned.
   */
  get verdict(): Verdict {
    if (this.done && this.current === "SUCCESS" && !this.tested) return "SKIP";
    return this.current;
  }

  get done(): boolean {
    return this.stopped || this.next >= this.scenario.steps.length;
  }

  /** The dom0 shell this run's xl and shell steps use (the page's dom0 console shares it). */
  get dom0(): ShellPort {
    return this.shellPort;
  }

  /** Index of the next step to run. */
  get position(): number {
    return this.next;
  }

  get stepResults(): readonly StepResult[] {
    return this.results;
  }

  /** Run one step; undefined when the run is over. */
  async step(): Promise<StepResult | undefined> {
    if (this.done) return undefined;
    const step = this.scenario.steps[this.next++]!;
    const seqFrom = this.hv.trace.seq;
    const outcome = this.begin(step);
    return this.finish(step, seqFrom, outcome instanceof Promise ? await outcome : outcome);
  }

  /**
   * Run one step synchronously. Every step but `wait` completes at once; a `wait`
   * needs step() (it waits on a guest), so calling this on one is a programming error.
   */
  stepSync(): StepResult | undefined {
    if (this.done) return undefined;
    const step = this.scenario.steps[this.next]!;
    const seqFrom = this.hv.trace.seq;
    const outcome = this.begin(step);
    if (outcome instanceof Promise) throw new Error("stepSync cannot run a wait step; use step()");
    this.next++;
    return this.finish(step, seqFrom, outcome);
  }

  async run(): Promise<RunResult> {
    while (!this.done) await this.step();
    return this.result();
  }

  /** The whole run, synchronously (scenarios without `wait` steps). */
  runSync(): RunResult {
    while (!this.done) this.stepSync();
    return this.result();
  }

  private begin(step: Step): Outcome | Promise<Outcome> {
    if (this.fatal) return { status: "error", message: this.fatal };
    if (step.profileOnly && !step.profileOnly.includes(this.profile)) {
      return {
        status: "profile-skipped",
        message: `runs only under ${step.profileOnly.join(", ")}`,
      };
    }
    const caught = (err: unknown): Outcome => ({
      status: "error",
      message:
        err instanceof StepError || err instanceof PayloadError
          ? err.message
          : `internal error: ${String(err)}`,
    });
    try {
      const out = this.execute(step);
      return out instanceof Promise ? out.catch(caught) : out;
    } catch (err) {
      return caught(err);
    }
  }

  private finish(step: Step, seqFrom: number, outcome: Outcome): StepResult {
    const { status, message, ret } = outcome;
    this.flushConsole();
    this.flushSerial();
    const result: StepResult = {
      index: step.index,
      kind: step.kind,
      pos: step.pos,
      status,
      message,
      ret,
      seqFrom,
      seqTo: this.hv.trace.seq,
    };
    this.results.push(result);
    if (status !== "profile-skipped" && step.kind !== "note") this.tested = true;
    this.current = worse(this.current, STATUS_VERDICT[status]);
    if (status === "error" || status === "crash") this.stopped = true;
    const label =
      status === "ok" ? "ok" : status === "profile-skipped" ? "skipped" : status.toUpperCase();
    const where = `step ${step.index + 1} (line ${step.pos.line}, ${step.kind})`;
    this.emit({ stream: "runner", text: `${where}: ${label}: ${message}` });
    return result;
  }

  result(): RunResult {
    return {
      scenario: this.scenario.name,
      profile: this.profile,
      verdict: this.verdict,
      steps: [...this.results],
      trace: this.hv.trace.tail(),
      snapshot: this.hv.snapshot(),
      transcript: [...this.transcript],
    };
  }

  private emit(line: TranscriptLine): void {
    this.transcript.push(line);
    this.options.onTranscript?.(line);
  }

  private flushConsole(): void {
    const lines = this.hv.console.read();
    const total = this.hv.console.totalWritten;
    const fresh = Math.min(total - this.consoleSeen, lines.length);
    for (const text of lines.slice(lines.length - fresh)) this.emit({ stream: "xen", text });
    this.consoleSeen = total;
  }

  /** A domain named in a step: a numeric id, a DOMID_* name, a xenstore name or a saved id. */
  private resolveDom(dom: string | number): number {
    if (typeof dom === "number") return dom;
    const reserved = (DOMID as Record<string, number>)[dom];
    if (reserved !== undefined) return reserved;
    const named = this.xenstore.findDomain(dom) ?? this.saved.get(dom.replace(/^\$/, ""));
    if (named === undefined) throw new StepError(`unknown domain '${dom}'`);
    return Number(named);
  }

  /** Every step kind completes at once but `wait`, which waits on a guest. */
  private execute(step: Step): Outcome | Promise<Outcome> {
    switch (step.kind) {
      case "domctl":
        return this.domctl(step);
      case "hypercall":
        return this.hypercall(step);
      case "expect": {
        const domid =
          step.dom === undefined || step.absent
            ? this.tryResolve(step.dom)
            : this.resolveDom(step.dom);
        const ports = { ...this.ports, shell: this.shellPort };
        const out = checkExpect(this.hv, ports, step, domid, this.saved);
        if (out.error) return { status: "error", message: out.error };
        if (out.failures.length) {
          return {
            status: "failed",
            message: out.failures
              .map((f) => `${f.key}: expected ${f.expected}, found ${f.found}`)
              .join("; "),
          };
        }
        return { status: "ok", message: "as expected" };
      }
      case "note":
        this.emit({ stream: "runner", text: `note: ${step.text}` });
        return { status: "ok", message: step.text };
      case "debug-keys": {
        const missing = debugKeys(this.hv, step.keys);
        if (missing) return { status: "error", message: missing };
        return { status: "ok", message: `debug-keys ${step.keys}` };
      }
      case "xl":
      case "shell":
        return this.shell(step);
      case "console": {
        const domid = this.resolveDom(step.dom);
        if (!this.guests.send(domid, step.send)) {
          const why = this.guests.reason?.(domid) ?? `domain ${domid} has no guest console`;
          return { status: "error", message: why };
        }
        return { status: "ok", message: `sent ${JSON.stringify(step.send)}` };
      }
      case "wait":
        return this.wait(step);
    }
  }

  private async wait(step: WaitStep): Promise<Outcome> {
    const guests = this.guests;
    const domid = this.resolveDom(step.dom);
    try {
      await guests.waitSerial(domid, step.serial, step.timeoutMs);
    } catch (err) {
      // XTF's CRASH: the guest died under the step (no line will ever come).
      if (err instanceof Error && err.name === GUEST_CRASH)
        return { status: "crash", message: `waiting on d${domid}: ${err.message}` };
      return {
        status: "failed",
        message: `no serial output matched ${describeMatch(step.serial)} within ${step.timeoutMs} ms: ${String(err)}`,
      };
    }
    return { status: "ok", message: `serial matched ${describeMatch(step.serial)}` };
  }

  /** Names a hypercall step's field values may use: VIRQ_*, DOMID_*, domains. */
  private valueName(name: string): bigint | undefined {
    const virq = (VIRQ as Record<string, number>)[name];
    if (virq !== undefined) return BigInt(virq);
    const domid = this.tryResolve(name);
    return domid === undefined ? undefined : BigInt(domid);
  }

  /** Modelled kernels' console output, into the transcript as it appears. */
  private flushSerial(): void {
    for (const { domid, text } of this.guests.drainLines())
      this.emit({ stream: "serial", domid, text });
  }

  private tryResolve(dom: string | number | undefined): number | undefined {
    if (dom === undefined) return undefined;
    try {
      return this.resolveDom(dom);
    } catch {
      return undefined;
    }
  }

  private checkRet(ret: number, expectRet: number | undefined, what: string) {
    if (expectRet === undefined) {
      return ret < 0
        ? {
            status: "failed" as const,
            message: `${what} returned ${formatRet(ret)} (${ret}); give expect-ret if that is expected`,
            ret,
          }
        : { status: "ok" as const, message: `${what} returned ${formatRet(ret)}`, ret };
    }
    return ret === expectRet
      ? { status: "ok" as const, message: `${what} returned ${formatRet(ret)} as expected`, ret }
      : {
          status: "failed" as const,
          message: `${what}: expected ${formatRet(expectRet)} (${expectRet}), got ${formatRet(ret)} (${ret})`,
          ret,
        };
  }

  private domctl(step: DomctlStep) {
    const cmd = domctlCmdNumber(step.cmd);
    if (cmd === undefined) {
      throw new StepError(
        `unknown domctl '${step.cmd}'; expected one of ${Object.keys(DOMCTL_FIELDS).join(", ")} or a number`,
      );
    }
    const name = domctlName(cmd);
    const domid =
      step.dom !== undefined
        ? this.resolveDom(step.dom)
        : name === "createdomain"
          ? DOMID.DOMID_ANY
          : undefined;
    if (domid === undefined)
      throw new StepError(`domctl ${name} needs a target: dom: <name or id>`);
    const missing = this.missingFlags(step);
    if (missing) return { status: "skip" as const, message: missing };
    const { op, context } = buildDomctl(
      this.hv,
      cmd,
      name,
      domid,
      step.fields,
      this.saved,
      this.xc.payloadVa,
    );
    if (context) this.xc.writePayload(context);
    const { ret, op: back } = this.xc.domctlRaw(op);
    const out = this.checkRet(ret, step.expectRet, `domctl ${name}`);
    if (ret === 0) this.saveFields(step.save, (field) => DOMCTL_OUT_FIELDS[field]?.(back), ret);
    return out;
  }

  /**
   * A flag named in a step that this profile's tree does not define: the scenario needs
   * what the profile lacks, so the step is a SKIP (give the bit number to test that a
   * tree rejects it).
   */
  private missingFlags(step: DomctlStep): string | undefined {
    const flags = step.fields.flags;
    if (flags === undefined) return undefined;
    const names = (Array.isArray(flags) ? flags : [flags]).filter(
      (f): f is string => typeof f === "string",
    );
    const lacking = names.filter(
      (n) => !this.hv.profile.cdfBits.some((b) => b.name === n.replace(/^XEN_DOMCTL_CDF_/, "")),
    );
    if (!lacking.length) return undefined;
    return `profile ${this.profile} has no ${lacking.map((n) => `XEN_DOMCTL_CDF_${n.replace(/^XEN_DOMCTL_CDF_/, "")}`).join(", ")}`;
  }

  private saveFields(
    save: Readonly<Record<string, string>> | undefined,
    read: (field: string) => bigint | undefined,
    ret: number,
  ): void {
    for (const [name, field] of Object.entries(save ?? {})) {
      const value = field === "ret" ? BigInt(ret) : read(field);
      if (value === undefined)
        throw new StepError(`save: '${field}' is not an OUT field of this call`);
      this.saved.set(name, value);
    }
  }

  private hypercall(step: HypercallStep) {
    const domid = this.resolveDom(step.dom);
    const d = this.hv.domain(domid);
    if (!d) throw new StepError(`domain ${String(step.dom)} does not exist`);
    const v = d.vcpu(step.vcpu);
    if (!v) throw new StepError(`domain ${String(step.dom)} has no vCPU ${step.vcpu}`);
    const k = modelledKernel(this.hv, domid);
    const {
      ret,
      out: read,
      trap,
    } = runHypercallStep(
      this.hv,
      v,
      step,
      this.saved,
      (name) => this.valueName(name),
      k ? k.frames.argument * PAGE_SIZE : undefined,
    );
    // An HVC that trapped elsewhere has no result to check unless the step asks.
    if (trap && step.expectRet === undefined) return { status: "ok" as const, message: trap };
    const out = this.checkRet(
      ret,
      step.expectRet,
      `hypercall ${step.op}${step.cmd !== undefined ? ` ${step.cmd}` : ""}`,
    );
    if (ret >= 0) this.saveFields(step.save, read, ret);
    return out;
  }

  /**
   * The dom0 shell: the caller's port, else the toolstack's own Dom0Shell on this
   * run's hypervisor, with the scenario's `files:` in /root.
   */
  private dom0Shell: ShellPort | undefined;
  private get shellPort(): ShellPort {
    return (this.dom0Shell ??=
      this.ports.shell ??
      new Dom0Shell(this.hv, {
        xc: this.xc,
        xenstore: this.xenstore,
        files: this.scenario.files,
        toolstack: {
          ...this.options.toolstack,
          onDomainStarted: startModelledGuests(this.hv, this.options.toolstack?.onDomainStarted),
        },
      }));
  }

  private shell(step: XlStep) {
    const shell = this.shellPort;
    const line = step.kind === "xl" ? `xl ${step.command}` : step.command;
    const r = shell.run(line);
    for (const text of `${r.stdout}${r.stderr}`.split("\n").filter(Boolean))
      this.emit({ stream: "dom0", text });
    const wantZero = (step.expectExit ?? "0") === "0";
    if (wantZero !== (r.exit === 0)) {
      return {
        status: "failed" as const,
        message: `'${line}' exited ${r.exit}, expected ${wantZero ? "0" : "nonzero"}`,
      };
    }
    if (step.expectOutput && !matches(step.expectOutput, r.stdout + r.stderr)) {
      return {
        status: "failed" as const,
        message: `'${line}' output does not match ${describeMatch(step.expectOutput)}`,
      };
    }
    return { status: "ok" as const, message: `'${line}' exited ${r.exit}` };
  }
}

/** Run a whole scenario. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  return new ScenarioRun(scenario, options).run();
}
