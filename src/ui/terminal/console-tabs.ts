/**
 * Which console tabs exist: the Xen console always, plus the consoles other layers
 * register (the dom0 shell, one serial console per emulated guest). A tiny external
 * store read with useSyncExternalStore; the list is replaced, never mutated.
 */
import { XEN_CONSOLE_TAB, type ConsoleTab } from "./streams";

let tabs: readonly ConsoleTab[] = Object.freeze([XEN_CONSOLE_TAB]);
const listeners = new Set<() => void>();

export function consoleTabs(): readonly ConsoleTab[] {
  return tabs;
}

export function subscribeConsoleTabs(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Add (or replace, by id) a console tab; returns its remover. */
export function addConsoleTab(tab: ConsoleTab): () => void {
  tabs = Object.freeze([...tabs.filter((t) => t.id !== tab.id), tab]);
  listeners.forEach((l) => l());
  return () => {
    if (!tabs.includes(tab)) return;
    tabs = Object.freeze(tabs.filter((t) => t !== tab));
    listeners.forEach((l) => l());
  };
}
