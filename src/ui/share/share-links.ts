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

/**
 * Open the address's share link, and any later one. Resolves once the first has landed
 * on its step (undefined: the address has none), so what follows the address
 * (presenter mode) starts from the link's lab.
 */
export function installShareLinks(): Promise<unknown> | undefined {
  window.addEventListener("hashchange", () => {
    if (isShareFragment(location.hash)) void openShare(labStore, location.hash);
  });
  return isShareFragment(location.hash) ? openShare(labStore, location.hash) : undefined;
}

export async function shareLab(): Promise<void> {
  const { setShareNotice } = labStore.getState();
  const made = shareFragment(labStore.getState());
  if ("error" in made)
    return setShareNotice({ tone: "error", title: "No link was made", lines: [made.error] });
  // The fragment carries the scenario: a ?scenario= built-in pick would override it.
  const address = new URL(location.href);
  address.searchParams.delete("scenario");
  address.hash = made.hash;
  history.replaceState(history.state, "", address.toString());
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
