/**
 * Event channels: one domain's ports, its 2-level bitmaps or FIFO queues, read from the
 * frozen snapshot (which reads guest memory, so this is what the guest sees), and the
 * `debug-keys e` text Xen prints for it (xen/common/event_channel.c dump_evtchn_info).
 */
import { useMemo, useState } from "react";
import { domainEvtchnLines, type EvtchnSnapshot } from "../../xen-core";
import { PanelFrame } from "../layout/panel-frame";
import { changedPorts } from "../lab/evtchn-view";
import { pressDebugKeys } from "../store/actions";
import { useLab } from "../store/store";
import { DomainSelect } from "./domain-select";
import { FifoQueues, PortsTable, TwoLevelGrid } from "./evtchn-views";

/** The previous snapshot of the same domain's event channels, as derived state. */
function usePrevious(key: number, e: EvtchnSnapshot): EvtchnSnapshot {
  const [track, setTrack] = useState({ key, e, prev: e });
  if (track.e !== e || track.key !== key) {
    const next = { key, e, prev: track.key === key ? track.e : e };
    setTrack(next);
    return next.prev;
  }
  return track.prev;
}

function DebugKeysE({ domid }: { domid: number }) {
  const session = useLab((s) => s.session);
  const version = useLab((s) => s.snapshot.version);
  // Xen's own dump of this domain, computed from the model at the snapshot's version.
  const text = useMemo(() => {
    void version;
    const d = session.hv.domain(domid);
    // The profile's dump format (evtchn_fifo v5 adds the domain's ABI line), as Xen's
    // own 'e' key prints it (xen/common/event_channel.c dump_evtchn_info).
    const abiLine = session.hv.profile.evtchnDumpAbiLine ?? false;
    return d ? domainEvtchnLines(d, abiLine).join("\n") : "";
  }, [session, domid, version]);
  return (
    <details className="debug-keys" open>
      <summary>
        <code>xl debug-keys e</code> for d{domid}
      </summary>
      <pre className="xl-text" data-testid="debug-keys-e">
        {text}
      </pre>
      <button
        className="small-button"
        title="Press the key: Xen prints every domain's table to its console"
        onClick={() => pressDebugKeys("e")}
      >
        Press 'e' (all domains, to the Xen console)
      </button>
    </details>
  );
}

export function EvtchnPanel() {
  const domains = useLab((s) => s.snapshot.domains);
  const selected = useLab((s) => s.selectedDomid);
  const select = useLab((s) => s.select);
  const d =
    domains.find((x) => x.domid === selected) ?? domains.find((x) => x.domid !== 0) ?? domains[0]!;
  const e = d.evtchn;
  const prev = usePrevious(d.domid, e);
  const changed = useMemo(() => changedPorts(prev, e), [prev, e]);
  return (
    <PanelFrame title="Event channels" className="evtchn">
      <div className="toolbar-row">
        <DomainSelect value={d.domid} onChange={select} />
        <span className="badge big" data-testid="evtchn-abi">
          {e.abi === "fifo" ? "FIFO" : "2-level"}
        </span>
        <span className="hint">
          {e.activeEvtchns} active, limit {e.limit}, {e.layout} layout, shared_info{" "}
          {e.sharedInfoGfn === undefined
            ? "not mapped"
            : `at gfn 0x${e.sharedInfoGfn.toString(16)}`}
        </span>
      </div>
      <PortsTable e={e} changed={changed} />
      {e.abi === "fifo" ? (
        <FifoQueues e={e} changed={changed} />
      ) : (
        <TwoLevelGrid e={e} changed={changed} />
      )}
      <DebugKeysE domid={d.domid} />
    </PanelFrame>
  );
}
