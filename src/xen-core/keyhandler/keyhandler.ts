/**
 * handle_keypress() (xen/common/keyhandler.c): a key with no handler is ignored;
 * otherwise its handler prints to the console ring, each handler's output starting
 * with `'<k>' pressed -> ...`.
 */
import { dumpEvtchnInfo } from "../evtchn/dump";
import type { HypervisorContext } from "../hypervisor/context";
import { dumpDomains } from "./dump-domains";
import { dumpRegisters } from "./dump-registers";
import { keyTable } from "./key-table";

type Handler = (ctx: HypervisorContext, key: string) => void;

/** show_handlers(): ` key '%c' (ascii '%02x') => %s` for every registered key. */
function showHandlers(ctx: HypervisorContext, key: string): void {
  ctx.console.printk(`'${key}' pressed -> showing installed handlers`);
  for (const h of keyTable(ctx.arch)) {
    ctx.console.printk(
      ` key '${h.key}' (ascii '${h.key.charCodeAt(0).toString(16).padStart(2, "0")}') => ${h.desc}`,
    );
  }
}

/** The handlers the model implements; models add theirs. */
const MODELLED: Readonly<Record<string, Handler>> = {
  e: dumpEvtchnInfo,
  d: dumpRegisters,
  h: showHandlers,
  q: dumpDomains,
};

/** Keys whose handler the model implements (the page marks them in the 'h' list). */
export function modelledKeys(): readonly string[] {
  return Object.keys(MODELLED);
}

/** The first key that has a handler in Xen the model does not implement, as a message. */
export function unmodelledKey(ctx: HypervisorContext, keys: string): string | undefined {
  const table = keyTable(ctx.arch);
  for (const key of keys) {
    const registered = table.find((h) => h.key === key);
    if (registered && !MODELLED[key])
      return `debug key '${key}' (${registered.desc}) is not modelled yet`;
  }
  return undefined;
}

/**
 * Press each key in turn. Returns an error text when a key has a handler in Xen that
 * the model does not implement yet (so a scenario never passes on missing output).
 */
export function debugKeys(ctx: HypervisorContext, keys: string): string | undefined {
  const table = keyTable(ctx.arch);
  for (const key of keys) {
    const registered = table.find((h) => h.key === key);
    if (!registered) continue; // Xen ignores keys without a handler.
    const handler = MODELLED[key];
    if (!handler) return `debug key '${key}' (${registered.desc}) is not modelled yet`;
    handler(ctx, key);
    ctx.stateChange(0, "debug-key", `'${key}' pressed`);
  }
  return undefined;
}
