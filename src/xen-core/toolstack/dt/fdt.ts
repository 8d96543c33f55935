/**
 * A flattened device tree built the way libxl builds the guest's (libfdt's
 * sequential-write API, libfdt/fdt_sw.c): a buffer of a fixed size, the structure
 * block growing up from the header and reserve map, the strings block growing down from
 * the end; an operation that does not fit fails with -FDT_ERR_NOSPACE, and libxl then
 * starts again with a buffer twice as large ("Increasing FDT size to %zd and
 * retrying"). fdt_finish() packs the strings after the structure: the blob's total size
 * is 64 + structure + strings.
 *
 * The tree is kept too (nodes in creation order, properties as raw big-endian bytes), so
 * it can be printed as DTS (dts.ts), finalised in place (fdt_setprop_inplace,
 * fdt_nop_node) and serialised.
 */
export const FDT_ERR_NOSPACE = -3;

/** FDT_ALIGN(sizeof(struct fdt_header) = 40, sizeof(struct fdt_reserve_entry) = 16). */
const HEADER = 48;
const RSVMAP_END = 16;
const TAG = 4;
const align4 = (n: number) => (n + 3) & ~3;

export interface FdtProp {
  readonly name: string;
  value: Uint8Array;
}

export interface FdtNode {
  readonly name: string;
  readonly props: FdtProp[];
  readonly children: FdtNode[];
  /** fdt_nop_node() turned it into NOPs: it no longer exists. */
  nopped: boolean;
}

export class FdtOverflow extends Error {}

/** libfdt sequential write into a buffer of `capacity` bytes. */
export class FdtWriter {
  readonly root: FdtNode = { name: "", props: [], children: [], nopped: false };
  private readonly open: FdtNode[] = [];
  private structSize = 0;
  private readonly strings = new Map<string, number>();
  private stringsSize = 0;

  constructor(readonly capacity: number) {}

  private grab(len: number): void {
    if (this.structSize + len > this.capacity - (HEADER + RSVMAP_END) - this.stringsSize)
      throw new FdtOverflow();
    this.structSize += len;
  }

  private addString(name: string): void {
    if (this.strings.has(name)) return;
    const len = name.length + 1;
    const structEnd = HEADER + RSVMAP_END + this.structSize;
    if (this.capacity - this.stringsSize - len < structEnd) throw new FdtOverflow();
    this.stringsSize += len;
    this.strings.set(name, this.stringsSize);
  }

  beginNode(name: string): void {
    this.grab(TAG + align4(name.length + 1));
    const node: FdtNode = { name, props: [], children: [], nopped: false };
    const parent = this.open[this.open.length - 1];
    if (parent) parent.children.push(node);
    this.open.push(parent ? node : this.root);
  }

  endNode(): void {
    this.grab(TAG);
    this.open.pop();
  }

  property(name: string, value: Uint8Array): void {
    this.addString(name);
    this.grab(12 + align4(value.length));
    this.open[this.open.length - 1]!.props.push({ name, value });
  }

  /** fdt_finish(): FDT_END; returns the blob's total size. */
  finish(): number {
    this.grab(TAG);
    return HEADER + RSVMAP_END + this.structSize + this.stringsSize;
  }
}

export const cells = (...values: (number | bigint)[]) => {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, Number(BigInt.asUintN(32, BigInt(x)))));
  return out;
};

/** set_cell(): a value over `n` 32-bit cells, most significant first. */
export function cellsOf(value: bigint, n: number): number[] {
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(Number((value >> BigInt(32 * i)) & 0xffffffffn));
  return out;
}

export const str = (...strings: string[]) =>
  Uint8Array.from(strings.join("\0") + "\0", (c) => c.charCodeAt(0) & 0xff);

/** A path lookup (fdt_path_offset) among the nodes that still exist. */
export function findNode(root: FdtNode, path: string): FdtNode | undefined {
  let node: FdtNode | undefined = root;
  for (const part of path.split("/").filter(Boolean)) {
    node = node.children.find((c) => !c.nopped && c.name === part);
    if (!node) return undefined;
  }
  return node;
}

