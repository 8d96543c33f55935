/** The Xen console ring (`xl dmesg`), newest line last. */
import { useEffect, useRef } from "react";
import { useLab } from "../store/store";

export function ConsolePanel() {
  const lines = useLab((s) => s.snapshot.console);
  const end = useRef<HTMLPreElement>(null);
  useEffect(() => {
    end.current?.scrollTo({ top: end.current.scrollHeight });
  }, [lines]);
  return (
    <section className="panel console" aria-label="Xen console">
      <h2>Xen console</h2>
      <pre ref={end} className="ring">
        {lines.join("\n")}
      </pre>
    </section>
  );
}
