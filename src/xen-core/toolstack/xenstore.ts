/**
 * The few xenstore nodes the lab's toolstack keeps (tools/xenstored): a domain's
 * name lives at /local/domain/<domid>/name, which is where `xl list` reads it.
 */
export class Xenstore {
  private readonly nodes = new Map<string, string>([["/local/domain/0/name", "Domain-0"]]);

  read(path: string): string | undefined {
    return this.nodes.get(path);
  }

  write(path: string, value: string): void {
    this.nodes.set(path, value);
  }

  /** Remove a node and everything below it. */
  rm(path: string): void {
    for (const key of [...this.nodes.keys()]) {
      if (key === path || key.startsWith(`${path}/`)) this.nodes.delete(key);
    }
  }

  domainName(domid: number): string | undefined {
    return this.read(`/local/domain/${domid}/name`);
  }

  /** The domid whose name is `name`, if any. */
  findDomain(name: string): number | undefined {
    for (const [key, value] of this.nodes) {
      const m = /^\/local\/domain\/(\d+)\/name$/.exec(key);
      if (m && value === name) return Number(m[1]);
    }
    return undefined;
  }
}
