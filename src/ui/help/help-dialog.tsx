/**
 * The keyboard shortcut list (`?`), a modal dialog built on <dialog> so focus and
 * Escape behave as the platform does.
 */
import { useEffect, useRef } from "react";
import { useLab } from "../store/store";
import { SHORTCUTS } from "./shortcuts";

export function HelpDialog() {
  const open = useLab((s) => s.helpOpen);
  const setOpen = useLab((s) => s.setHelpOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="help-dialog"
      aria-labelledby="help-title"
      onClose={() => setOpen(false)}
      onClick={(e) => e.target === ref.current && setOpen(false)}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Panels: drag a tab to another group, drag or arrow-key the separators to resize,
        double-click a tab to maximize its group. The layout and theme are remembered.
      </p>
      <form method="dialog">
        <button className="primary">Close</button>
      </form>
    </dialog>
  );
}
