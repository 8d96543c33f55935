/**
 * The lab's switches: which Xen behaviour (profile), which host architecture, and the
 * host's capabilities. Any change boots a fresh hypervisor. While a scenario plays, the
 * switches show the scenario's lab; changing one leaves the scenario for a free lab.
 * Also the page's own controls: share link, theme, layout reset, shortcuts.
 */
import { PROFILES } from "../xen-core";
import { ProfileOptions } from "./panels/profile-options";
import { ShareButton } from "./share/share-controls";
import { useLab } from "./store/store";

export function Toolbar() {
  const settings = useLab((s) => s.session.settings);
  const origin = useLab((s) => s.session.origin);
  const xenVersion = useLab((s) => s.snapshot.xenVersion);
  const debugBuild = useLab((s) => s.snapshot.debugBuild);
  const reboot = useLab((s) => s.reboot);
  const theme = useLab((s) => s.theme);
  const setTheme = useLab((s) => s.setTheme);
  const resetLayout = useLab((s) => s.resetLayout);
  const setHelpOpen = useLab((s) => s.setHelpOpen);
  const zoom = useLab((s) => s.zoom);
  const enterPresenter = useLab((s) => s.enterPresenter);
  const profile = PROFILES.find((p) => p.name === settings.profile);
  return (
    <header className="toolbar">
      <h1 className="brand">
        xenlab{" "}
        <span className="version">
          Xen {xenVersion}
          {debugBuild ? " (debug)" : ""}
        </span>
      </h1>
      <label>
        Profile
        <select
          value={settings.profile}
          title={profile?.description}
          onChange={(e) => reboot({ profile: e.target.value })}
        >
          <ProfileOptions />
        </select>
      </label>
      <label>
        Host
        <select
          value={settings.arch}
          onChange={(e) => reboot({ arch: e.target.value as "arm64" | "x86_64" })}
        >
          <option value="arm64">arm64</option>
          <option value="x86_64">x86_64</option>
        </select>
      </label>
      {settings.arch === "arm64" && (
        <>
          <label title="cpu_has_el1_32: the CPU can run 32-bit kernels">
            <input
              type="checkbox"
              checked={settings.aarch32El1}
              onChange={(e) => reboot({ aarch32El1: e.target.checked })}
            />
            AArch32 at EL1
          </label>
          <label>
            GIC
            <select
              value={settings.gic}
              onChange={(e) => reboot({ gic: e.target.value as "v2" | "v3" })}
            >
              <option value="v2">v2</option>
              <option value="v3">v3</option>
            </select>
          </label>
        </>
      )}
      {origin.kind === "scenario" && (
        <span
          className="origin badge"
          title="The panels show the scenario's lab; changing a switch boots a free lab instead"
        >
          playing {origin.name}
        </span>
      )}
      <span className="profile-description" title={profile?.description}>
        {profile?.description}
      </span>
      <div className="page-controls">
        <ShareButton />
        <button
          onClick={() => enterPresenter()}
          aria-label="Presenter mode"
          title="Presenter mode: large text, projector theme, notes as captions, → / ← to step (Alt+P)"
        >
          ▶ Present
        </button>
        <button
          className="icon-button"
          onClick={() => zoom(-1)}
          aria-label="Smaller text"
          title="Smaller text (Alt+-)"
        >
          A−
        </button>
        <button
          className="icon-button"
          onClick={() => zoom(1)}
          aria-label="Larger text"
          title="Larger text, for projectors (Alt+=)"
        >
          A+
        </button>
        <button
          className="icon-button"
          onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
          aria-label={theme === "dark" ? "Switch to the light theme" : "Switch to the dark theme"}
          title="Theme (Alt+T)"
        >
          {theme === "dark" ? "☀" : "☾"}
        </button>
        <button
          className="icon-button"
          onClick={resetLayout}
          title="Reset the panel layout"
          aria-label="Reset layout"
        >
          ▦
        </button>
        <button
          className="icon-button"
          onClick={() => setHelpOpen(true)}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </div>
    </header>
  );
}
