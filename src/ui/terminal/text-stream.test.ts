// Console streams outside React: writers never wait for a reader, a terminal that
// attaches later gets the backlog, and the backlog stays bounded.
import { describe, expect, it } from "vitest";
import { bootLab, DEFAULT_SETTINGS } from "../lab/lab-session";
import { createDomain } from "../lab/create-flow";
import { TextStream } from "./text-stream";
import { feedXenConsole } from "./xen-console-feed";

describe("text stream", () => {
  it("hands a late reader the backlog, then the live writes", () => {
    const s = new TextStream("t", 10);
    s.write("hello ");
    s.write("world\r\n");
    const got: string[] = [];
    const a = s.attach((t) => got.push(t));
    expect(a.backlog).toBe("world\r\n");
    s.write("more");
    expect(got).toEqual(["more"]);
    a.dispose();
    s.write("unseen");
    expect(got).toEqual(["more"]);
    expect(s.written).toBe(6 + 7 + 4 + 6);
  });

  it("feeds the Xen console ring as it grows, line by line", () => {
    const lab = bootLab(DEFAULT_SETTINGS);
    const s = new TextStream("xen");
    const stop = feedXenConsole(lab, s);
    expect(s.backlog()).toContain("(XEN) *** LOADING DOMAIN 0 ***\r\n");
    createDomain(lab, { name: "g", maxVcpus: 1, memoryMiB: 16, flags: 0x43 });
    expect(s.backlog()).toContain(
      "(XEN) arch/arm/domain.c:571: Unsupported configuration 0x43\r\n",
    );
    stop();
    lab.hv.console.printk("after");
    expect(s.backlog()).not.toContain("after");
  });
});
