/**
 * What the panels' buttons do: toolstack calls through XenCtrl, each result reported
 * in Xen's terms (errno names), the snapshot updated through the subscription.
 */
import { formatRet } from "../../xen-core";
import { debugKeys } from "../../xen-core/keyhandler/keyhandler";
import { issue, parseNumber, type ComposeResult, type ComposerForm } from "../lab/composer";
import { textBytes } from "../../xen-core/toolstack/shell/vfs";
import { createDomain, destroyDomain, type CreateForm } from "../lab/create-flow";
import { droppedFileMap, safeName } from "../lab/kernel-files";
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

/** The composer's Issue button: the guest's side of a hypercall, then the trap. */
export function composeAndIssue(form: ComposerForm): ComposeResult {
  const { session } = labStore.getState();
  return issue(session, form);
}

/**
 * dom0 backs the guest frame under `buffer` with RAM (XENMEM_populate_physmap for the
 * domain, as the domain builder does), so a modelled guest has memory to pass structs
 * from.
 */
export function giveGuestPage(domid: number, buffer: string): ComposeResult {
  const { session } = labStore.getState();
  const addr = parseNumber(buffer);
  if (addr === undefined || addr < 0n)
    return { ok: false, text: `buffer '${buffer}' is not an address`, entries: [] };
  const gfn = Number(addr >> 12n);
  const before = session.hv.trace.seq;
  const done = session.xc.populatePhysmap(domid, [gfn]);
  const entries = session.hv.trace.since(before);
  return done === 1
    ? {
        ok: true,
        text: `XENMEM_populate_physmap from dom0: d${domid} gfn 0x${gfn.toString(16)} is RAM now`,
        ret: done,
        entries,
      }
    : {
        ok: false,
        text: `XENMEM_populate_physmap from dom0 populated ${done} of 1 extents${done < 0 ? ` (${formatRet(done)})` : ": over max_mem, or the frame was already RAM"}`,
        ret: done,
        entries,
      };
}

/** `xl debug-keys KEYS`: Xen's handlers print to its console ring. */
export function pressDebugKeys(keys: string): void {
  const { session } = labStore.getState();
  const missing = debugKeys(session.hv, keys);
  say(!missing, missing ?? `debug-keys ${keys}: see the Xen console`);
}

/**
 * The xl.cfg tab's `xl create`: the config (and any dropped kernel) into dom0's /root,
 * then `xl create FILE` in the lab's dom0 shell, so the dom0 console shows it as typed.
 */
export function xlCreateFromCfg(text: string): void {
  const { session, select } = labStore.getState();
  const shell = session.shell;
  if (!shell) return say(false, "This lab has no dom0 shell to run xl in.");
  for (const [name, bytes] of droppedFileMap()) shell.vfs.write(name, bytes);
  // xl reads the last `name =`.
  const name = [...text.matchAll(/^[ \t]*name[ \t]*=[ \t]*"([^"\n]*)"/gm)].at(-1)?.[1];
  const file = `${safeName(name || "guest")}.cfg`;
  shell.vfs.write(file, textBytes(text));
  let domid: number | undefined;
  const stop = shell.onCreate((o) => (domid = o.exit === 0 ? o.domid : undefined));
  const r = shell.run(`xl create ${file}`);
  stop();
  if (r.exit === 0 && domid !== undefined) {
    select(domid);
    return say(true, `xl create ${file}: domain ${domid} created (see the dom0 shell console)`);
  }
  const last = `${r.stderr}${r.stdout}`.trim().split("\n").at(-1) ?? "";
  say(false, `xl create ${file} failed with exit ${r.exit}: ${last}`);
}
