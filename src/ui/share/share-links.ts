/**
 * The page's share links: open the one in the address bar at start (the settings,
 * texts and layout land before the first render, the seek right after) and whenever
 * the fragment changes (a link pasted into the same tab); and the toolbar's Share
 * action: the link into the address bar (replaceState: no reload, no hashchange) and
 * onto the clipboard when the browser allows it.
 */
import { labStore } from "../store/store";
import { openShare, shareFragment } from "./share-apply";
import { isShareFragment } from "./share-codec";

export function installShareLinks(): () => void {
  const open = () => {
    if (isShareFragment(location.hash)) void openShare(labStore, location.hash);
  };
  open();
  window.addEventListener("hashchange", open);
  return () => window.removeEventListener("hashchange", open);
}

export async function shareLab(): Promise<void> {
  const { setShareNotice } = labStore.getState();
  const made = shareFragment(labStore.getState());
  if ("error" in made)
    return setShareNotice({ tone: "error", title: "No link was made", lines: [made.error] });
  history.replaceState(history.state, "", made.hash);
  const url = location.href;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    // Not allowed here (no focus, no permission, http): the field below holds it.
  }
  const what = labStore.getState().run
    ? "the lab, the scenario at its step"
    : "the lab and the scenario";
  setShareNotice({
    tone: "info",
    title: copied
      ? "Share link copied to the clipboard"
      : "Share link made: copy it from the field",
    lines: [
      `It is in the address bar too (${url.length} characters) and holds ${what}, the xl.cfg and the layout.`,
    ],
    ...(copied ? { transient: true } : { link: url }),
  });
}
