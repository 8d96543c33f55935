/**
 * Filtering the trace log for the Trace panel, incrementally: a longer view of the same
 * log only examines its new entries, so filtering stays cheap at 10^5 entries and more.
 * Also the catalogue of what the log holds (domains, hypercalls) for the filter menus.
 */
import type { TraceEntry } from "../../xen-core";
import type { TraceView } from "./trace-log";

export interface TraceFilter {
  readonly domid?: number;
  /** "state" for state changes, a hypercall name ("domctl"), or "name op" ("domctl createdomain"). */
  readonly call?: string;
  /** Only hypercalls that returned an error. */
  readonly failedOnly?: boolean;
}

export interface FilteredRows {
  /** Indices into the view's entries, ascending; only the first `length` count. */
  readonly rows: readonly number[];
  readonly length: number;
}

export interface TraceCatalog {
  readonly domids: readonly number[];
  readonly calls: readonly string[];
}

export function matches(e: TraceEntry, f: TraceFilter): boolean {
  if (f.domid !== undefined && e.domid !== f.domid) return false;
  if (f.failedOnly && (e.kind !== "hypercall" || e.ret >= 0)) return false;
  if (f.call === undefined) return true;
  if (f.call === "state") return e.kind === "state";
  if (e.kind !== "hypercall") return false;
  return f.call === e.name || f.call === `${e.name} ${e.op ?? ""}`;
}

const sameFilter = (a: TraceFilter, b: TraceFilter) =>
  a.domid === b.domid && a.call === b.call && !!a.failedOnly === !!b.failedOnly;

export class TraceIndex {
  private source: readonly TraceEntry[] | undefined;
  /** view.dropped when `source` was read. */
  private dropped = 0;
  private filter: TraceFilter = {};
  private rows: number[] = [];
  private read = 0;
  private result: FilteredRows = { rows: [], length: 0 };
  private catRead = 0;
  private domids = new Set<number>();
  private calls = new Set<string>();
  private opsByName = new Map<string, Set<string>>();
  private catalogue: TraceCatalog = { domids: [], calls: [] };

  /** The rows of `view` that pass `filter`; the same object when nothing changed. */
  filtered(view: TraceView, filter: TraceFilter): FilteredRows {
    this.follow(view);
    if (!sameFilter(filter, this.filter) || view.length < this.read) {
      this.rows = [];
      this.read = 0;
      this.filter = filter;
    }
    const before = this.rows.length;
    for (; this.read < view.length; this.read++) {
      if (matches(view.entries[this.read]!, filter)) this.rows.push(this.read);
    }
    if (this.rows.length !== before || this.result.rows !== this.rows)
      this.result = { rows: this.rows, length: this.rows.length };
    return this.result;
  }

  /** Domains and hypercalls present in the log (sorted), for the filter menus. */
  catalog(view: TraceView): TraceCatalog {
    this.follow(view);
    let changed = false;
    for (; this.catRead < view.length; this.catRead++) {
      const e = view.entries[this.catRead]!;
      if (!this.domids.has(e.domid)) {
        this.domids.add(e.domid);
        changed = true;
      }
      // Ops seen per call name: the common case (seen before) builds no string.
      const name = e.kind === "state" ? "state" : e.name;
      let ops = this.opsByName.get(name);
      if (!ops) {
        this.opsByName.set(name, (ops = new Set()));
        this.calls.add(name);
        changed = true;
      }
      if (e.kind === "hypercall" && e.op && !ops.has(e.op)) {
        ops.add(e.op);
        this.calls.add(`${name} ${e.op}`);
        changed = true;
      }
    }
    if (changed) {
      this.catalogue = {
        domids: [...this.domids].sort((a, b) => a - b),
        calls: [...this.calls].sort(),
      };
    }
    return this.catalogue;
  }

  /**
   * Keep up with the log: when it shed its oldest entries (a new array, `dropped` grown
   * by as many), shift what was read instead of reading 10^5 entries again; anything
   * else (another log) starts over.
   */
  private follow(view: TraceView): void {
    if (view.entries === this.source) return;
    const shed = view.dropped - this.dropped;
    if (this.source && shed > 0) {
      // Entries shed before they were read are gone for good; what was read shifts.
      this.rows = this.rows.filter((i) => i >= shed).map((i) => i - shed);
      this.read = Math.max(0, this.read - shed);
      this.catRead = Math.max(0, this.catRead - shed);
    } else {
      this.rows = [];
      this.read = 0;
      this.catRead = 0;
      this.domids = new Set();
      this.calls = new Set();
      this.opsByName = new Map();
      this.catalogue = { domids: [], calls: [] };
    }
    this.source = view.entries;
    this.dropped = view.dropped;
  }
}
