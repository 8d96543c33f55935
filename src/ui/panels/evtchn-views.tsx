/**
 * The parts of the Event channels panel: the ports table (struct evtchn as Xen keeps
 * it, pending/masked as the guest's memory says), the 2-level pending/mask bitmaps with
 * each vCPU's selector bits, and the FIFO queues with their event words. Ports that
 * changed with the last update flash (not under prefers-reduced-motion).
 */
import type { EvtchnSnapshot } from "../../xen-core";
import { fifoQueues, maskedBeyond, twoLevelRows, wordBits } from "../lab/evtchn-view";

const yes = (b: boolean) => (b ? "1" : "0");

export function PortsTable({ e, changed }: { e: EvtchnSnapshot; changed: ReadonlySet<number> }) {
  if (e.ports.length === 0) return <p className="hint">No ports in use (port 0 is reserved).</p>;
  return (
    <table className="ports-table" aria-label="Ports">
      <thead>
        <tr>
          <th>port</th>
          <th>state</th>
          <th>peer</th>
          <th title="notify_vcpu_id">vCPU</th>
          <th title="FIFO priority (0 highest)">prio</th>
          <th title="pending">P</th>
          <th title="masked">M</th>
        </tr>
      </thead>
      <tbody>
        {e.ports.map((p) => (
          <tr
            key={p.port}
            data-port={p.port}
            className={`${changed.has(p.port) ? "flash " : ""}${p.pending ? "pending" : ""}`}
          >
            <td className="num">{p.port}</td>
            <td>
              {p.state}
              {p.xenConsumer ? <span className="muted"> (Xen)</span> : null}
            </td>
            <td className="mono">
              {p.remoteDom !== undefined ? `d${p.remoteDom}` : ""}
              {p.remotePort !== undefined ? ` p${p.remotePort}` : ""}
              {p.virq !== undefined ? `VIRQ ${p.virq}` : ""}
              {p.pirq !== undefined ? `pirq ${p.pirq}` : ""}
            </td>
            <td className="num">{p.notifyVcpu}</td>
            <td className="num">{p.priority}</td>
            <td className={p.pending ? "bit-on" : "bit-off"} data-testid="pending">
              {yes(p.pending)}
            </td>
            <td className={p.masked ? "bit-on" : "bit-off"}>{yes(p.masked)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TwoLevelGrid({ e, changed }: { e: EvtchnSnapshot; changed: ReadonlySet<number> }) {
  const rows = twoLevelRows(e);
  const W = wordBits(e);
  const hidden = maskedBeyond(e, rows.length);
  const inUse = new Set(e.ports.map((p) => p.port));
  return (
    <div className="grid-2l" role="group" aria-label="2-level bitmaps">
      <div className="grid-legend hint">
        evtchn_pending / evtchn_mask, {W} ports a word; <span className="cell pending" /> pending{" "}
        <span className="cell masked" /> masked <span className="cell pending masked" /> both; the
        selector column is each vCPU's evtchn_pending_sel bit for the word.
      </div>
      {rows.map((r) => (
        <div key={r.word} className="grid-row" data-word={r.word}>
          <span className="grid-label mono">w{r.word}</span>
          <span className="selectors">
            {r.selector.map((s, v) => (
              <span
                key={v}
                className={`sel${s ? " on" : ""}`}
                title={`vCPU ${e.vcpuInfo[v]?.vcpuId}: evtchn_pending_sel bit ${r.word} = ${s ? 1 : 0}`}
                data-testid={`sel-v${e.vcpuInfo[v]?.vcpuId}-w${r.word}`}
              >
                {s ? 1 : 0}
              </span>
            ))}
          </span>
          <span className="cells" style={{ gridTemplateColumns: `repeat(${W}, minmax(3px, 1fr))` }}>
            {r.pending.map((p, b) => {
              const port = r.word * W + b;
              const m = r.masked[b]!;
              return (
                <span
                  key={b}
                  className={`cell${p ? " pending" : ""}${m ? " masked" : ""}${inUse.has(port) ? " used" : ""}${changed.has(port) ? " flash" : ""}`}
                  title={`port ${port}: ${p ? "pending" : "not pending"}, ${m ? "masked" : "unmasked"}`}
                  data-port={port}
                />
              );
            })}
          </span>
        </div>
      ))}
      {hidden > 0 && (
        <div className="hint">
          words w{rows.length}..w{W - 1}: nothing pending, {hidden} ports masked
        </div>
      )}
    </div>
  );
}

export function FifoQueues({ e, changed }: { e: EvtchnSnapshot; changed: ReadonlySet<number> }) {
  const fifo = e.fifo;
  if (!fifo) return null;
  const words = new Map(fifo.words.map((w) => [w.port, w]));
  return (
    <div className="fifo" role="group" aria-label="FIFO queues">
      {fifo.vcpus.map((v) => {
        const queues = fifoQueues(v, words);
        return (
          <div key={v.vcpuId} className="fifo-vcpu">
            <div className="mono">
              v{v.vcpuId}: control block{" "}
              {v.controlBlock
                ? `gfn 0x${(v.controlBlock.gfn ?? -1).toString(16)} +0x${v.controlBlock.offset.toString(16)}`
                : "not registered (EVTCHNOP_init_control)"}
              , READY 0x{v.ready.toString(16).padStart(4, "0")}
            </div>
            {queues.length === 0 ? (
              <div className="hint">all 16 queues empty</div>
            ) : (
              queues.map((q) => (
                <div
                  key={q.priority}
                  className="fifo-queue"
                  data-queue={`v${v.vcpuId}q${q.priority}`}
                >
                  <span className="mono">
                    q{q.priority}
                    {q.ready ? " R" : ""}
                  </span>
                  <span className="chain">
                    HEAD
                    {q.ports.map((p) => (
                      <span key={p} className={`link-port${changed.has(p) ? " flash" : ""}`}>
                        → {p}
                      </span>
                    ))}
                    {q.cycle ? " → (loop!)" : ""}
                    {q.staleHead ? ` (empty; HEAD still ${q.head})` : ""}
                    <span className="muted"> · Xen tail {q.tail}</span>
                  </span>
                </div>
              ))
            )}
          </div>
        );
      })}
      <table className="words-table" aria-label="Event words">
        <thead>
          <tr>
            <th>port</th>
            <th>word</th>
            <th title="PENDING">P</th>
            <th title="MASKED">M</th>
            <th title="LINKED">L</th>
            <th title="BUSY">B</th>
            <th>LINK</th>
          </tr>
        </thead>
        <tbody>
          {fifo.words.map((w) => (
            <tr
              key={w.port}
              className={changed.has(w.port) ? "flash" : undefined}
              data-port={w.port}
            >
              <td className="num">{w.port}</td>
              <td className="mono">{w.word.toString(16).padStart(8, "0")}</td>
              <td className={w.pending ? "bit-on" : "bit-off"}>{yes(w.pending)}</td>
              <td className={w.masked ? "bit-on" : "bit-off"}>{yes(w.masked)}</td>
              <td className={w.linked ? "bit-on" : "bit-off"}>{yes(w.linked)}</td>
              <td className={w.busy ? "bit-on" : "bit-off"}>{yes(w.busy)}</td>
              <td className="num">{w.link}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
