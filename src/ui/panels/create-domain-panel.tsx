/**
 * Create domain: the form, the flag grid, and createdomain's live verdict under the
 * current profile and host, computed by the very checks the hypercall runs; and the
 * same domain as an xl.cfg (xlcfg-tab.tsx), the two kept in step.
 */
import { useMemo } from "react";
import { previewCreate, type KernelChoice } from "../lab/create-flow";
import { PanelFrame } from "../layout/panel-frame";
import { createFromForm } from "../store/actions";
import { useLab } from "../store/store";
import { CdfGrid } from "./cdf-grid";
import { XlcfgTab } from "./xlcfg-tab";

export function CreateDomainPanel() {
  const tab = useLab((s) => s.createView);
  const setTab = useLab((s) => s.setCreateView);
  return (
    <PanelFrame title="Create domain" className="create">
      <div className="subtabs">
        <div role="tablist" aria-label="Create domain views">
          {(
            [
              ["form", "Form"],
              ["xlcfg", "xl.cfg"],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              role="tab"
              aria-selected={tab === id}
              className={tab === id ? "subtab active" : "subtab"}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      {tab === "form" ? <CreateForm /> : <XlcfgTab />}
    </PanelFrame>
  );
}

function CreateForm() {
  const session = useLab((s) => s.session);
  const form = useLab((s) => s.form);
  const setForm = useLab((s) => s.setForm);
  const verdict = useMemo(() => previewCreate(session, form), [session, form]);
  return (
    <>
      <div className="form-row">
        <label>
          name
          <input value={form.name} onChange={(e) => setForm({ name: e.target.value })} />
        </label>
        <label>
          max_vcpus
          <input
            type="number"
            min={0}
            value={form.maxVcpus}
            onChange={(e) =>
              setForm({ maxVcpus: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })
            }
          />
        </label>
        <label>
          memory (MiB)
          <input
            type="number"
            min={1}
            value={form.memoryMiB}
            onChange={(e) =>
              setForm({ memoryMiB: Math.max(1, Math.trunc(Number(e.target.value) || 1)) })
            }
          />
        </label>
        <label title="A modelled kernel boots like Linux, sets up event channels and answers the guest shell on its console">
          kernel
          <select
            value={form.kernel ?? "none"}
            onChange={(e) => setForm({ kernel: e.target.value as KernelChoice })}
          >
            <option value="modelled-fifo">modelled, evtchn=fifo</option>
            <option value="modelled-2l">modelled, evtchn=2l</option>
            <option value="none">none (vCPU0 idles)</option>
          </select>
        </label>
      </div>
      <CdfGrid
        bits={session.hv.profile.cdfBits}
        flags={form.flags}
        onChange={(flags) => setForm({ flags })}
      />
      <div
        className={verdict.ok ? "verdict ok" : "verdict error"}
        role="status"
        aria-live="polite"
        data-testid="cdf-verdict"
      >
        {verdict.ok ? (
          <span>createdomain would succeed</span>
        ) : (
          <>
            <span>
              createdomain fails: {verdict.errno} ({-verdict.ret})
            </span>
            <span className="xen-message">{verdict.message}</span>
            {verdict.consoleLine ? (
              <code className="console-line">(XEN) {verdict.consoleLine}</code>
            ) : (
              <span className="hint">a release build prints nothing (dprintk is debug-only)</span>
            )}
          </>
        )}
      </div>
      <button className="primary" onClick={() => createFromForm(form)}>
        Create
      </button>
    </>
  );
}
