/**
 * A resizable split: children side by side (row) or stacked (column), with a
 * separator between each pair that the pointer drags and the arrow keys move. Sizes
 * are fractions kept in the layout (and so persisted).
 */
import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import { useLab } from "../store/store";
import type { SplitNode } from "./layout-model";

const KEY_STEP = 0.02;

export function SplitView({ node, children }: { node: SplitNode; children: ReactNode[] }) {
  const resize = useLab((s) => s.resizeSplit);
  const box = useRef<HTMLDivElement>(null);
  const row = node.dir === "row";

  const moveBy = (i: number, delta: number) => {
    const sizes = [...node.sizes];
    const a = sizes[i]!;
    const b = sizes[i + 1]!;
    const d = Math.max(-a + 0.05, Math.min(b - 0.05, delta));
    sizes[i] = a + d;
    sizes[i + 1] = b - d;
    resize(node.id, sizes);
  };

  const onPointerDown = (i: number) => (e: PointerEvent<HTMLDivElement>) => {
    const el = box.current;
    if (!el) return;
    e.preventDefault();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const rect = el.getBoundingClientRect();
    const length = row ? rect.width : rect.height;
    const start = row ? e.clientX : e.clientY;
    const base = [...node.sizes];
    const move = (ev: globalThis.PointerEvent) => {
      const delta = ((row ? ev.clientX : ev.clientY) - start) / length;
      const a = base[i]!;
      const b = base[i + 1]!;
      const d = Math.max(-a + 0.05, Math.min(b - 0.05, delta));
      const sizes = [...base];
      sizes[i] = a + d;
      sizes[i + 1] = b - d;
      resize(node.id, sizes);
    };
    const up = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
      handle.removeEventListener("pointercancel", up);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
    handle.addEventListener("pointercancel", up);
  };

  const onKeyDown = (i: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    const back = row ? "ArrowLeft" : "ArrowUp";
    const fwd = row ? "ArrowRight" : "ArrowDown";
    if (e.key === back || e.key === fwd) {
      e.preventDefault();
      moveBy(i, e.key === fwd ? KEY_STEP : -KEY_STEP);
    }
  };

  const items: ReactNode[] = [];
  children.forEach((child, i) => {
    if (i > 0) {
      items.push(
        <div
          key={`sep-${i}`}
          className={`separator ${row ? "vertical" : "horizontal"}`}
          role="separator"
          aria-orientation={row ? "vertical" : "horizontal"}
          aria-valuenow={Math.round(node.sizes[i - 1]! * 100)}
          aria-valuemin={5}
          aria-valuemax={95}
          aria-label="Resize panes"
          tabIndex={0}
          onPointerDown={onPointerDown(i - 1)}
          onKeyDown={onKeyDown(i - 1)}
        />,
      );
    }
    items.push(
      <div
        key={node.children[i]!.id}
        className="split-cell"
        style={{ flex: `${node.sizes[i]} 1 0` }}
      >
        {child}
      </div>,
    );
  });

  return (
    <div ref={box} className={`split ${row ? "row" : "column"}`}>
      {items}
    </div>
  );
}
