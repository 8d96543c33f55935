import { afterEach, describe, expect, it, vi } from "vitest";
import { SerialStream } from "./serial";

const sub = (text: string) => ({ kind: "substring" as const, text });
function print(s: SerialStream, text: string) {
  for (const c of text) s.push(c.charCodeAt(0));
}

describe("SerialStream", () => {
  afterEach(() => vi.useRealTimers());

  it("gives subscribers every byte and keeps a transcript without carriage returns", () => {
    const s = new SerialStream();
    const seen: number[] = [];
    const off = s.onByte((b) => seen.push(b));
    print(s, "lab> \r\n");
    off();
    print(s, "x");
    expect(seen).toEqual([...Buffer.from("lab> \r\n")]);
    expect(s.transcript()).toBe("lab> \nx");
    expect(s.bytesOut).toBe(8);
  });

  it("matches the whole transcript, or what follows a point such as the last input", async () => {
    const s = new SerialStream();
    print(s, "fifo: ok\nlab> ");
    await expect(s.waitFor(sub("fifo: ok"), 1000)).resolves.toBeUndefined();
    s.markInput();
    expect(s.inputMark).toBe(14);
    let done = false;
    const wait = s.waitFor(sub("fifo: ok"), 1000, s.inputMark).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    print(s, "evtchn fifo\nfifo: ok\n");
    await wait;
    expect(done).toBe(true);
    expect(s.since(s.inputMark)).toBe("evtchn fifo\nfifo: ok\n");
    await expect(s.waitFor(sub("lab> evtchn fifo"), 10)).resolves.toBeUndefined();
  });

  it("rejects on timeout with what the guest printed, and on close", async () => {
    vi.useFakeTimers();
    const s = new SerialStream();
    print(s, "lab> ");
    const timeout = s.waitFor({ kind: "regex", source: "^ping: d2 \\d+", flags: "m" }, 500);
    vi.advanceTimersByTime(500);
    await expect(timeout).rejects.toThrow(/timed out; the guest printed "lab> "/);
    const closed = s.waitFor(sub("never"), 5000);
    s.close("the guest is crashed");
    await expect(closed).rejects.toThrow("the guest is crashed");
    await expect(s.waitFor(sub("never"), 5000)).rejects.toThrow("crashed");
  });
});
