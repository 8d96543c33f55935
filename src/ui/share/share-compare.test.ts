// Opening a share link compares the run it reached with the one the link recorded.
import { describe, expect, it } from "vitest";
import { compareRun, type ReachedRun } from "./share-compare";
import type { SharedRun } from "./share-state";

const recorded: SharedRun = {
  position: 3,
  verdict: "FAILURE",
  done: false,
  statuses: ["ok", "ok", "failed"],
};
const reached = (patch: Partial<ReachedRun>): ReachedRun => ({
  position: 3,
  verdict: "FAILURE",
  done: false,
  steps: 13,
  results: [
    { status: "ok", message: "" },
    { status: "ok", message: "" },
    { status: "failed", message: "hcr-rw: expected 0, found 1" },
  ],
  ...patch,
});

describe("compareRun", () => {
  it("the same position, statuses and verdict: reproduced exactly", () => {
    expect(compareRun(recorded, reached({}))).toEqual({
      exact: true,
      text: "Reproduced exactly: step 3 of 13, verdict so far FAILURE.",
    });
  });

  it("a run that stops earlier says where and why", () => {
    const r = compareRun(
      recorded,
      reached({
        position: 2,
        verdict: "ERROR",
        done: true,
        results: [
          { status: "ok", message: "" },
          { status: "error", message: "no such domain g1" },
        ],
      }),
    );
    expect(r.exact).toBe(false);
    expect(r.text).toBe(
      "Not reproduced exactly: step 2 was ok in the link, here it is error (no such domain g1); " +
        "the link was at step 3, this page stopped at step 2 (step 2 ended the run: error: no such domain g1); " +
        "the verdict was FAILURE in the link, here it is ERROR.",
    );
  });

  it("a step with another outcome and verdict is named", () => {
    const r = compareRun(
      recorded,
      reached({
        verdict: "SUCCESS",
        results: [
          { status: "ok", message: "" },
          { status: "ok", message: "" },
          { status: "ok", message: "" },
        ],
      }),
    );
    expect(r.text).toBe(
      "Not reproduced exactly: step 3 was failed in the link, here it is ok; the verdict was FAILURE in the link, here it is SUCCESS.",
    );
  });

  it("a finished run against an unfinished one", () => {
    expect(compareRun({ ...recorded, done: true }, reached({})).text).toBe(
      "Not reproduced exactly: the run had ended in the link, not here.",
    );
  });
});
