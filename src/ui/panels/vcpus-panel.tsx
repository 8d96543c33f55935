/**
 * vCPUs: the mode timeline of every vCPU (with HCR_EL2.RW and the domain type beside
 * each lane, contradictions marked), what caused the switch the user picks, and the
 * register pane of the selected vCPU.
 */
import { useCallback, useMemo } from "react";
import { PanelFrame } from "../layout/panel-frame";
import type { LabSession } from "../lab/lab-session";
import { TimelineBuilder, type VcpuLane } from "../lab/vcpu-timeline";
import { useLab } from "../store/store";
import { EntryDetails } from "./entry-details";
import { RegisterView } from "./register-view";
import { VcpuTimelineView } from "./vcpu-timeline-view";

// One builder per lab; it reads only what is new in the trace at each update.
const builders = new WeakMap<LabSession, TimelineBuilder>();
function timelineOf(session: LabSession): TimelineBuilder {
  let b = builders.get(session);
  if (!b) builders.set(session, (b = new TimelineBuilder()));
  return b;
}

export function VcpusPanel() {
  const session = useLab((s) => s.session);
  const trace = useLab((s) => s.trace);
  const domains = useLab((s) => s.snapshot.domains);
  const names = useLab((s) => s.names);
  const selectedSeq = useLab((s) => s.selectedSeq);
  const domid = useLab((s) => s.selectedDomid);
  const vcpuId = useLab((s) => s.selectedVcpu);
  const selectVcpu = useLab((s) => s.selectVcpu);
  const selectSeq = useLab((s) => s.selectSeq);
  const timeline = timelineOf(session).update(trace);
  const selected = useMemo(() => ({ domid, vcpu: vcpuId }), [domid, vcpuId]);
  const onPick = useCallback(
    (lane: VcpuLane, seq: number | undefined) => {
      if (lane.endSeq === undefined) selectVcpu(lane.domid, lane.vcpu);
      if (seq !== undefined) selectSeq(seq);
    },
    [selectVcpu, selectSeq],
  );
  const d = domains.find((x) => x.domid === (domid ?? 0));
  const v = d?.vcpus.find((x) => x.vcpuId === vcpuId) ?? d?.vcpus[0];
  return (
    <PanelFrame title="vCPUs" className="vcpus">
      <VcpuTimelineView
        timeline={timeline}
        domains={domains}
        names={names}
        selectedSeq={selectedSeq}
        selected={selected}
        onPick={onPick}
      />
      <EntryDetails testId="switch-details" />
      {d && v ? (
        <>
          <h3 className="sub-heading">
            Registers of{" "}
            <span className="mono">
              d{d.domid}v{v.vcpuId}
            </span>{" "}
            {names[d.domid] && !names[d.domid]!.startsWith("(") && (
              <span className="muted">({names[d.domid]})</span>
            )}{" "}
            · mode <strong data-testid="vcpu-mode">{v.mode}</strong>
            {!v.online && <span className="muted"> · offline</span>}
          </h3>
          <RegisterView domid={d.domid} vcpu={v} />
        </>
      ) : (
        <p className="hint">The selected domain has no vCPUs yet (max_vcpus allocates them).</p>
      )}
    </PanelFrame>
  );
}
