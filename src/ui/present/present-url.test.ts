// Presenter mode in the address: ?present=1 and ?scenario=NAME, and the address kept
// in step with the mode without touching the fragment (share links live there).
import { describe, expect, it } from "vitest";
import { presentRequest, withPresent } from "./present-url";

describe("presenter address", () => {
  it("reads present and scenario", () => {
    expect(presentRequest("?present=1")).toEqual({ present: true, scenario: undefined });
    expect(presentRequest("?present")).toEqual({ present: true, scenario: undefined });
    expect(presentRequest("?present=0&scenario=tour-xen-basics")).toEqual({
      present: false,
      scenario: "tour-xen-basics",
    });
    expect(presentRequest("")).toEqual({ present: false, scenario: undefined });
  });

  it("adds and removes present=1, keeping the rest and the fragment", () => {
    expect(withPresent("http://h/x/?a=b#lab=xyz", true)).toBe("http://h/x/?a=b&present=1#lab=xyz");
    expect(withPresent("http://h/x/?present=1&a=b#lab=xyz", false)).toBe("http://h/x/?a=b#lab=xyz");
    expect(withPresent("http://h/?present=1", false)).toBe("http://h/");
  });
});
