/**
 * Hypercall composer: how a student touches a modelled domain that has no real guest.
 * Pick the calling vCPU, the hypercall and its op, fill Xen's fields; the panel shows
 * the registers as the guest loads them in its execution state, then traps into the
 * model and shows the result, the trace entries, and (through the store) every panel.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { HYPERVISOR } from "../../xen-core";
import { describeEntry } from "../../xen-core/scenario/diff";
import { PanelFrame } from "../layout/panel-frame";
import {
  COMPOSER_CALLS,
  defaultBuffer,
  formFields,
  prepare,
  type ComposeResult,
  type ComposerForm,
} from "../lab/composer";
import { composeAndIssue, giveGuestPage } from "../store/actions";
import { useLab } from "../store/store";
import { DomainSelect } from "./domain-select";

const callLabel = (name: string) => {
  const nr = (HYPERVISOR as Record<string, number>)[`__HYPERVISOR_${name}`];
  return nr === undefined ? "any number, raw registers" : `${name} (${nr})`;
};

const hex = (v: bigint, digits: number) => `0x${v.toString(16).padStart(digits, "0")}`;

function Field(props: {
  name: string;
  value: string;
  placeholder?: string;
  onChange(v: string): void;
}) {
  return (
    <label className="field">
      <span className="mono">{props.name}</span>
      <input
        className="mono"
        value={props.value}
        placeholder={props.placeholder}
        spellCheck={false}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

export function ComposerPanel() {
  const session = useLab((s) => s.session);
  const domains = useLab((s) => s.snapshot.domains);
  const selectSeq = useLab((s) => s.selectSeq);
  const selected = useLab((s) => s.selectedDomid);
  const [form, setForm] = useState<ComposerForm>(() => ({
    domid: selected ?? 0,
    vcpu: 0,
    hypercall: "xen_version",
    op: "XENVER_version",
    fields: {},
    buffer: "",
    rawNr: "xen_version",
    raw: ["0", "0", "0", "0", "0"],
    hvc: "0xea1",
    staleHigh: "",
  }));
  const [result, setResult] = useState<ComposeResult | undefined>(undefined);
  // A new result is where the user looks next: bring it into view.
  const resultBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Braced: scroll methods may return a promise, and an effect must return a cleanup.
    resultBox.current?.scrollIntoView({ block: "start" });
  }, [result]);
  const d = domains.find((x) => x.domid === form.domid);
  const effective = useMemo(
    () => ({
      ...form,
      buffer: form.buffer || `0x${defaultBuffer(session, form.domid).toString(16)}`,
    }),
    [form, session],
  );
  // Re-prepared on each snapshot: the execution state and stale halves are the vCPU's now.
  const snapshotVersion = useLab((s) => s.snapshot.version);
  const prepared = useMemo(() => {
    void snapshotVersion;
    try {
      return { p: prepare(session, effective) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }, [session, effective, snapshotVersion]);
  const set = (patch: Partial<ComposerForm>) => setForm((f) => ({ ...f, ...patch }));
  const setField = (k: string, v: string) =>
    setForm((f) => ({ ...f, fields: { ...f.fields, [k]: v } }));
  const p = prepared.p;
  const fieldNames = formFields(session, form);

  return (
    <PanelFrame title="Hypercall composer" className="composer">
      <div className="toolbar-row">
        <DomainSelect
          value={form.domid}
          onChange={(domid) => set({ domid, vcpu: 0, buffer: "" })}
        />
        <label>
          vCPU
          <select value={form.vcpu} onChange={(e) => set({ vcpu: Number(e.target.value) })}>
            {(d?.vcpus ?? []).map((v) => (
              <option key={v.vcpuId} value={v.vcpuId}>
                {v.vcpuId}
              </option>
            ))}
          </select>
        </label>
        {p && (
          <span
            className="badge big"
            data-testid="exec-state"
            title="PSTATE.nRW: the state the vCPU executes in"
          >
            {p.state}
          </span>
        )}
        {d && d.vcpus.length === 0 && (
          <span className="hint">no vCPUs: max_vcpus allocates them</span>
        )}
      </div>
      <div className="toolbar-row">
        <label>
          Hypercall
          <select
            value={form.hypercall}
            onChange={(e) => {
              const hypercall = e.target.value;
              set({
                hypercall,
                op: Object.keys(COMPOSER_CALLS[hypercall] ?? {})[0] ?? "",
                fields: {},
              });
            }}
          >
            {Object.keys(COMPOSER_CALLS).map((c) => (
              <option key={c} value={c}>
                {callLabel(c)}
              </option>
            ))}
          </select>
        </label>
        {form.hypercall !== "raw" && (
          <label>
            op
            <select
              aria-label="Operation"
              value={form.op}
              onChange={(e) => set({ op: e.target.value, fields: {} })}
            >
              {Object.entries(COMPOSER_CALLS[form.hypercall] ?? {}).map(([k, n]) => (
                <option key={k} value={k}>
                  {form.hypercall === "domctl" ? `XEN_DOMCTL_${k}` : k} ({n})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="fields">
        {form.hypercall === "raw" ? (
          <>
            <Field name="number" value={form.rawNr} onChange={(v) => set({ rawNr: v })} />
            {form.raw.map((a, i) => (
              <Field
                key={i}
                name={`a${i}`}
                value={a}
                onChange={(v) => set({ raw: form.raw.map((x, j) => (j === i ? v : x)) })}
              />
            ))}
          </>
        ) : (
          <Field
            name={form.hypercall === "domctl" ? "u_domctl (buffer)" : "guest handle (buffer)"}
            value={form.buffer}
            placeholder={effective.buffer}
            onChange={(v) => set({ buffer: v })}
          />
        )}
        {fieldNames.map((k) => (
          <Field
            key={k}
            name={k}
            value={form.fields[k] ?? ""}
            placeholder={
              k === "domid" ? "DOMID_SELF" : k === "gpfns" ? "0x40001, 0x40002" : "default"
            }
            onChange={(v) => setField(k, v)}
          />
        ))}
        <Field name="HVC #imm" value={form.hvc} onChange={(v) => set({ hvc: v })} />
        {p?.state === "AArch32" && (
          <Field
            name="stale upper halves"
            value={form.staleHigh}
            placeholder="e.g. 0xdead (argo thread)"
            onChange={(v) => set({ staleHigh: v })}
          />
        )}
      </div>
      {prepared.error && (
        <p className="error" role="alert">
          {prepared.error}
        </p>
      )}
      {p && (
        <table className="reg-load" aria-label="Registers the guest loads">
          <thead>
            <tr>
              <th>register</th>
              <th>value</th>
              <th>holds</th>
            </tr>
          </thead>
          <tbody>
            {p.load.map((r) => (
              <tr key={r.reg}>
                <th scope="row" className="mono">
                  {r.reg}
                </th>
                <td className="mono">
                  {p.state === "AArch64" ? (
                    hex(r.value, 16)
                  ) : p.state === "AArch32" ? (
                    <>
                      <span className="hi unseen">
                        {p.stale !== undefined ? p.stale.toString(16).padStart(8, "0") : "········"}
                      </span>
                      <span className="lo">{r.value.toString(16).padStart(8, "0")}</span>
                    </>
                  ) : (
                    hex(r.value, 8)
                  )}
                </td>
                <td>{r.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p && p.writes.length > 0 && (
        <ul className="writes hint">
          {p.writes.map((w) => (
            <li key={`${w.gva}`}>
              writes {w.size} bytes of <span className="mono">{w.what}</span> at{" "}
              <span className="mono">0x{w.gva.toString(16)}</span> in d{form.domid}'s memory
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar-row">
        <button
          className="primary"
          disabled={!p}
          onClick={() => setResult(composeAndIssue(effective))}
        >
          Issue HVC #{p ? `0x${p.hvc.toString(16)}` : "?"} as d{form.domid}v{form.vcpu}
        </button>
        {form.domid !== 0 && (
          <button
            title="dom0 populates the guest frame under the buffer (XENMEM_populate_physmap), so the guest has RAM to pass structs from"
            onClick={() => setResult(giveGuestPage(form.domid, effective.buffer))}
          >
            Give d{form.domid} a page at the buffer
          </button>
        )}
      </div>
      {result && (
        <div
          ref={resultBox}
          className={`compose-result ${result.ok ? "ok" : "error"}`}
          role="status"
          data-testid="compose-result"
        >
          <div className="mono">{result.text}</div>
          {result.output && <div className="mono">{result.output}</div>}
          {result.entries.length > 0 && (
            <ul className="entries">
              {result.entries.map((e) => (
                <li key={e.seq}>
                  <button className="link mono" onClick={() => selectSeq(e.seq)}>
                    seq {e.seq}: {describeEntry(e)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </PanelFrame>
  );
}