/**
 * Serialise the (finalised) tree as a DTB, the bytes libxl copies into the guest.
 * Finalising shrinks properties in place but keeps fdt_totalsize(): pass the size the
 * blob had when it was finished to keep that slack, as libxl's blob has it.
 */
export function serialize(root: FdtNode, totalsize = 0): Uint8Array {
  const strings: string[] = [];
  const strOff = new Map<string, number>();
  let strLen = 0;
  const struct: number[] = [];
  const u32 = (x: number) =>
    struct.push((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff);
  const bytes = (b: Uint8Array) => {
    for (const x of b) struct.push(x);
    while (struct.length % 4) struct.push(0);
  };
  const walk = (n: FdtNode) => {
    const start = struct.length;
    u32(1);
    bytes(Uint8Array.from(n.name + "\0", (c) => c.charCodeAt(0)));
    for (const p of n.props) {
      if (!strOff.has(p.name)) {
        strOff.set(p.name, strLen);
        strings.push(p.name);
        strLen += p.name.length + 1;
      }
      u32(3);
      u32(p.value.length);
      u32(strOff.get(p.name)!);
      bytes(p.value);
    }
    n.children.forEach(walk);
    u32(2);
    // fdt_nop_node(): the node's bytes stay, each word an FDT_NOP (its property names
    // stay in the strings block too).
    if (n.nopped) for (let i = start; i < struct.length; i += 4) struct.splice(i, 4, 0, 0, 0, 4);
  };
  walk(root);
  u32(9);
  const offStruct = HEADER + RSVMAP_END;
  const offStrings = offStruct + struct.length;
  const total = Math.max(offStrings + strLen, totalsize);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  [0xd00dfeed, total, offStruct, offStrings, HEADER, 17, 16, 0, strLen, struct.length].forEach(
    (x, i) => v.setUint32(i * 4, x),
  );
  out.set(struct, offStruct);
  out.set(
    Uint8Array.from(strings.join("\0") + (strings.length ? "\0" : ""), (c) => c.charCodeAt(0)),
    offStrings,
  );
  return out;
}

/**
 * Read a DTB back into a tree (what `dtc -I dtb` does): undefined when the header or
 * the structure block is not a flattened device tree. Bounded by the blob: a corrupt
 * file cannot make it loop.
 */
export function deserialize(blob: Uint8Array): FdtNode | undefined {
  if (blob.length < 40) return undefined;
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (v.getUint32(0) !== 0xd00dfeed) return undefined;
  const total = Math.min(v.getUint32(4), blob.length);
  const offStruct = v.getUint32(8);
  const offStrings = v.getUint32(12);
  if (offStruct >= total || offStrings > total) return undefined;
  const cstr = (at: number) => {
    let s = "";
    for (let i = at; i < total && blob[i] !== 0; i++) s += String.fromCharCode(blob[i]!);
    return s;
  };
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  for (let p = offStruct; p + 4 <= total;) {
    const tag = v.getUint32(p);
    p += 4;
    if (tag === 1) {
      const name = cstr(p);
      p += align4(name.length + 1);
      const node: FdtNode = { name, props: [], children: [], nopped: false };
      if (stack.length) stack[stack.length - 1]!.children.push(node);
      else if (root) return undefined;
      else root = node;
      stack.push(node);
    } else if (tag === 3) {
      if (p + 8 > total || !stack.length) return undefined;
      const len = v.getUint32(p);
      const nameoff = v.getUint32(p + 4);
      p += 8;
      if (p + len > total) return undefined;
      stack[stack.length - 1]!.props.push({
        name: cstr(offStrings + nameoff),
        value: blob.slice(p, p + len),
      });
      p += align4(len);
    } else if (tag === 2) {
      if (!stack.pop()) return undefined;
    } else if (tag === 4) continue;
    else if (tag === 9) return stack.length ? undefined : root;
    else return undefined;
  }
  return undefined;
}
