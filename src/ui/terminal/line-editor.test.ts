// The console line editor: what xterm.js sends for keys becomes a line with a cursor,
// history on Up/Down, and bash-like Tab completion.
import { describe, expect, it } from "vitest";
import { LineEditor, type Completion } from "./line-editor";

function editor(complete?: (line: string, cursor: number) => Completion) {
  const out: string[] = [];
  const lines: string[] = [];
  const e = new LineEditor({
    prompt: () => "# ",
    write: (t) => out.push(t),
    submit: (l) => lines.push(l),
    complete,
  });
  return { e, out, lines };
}

describe("line editor", () => {
  it("edits in the middle of a line and submits it", () => {
    const { e, lines } = editor();
    e.input("xl lst");
    e.input("\x1b[D\x1b[D"); // left twice: before "st"
    e.input("i");
    expect(e.text).toBe("xl list");
    e.input("\x01\x1b[3~X"); // Home, Delete "x", type "X"
    expect(e.text).toBe("Xl list");
    e.input("\x7fx\r"); // Backspace the "X", type "x"
    expect(lines).toEqual(["xl list"]);
    expect(e.text).toBe("");
  });

  it("walks the history and keeps the line being typed", () => {
    const { e, lines } = editor();
    e.input("one\rtwo\rtwo\rthr");
    e.input("\x1b[A");
    expect(e.text).toBe("two");
    e.input("\x1b[A\x1b[A");
    expect(e.text).toBe("one");
    e.input("\x1b[B\x1b[B");
    expect(e.text).toBe("thr");
    e.input("\x03");
    expect(e.text).toBe("");
    expect(lines).toEqual(["one", "two", "two"]);
  });

  it("completes a unique word, extends a common prefix, lists on a second Tab", () => {
    const words = ["create", "console", "cpupool-list", "list"];
    const { e, out } = editor((line, cursor) => {
      const start = line.lastIndexOf(" ", cursor - 1) + 1;
      const w = line.slice(start, cursor);
      return { start, candidates: words.filter((c) => c.startsWith(w)) };
    });
    e.input("xl li\t");
    expect(e.text).toBe("xl list ");
    e.input("\x15xl c\t");
    expect(e.text).toBe("xl c");
    e.input("\t");
    expect(out.join("")).toContain("create  console  cpupool-list");
    e.input("r\t");
    expect(e.text).toBe("xl create ");
  });

  it("a paste with CRLF submits once", () => {
    const { e, lines } = editor();
    e.input("echo hi\r\nls\r\n");
    expect(lines).toEqual(["echo hi", "ls"]);
  });
});
