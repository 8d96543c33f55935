/**
 * The toolbar's Share button and the banner that reports on share links: a link made
 * (copied, or selected in a read-only field when the clipboard is not allowed), a link
 * opened (reproduced exactly, or what differs), a link refused (why; the page as it
 * was). Errors and differences are alerts; the banner stays until dismissed.
 */
import { useEffect, useRef } from "react";
import { labStore, useLab } from "../store/store";
import { shareLab } from "./share-links";
import "./share.css";

const TRANSIENT_MS = 8000;

export function ShareButton() {
  return (
    <>
      <button
        className="icon-button share-button"
        onClick={() => void shareLab()}
        aria-label="Share"
        title="Share: a link to this lab at this step (Alt+S)"
      >
        ⤴ Share
      </button>
      <ShareNotice />
    </>
  );
}

/**
 * The banner. Presenter mode has no toolbar, so it shows the banner itself, with
 * `alertsOnly`: a refused link or one that did not reproduce must be seen, a routine
 * "reproduced exactly" would only distract the room.
 */
export function ShareNotice({ alertsOnly = false }: { alertsOnly?: boolean }) {
  const notice = useLab((s) => s.shareNotice);
  const dismiss = useLab((s) => s.setShareNotice);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [notice?.link]);
  useEffect(() => {
    if (!notice?.transient) return;
    const t = setTimeout(() => {
      if (labStore.getState().shareNotice === notice) dismiss(undefined);
    }, TRANSIENT_MS);
    return () => clearTimeout(t);
  }, [notice, dismiss]);
  if (!notice || (alertsOnly && notice.tone === "info")) return null;
  return (
    <div
      className={`share-notice tone-${notice.tone}`}
      role={notice.tone === "info" ? "status" : "alert"}
      data-testid="share-notice"
    >
      <div className="share-notice-body">
        <strong>{notice.title}</strong>
        {notice.lines.map((l, i) => (
          <div key={i}>{l}</div>
        ))}
        {notice.link && (
          <input
            ref={field}
            className="share-link mono"
            readOnly
            value={notice.link}
            aria-label="Share link"
            onFocus={(e) => e.currentTarget.select()}
          />
        )}
      </div>
      <button className="icon-button" onClick={() => dismiss(undefined)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
