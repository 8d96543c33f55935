// Follows xen/common/domid.c (domid_alloc).
import { describe, expect, it } from "vitest";
import { DOMID } from "../abi/xen";
import { DomidAllocator } from "./domid";

describe("domid_alloc (xen/common/domid.c)", () => {
  it("gives an exact free id and refuses a taken one", () => {
    const a = new DomidAllocator();
    expect(a.alloc(0)).toBe(0);
    expect(a.alloc(5)).toBe(5);
    expect(a.alloc(5)).toBe(DOMID.DOMID_INVALID);
  });

  it("DOMID_ANY goes round-robin after the last id it handed out, never 0", () => {
    const a = new DomidAllocator();
    a.alloc(0);
    expect(a.alloc(DOMID.DOMID_ANY)).toBe(1);
    expect(a.alloc(DOMID.DOMID_ANY)).toBe(2);
    a.free(1);
    // Not 1 again: the search starts after domid_last.
    expect(a.alloc(DOMID.DOMID_ANY)).toBe(3);
  });

  it("wraps to 1 when the top is reached, skipping 0", () => {
    const a = new DomidAllocator();
    a.alloc(0);
    for (let i = 1; i < DOMID.DOMID_FIRST_RESERVED; i++) a.alloc(DOMID.DOMID_ANY);
    a.free(7);
    expect(a.alloc(DOMID.DOMID_ANY)).toBe(7);
    expect(a.alloc(DOMID.DOMID_ANY)).toBe(DOMID.DOMID_INVALID);
  });

  it("an exact request does not move the round-robin cursor", () => {
    const a = new DomidAllocator();
    a.alloc(0);
    a.alloc(10);
    expect(a.alloc(DOMID.DOMID_ANY)).toBe(1);
  });

  it("reserved ids other than DOMID_ANY are refused", () => {
    const a = new DomidAllocator();
    for (const id of [
      DOMID.DOMID_SELF,
      DOMID.DOMID_IO,
      DOMID.DOMID_INVALID,
      DOMID.DOMID_IDLE,
      0xffff,
    ]) {
      expect(a.alloc(id)).toBe(DOMID.DOMID_INVALID);
    }
  });
});
