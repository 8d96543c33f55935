/**
 * The lab's switches: which Xen behaviour (profile), which host architecture, and the
 * host's capabilities. Any change boots a fresh hypervisor.
 */
import { PROFILES } from "../xen-core";
import { useLab } from "./store/store";

export function Toolbar() {
  const settings = useLab((s) => s.session.settings);
  const xenVersion = useLab((s) => s.snapshot.xenVersion);
  const debugBuild = useLab((s) => s.snapshot.debugBuild);
  const reboot = useLab((s) => s.reboot);
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
          {PROFILES.map((p) => (
            <option key={p.name} value={p.name} title={p.description}>
              {p.name}
            </option>
          ))}
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
      <p className="profile-description">{profile?.description}</p>
    </header>
  );
}
