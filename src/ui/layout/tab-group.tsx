/**
 * A tab group: a strip of panel tabs (WAI-ARIA tabs: arrow keys move, the active tab
 * is the only one in the tab order) above the active panel. Tabs can be dragged to
 * another group's strip; the group can be maximized (Alt+M, or the A/B view opening).
 */
import { useRef, type DragEvent, type KeyboardEvent } from "react";
import { useLab } from "../store/store";
import type { GroupNode, PanelId } from "./layout-model";
import { panelShortcut } from "../help/shortcuts";
import { PANELS } from "../panels/registry";

const DRAG_TYPE = "application/x-xenlab-panel";

export function TabGroup({ node }: { node: GroupNode }) {
  const showPanel = useLab((s) => s.showPanel);
  const movePanel = useLab((s) => s.movePanel);
  const maximized = useLab((s) => s.maximized);
  const toggleMaximized = useLab((s) => s.toggleMaximized);
  const strip = useRef<HTMLDivElement>(null);
  const isMax = maximized === node.id;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = node.tabs.indexOf(node.active);
    let next: PanelId | undefined;
    if (e.key === "ArrowRight") next = node.tabs[(i + 1) % node.tabs.length];
    else if (e.key === "ArrowLeft") next = node.tabs[(i - 1 + node.tabs.length) % node.tabs.length];
    else if (e.key === "Home") next = node.tabs[0];
    else if (e.key === "End") next = node.tabs.at(-1);
    if (!next) return;
    e.preventDefault();
    showPanel(next);
    requestAnimationFrame(() =>
      strip.current?.querySelector<HTMLElement>(`[data-panel="${next}"]`)?.focus(),
    );
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    const panel = e.dataTransfer.getData(DRAG_TYPE) as PanelId;
    if (!PANELS[panel]) return;
    e.preventDefault();
    const tabs = [...(strip.current?.querySelectorAll<HTMLElement>("[data-panel]") ?? [])];
    const index = tabs.findIndex((t) => {
      const r = t.getBoundingClientRect();
      return e.clientX < r.left + r.width / 2;
    });
    movePanel(panel, node.id, index < 0 ? undefined : index);
  };

  const active = node.tabs.includes(node.active) ? node.active : node.tabs[0];
  const Panel = active ? PANELS[active].component : undefined;
  return (
    <div className={`tab-group${isMax ? " maximized" : ""}`} data-group={node.id}>
      <div className="tab-strip" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <div ref={strip} className="tabs" role="tablist" onKeyDown={onKeyDown}>
          {node.tabs.map((t) => (
            <button
              key={t}
              role="tab"
              id={`tab-${t}`}
              data-panel={t}
              aria-selected={t === active}
              aria-controls={`tabpanel-${node.id}`}
              tabIndex={t === active ? 0 : -1}
              className={t === active ? "tab active" : "tab"}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, t);
                e.dataTransfer.effectAllowed = "move";
              }}
              onClick={() => showPanel(t)}
              onDoubleClick={() => toggleMaximized(node.id)}
              title={`${PANELS[t].title} (${panelShortcut(t)}); drag to another group`}
            >
              {PANELS[t].title}
            </button>
          ))}
        </div>
        <button
          className="icon-button"
          aria-pressed={isMax}
          aria-label={isMax ? "Restore layout" : "Maximize this group"}
          title={isMax ? "Restore layout (Alt+M)" : "Maximize (Alt+M)"}
          onClick={() => toggleMaximized(node.id)}
        >
          {isMax ? "⤡" : "⤢"}
        </button>
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`tabpanel-${node.id}`}
        aria-labelledby={active ? `tab-${active}` : undefined}
      >
        {Panel ? <Panel /> : <p className="hint empty-group">Drop a panel's tab here.</p>}
      </div>
    </div>
  );
}
