/**
 * The page's panes: the layout tree rendered as nested splits of tab groups, or the
 * one maximized group alone.
 */
import { useLab } from "../store/store";
import { groups, type LayoutNode } from "./layout-model";
import { SplitView } from "./split-view";
import { TabGroup } from "./tab-group";

function Node({ node }: { node: LayoutNode }) {
  if (node.kind === "group") return <TabGroup node={node} />;
  return (
    <SplitView node={node}>
      {node.children.map((c) => (
        <Node key={c.id} node={c} />
      ))}
    </SplitView>
  );
}

export function PaneLayout() {
  const layout = useLab((s) => s.layout);
  const maximized = useLab((s) => s.maximized);
  const alone = maximized ? groups(layout).find((g) => g.id === maximized) : undefined;
  return (
    <main className="panes">{alone ? <TabGroup node={alone} /> : <Node node={layout} />}</main>
  );
}
