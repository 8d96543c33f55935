/**
 * What the panels' buttons do: toolstack calls through XenCtrl, each result reported
 * in Xen's terms (errno names), the snapshot updated through the subscription.
 */
import { formatRet } from "../../xen-core";
import { createDomain, destroyDomain, type CreateForm } from "../lab/create-flow";
import { domainName } from "../lab/lab-session";
import { labStore } from "./store";

function say(ok: boolean, text: string): void {
  labStore.getState().syncNames();
  labStore.getState().report({ ok, text });
}

export function createFromForm(form: CreateForm): void {
  const { session, select } = labStore.getState();
  const r = createDomain(session, form);
  const calls = r.steps.map((s) => `${s.call} = ${formatRet(s.ret)}`).join(", ");
  if (r.ok) {
    select(r.domid);
    say(true, `Created ${form.name} (domain ${r.domid}): ${calls}`);
  } else {
    say(false, `${r.error}${calls ? ` (${calls})` : ""}`);
  }
}

type DomainAction = "pause" | "unpause" | "destroy";

export function domainAction(action: DomainAction, domid: number): void {
  const { session, select } = labStore.getState();
  const name = domainName(session, domid);
  const ret =
    action === "pause"
      ? session.xc.pauseDomain(domid)
      : action === "unpause"
        ? session.xc.unpauseDomain(domid)
        : destroyDomain(session, domid);
  if (action === "destroy" && ret === 0) select(undefined);
  const call = `XEN_DOMCTL_${action}domain`;
  say(
    ret === 0,
    `${call} ${name} (domain ${domid}) = ${formatRet(ret)}${ret < 0 ? ` (${ret})` : ""}`,
  );
}
