/**
 * Domains: `xl list` as tools/xl/xl_info.c prints it, plus what the lab adds (domain
 * type and vCPU modes), selection and the pause / unpause / destroy actions.
 */
import { useState } from "react";
import { formatXlList, xlStateChars, type DomainSnapshot } from "../../xen-core";
import { PanelFrame } from "../layout/panel-frame";
import { domainAction } from "../store/actions";
import { useLab } from "../store/store";

function DomainRow({ d, name, selected }: { d: DomainSnapshot; name: string; selected: boolean }) {
  const select = useLab((s) => s.select);
  const arch = useLab((s) => s.snapshot.arch);
  const modes = d.vcpus.map((v) => `${v.vcpuId}:${v.mode}`).join(" ");
  return (
    <tr
      className={selected ? "selected" : undefined}
      aria-selected={selected}
      onClick={() => select(d.domid)}
      data-domid={d.domid}
    >
      <td>{name}</td>
      <td className="num">{d.domid}</td>
      <td className="num">{Math.floor((d.totPages * 4) / 1024)}</td>
      <td className="num">{d.onlineVcpus}</td>
      <td className="mono">{xlStateChars(d.dominf)}</td>
      <td className="num">{(d.cpuTimeNs / 1e9).toFixed(1)}</td>
      <td>{arch === "arm64" ? `${d.type}-bit` : d.isHvm ? "HVM" : `PV ${d.type}-bit`}</td>
      <td className="mono small">{modes || "no vCPUs"}</td>
    </tr>
  );
}

export function DomainsPanel() {
  const domains = useLab((s) => s.snapshot.domains);
  const names = useLab((s) => s.names);
  const selected = useLab((s) => s.selectedDomid);
  const last = useLab((s) => s.lastResult);
  const [showText, setShowText] = useState(false);
  const nameOf = (id: number) => names[id] ?? `(domain ${id})`;
  const act = (a: "pause" | "unpause" | "destroy") =>
    selected !== undefined && domainAction(a, selected);
  return (
    <PanelFrame title="Domains" className="domains">
      <table className="xl-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>ID</th>
            <th title="MiB">Mem</th>
            <th>VCPUs</th>
            <th title="r running, b blocked, p paused, s shutdown, reason, d dying">State</th>
            <th>Time(s)</th>
            <th>Type</th>
            <th>vCPU modes</th>
          </tr>
        </thead>
        <tbody>
          {domains.map((d) => (
            <DomainRow key={d.domid} d={d} name={nameOf(d.domid)} selected={d.domid === selected} />
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button disabled={selected === undefined} onClick={() => act("pause")}>
          Pause
        </button>
        <button disabled={selected === undefined} onClick={() => act("unpause")}>
          Unpause
        </button>
        <button disabled={selected === undefined} onClick={() => act("destroy")}>
          Destroy
        </button>
        {selected !== undefined && <span className="hint">selected: {nameOf(selected)}</span>}
      </div>
      {last && (
        <p className={last.ok ? "result ok" : "result error"} role="status">
          {last.text}
        </p>
      )}
      <details open={showText} onToggle={(e) => setShowText((e.target as HTMLDetailsElement).open)}>
        <summary>xl list</summary>
        <pre className="xl-text">{formatXlList(domains, nameOf)}</pre>
      </details>
    </PanelFrame>
  );
}
