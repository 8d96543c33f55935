/**
 * The trace entry the user picked (in the Trace panel, on the timeline, in a step), in
 * one line with its links: the hypercall a state change happened inside, and the
 * scenario step that issued it.
 */
import { describeEntry } from "../../xen-core/scenario/diff";
import { linksOf, stepLabel } from "../lab/trace-links";
import { useLab } from "../store/store";

export function EntryDetails({ testId }: { testId: string }) {
  const seq = useLab((s) => s.selectedSeq);
  const trace = useLab((s) => s.trace);
  const results = useLab((s) =>
    s.session.origin.kind === "scenario" ? s.run?.results : undefined,
  );
  if (seq === undefined) return null;
  const links = linksOf(trace, seq, results);
  if (!links) return null;
  return (
    <p className="entry-details" data-testid={testId}>
      <span className="mono">seq {seq}</span>{" "}
      <span className="mono">{describeEntry(links.entry)}</span>
      {links.cause && (
        <>
          {" "}
          — inside <span className="mono">{describeEntry(links.cause)}</span>
        </>
      )}
      {!links.cause && links.entry.kind === "state" && " — outside any hypercall (Xen's own)"}
      {links.step && <> — {stepLabel(links.step)}</>}
    </p>
  );
}
