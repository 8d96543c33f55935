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

export function callKey(e: TraceEntry): string {
  return e.kind === "state" ? "state" : e.name;
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
  private filter: TraceFilter = {};
  private rows: number[] = [];
  private read = 0;
  private result: FilteredRows = { rows: [], length: 0 };
  private catRead = 0;
  private domids = new Set<number>();
  private calls = new Set<string>();
  private catalogue: TraceCatalog = { domids: [], calls: [] };

  /** The rows of `view` that pass `filter`; the same object when nothing changed. */
  filtered(view: TraceView, filter: TraceFilter): FilteredRows {
    if (
      view.entries !== this.source ||
      !sameFilter(filter, this.filter) ||
      view.length < this.read
    ) {
      this.reset(view.entries);
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
    if (view.entries !== this.source) this.reset(view.entries);
    let changed = false;
    for (; this.catRead < view.length; this.catRead++) {
      const e = view.entries[this.catRead]!;
      if (!this.domids.has(e.domid)) {
        this.domids.add(e.domid);
        changed = true;
      }
      const keys = e.kind === "hypercall" && e.op ? [e.name, `${e.name} ${e.op}`] : [callKey(e)];
      for (const k of keys) {
        if (this.calls.has(k)) continue;
        this.calls.add(k);
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

  private reset(entries: readonly TraceEntry[]): void {
    if (entries !== this.source) {
      this.catRead = 0;
      this.domids = new Set();
      this.calls = new Set();
      this.catalogue = { domids: [], calls: [] };
    }
    this.source = entries;
    this.rows = [];
    this.read = 0;
  }
}
