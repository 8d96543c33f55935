/**
 * The built-in scenarios as <option>s, for the Scenario panel's picker and presenter
 * mode's: "(edited)" first, for text that is no longer a built-in's.
 */
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";

export function BuiltinOptions() {
  return (
    <>
      <option value="" disabled>
        (edited)
      </option>
      {BUILTIN_SCENARIOS.map((s) => (
        <option key={s.file} value={s.file} title={s.title}>
          {s.name}
        </option>
      ))}
    </>
  );
}
