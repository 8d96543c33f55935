/**
 * A partial device tree (xl.cfg `device_tree=`), libxl_arm.c with
 * ENABLE_PARTIAL_DEVICE_TREE (libfdt has what it needs on every distribution build):
 * check_partial_fdt() validates the file, copy_partial_fdt() copies its /passthrough
 * node (required) and /aliases (optional) into the guest's tree, after everything else.
 */
import type { ToolstackLog } from "../libxl/log";
import { deserialize, type FdtNode, type FdtWriter } from "./fdt";

/** copy_partial_fdt() found no /passthrough node: FDT() gives up with this error. */
export class PartialCopyError extends Error {}

/** copy_node(): the node, its properties and its subnodes, into the guest's tree. */
function copyNode(fdt: FdtWriter, n: FdtNode): void {
  fdt.beginNode(n.name);
  for (const p of n.props) fdt.property(p.name, p.value);
  for (const c of n.children) copyNode(fdt, c);
  fdt.endNode();
}

/** copy_partial_fdt(): /passthrough (required) and /aliases, at the end of the root. */
export function copyPartial(fdt: FdtWriter, partial: FdtNode, log: ToolstackLog): void {
  const top = (name: string) => partial.children.find((c) => c.name === name);
  const passthrough = top("passthrough");
  if (!passthrough) {
    log.libxl(
      "error",
      "arm.partial-no-passthrough",
      `Can't copy the node "/passthrough" from the partial FDT`,
    );
    throw new PartialCopyError();
  }
  copyNode(fdt, passthrough);
  const aliases = top("aliases");
  if (aliases) copyNode(fdt, aliases);
}

/**
 * check_partial_fdt(): the file must be a flattened device tree whose header holds
 * (fdt_check_header) and whose totalsize fits the file. Returns the tree or undefined.
 */
export function checkPartial(bytes: Uint8Array, log: ToolstackLog): FdtNode | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || dv.getUint32(0) !== 0xd00dfeed) {
    log.libxl("error", "arm.partial-not-fdt", "Partial FDT is not a valid Flat Device Tree");
    return undefined;
  }
  const tree = bytes.length >= 40 ? deserialize(bytes) : undefined;
  if (!tree) {
    // fdt_check_header() says why (-FDT_ERR_TRUNCATED and others); the model does not
    // tell them apart and reports -FDT_ERR_TRUNCATED.
    log.libxl("error", "arm.partial-check-failed", "Failed to check the partial FDT (-8)");
    return undefined;
  }
  if (dv.getUint32(4) > bytes.length) {
    log.libxl("error", "arm.partial-too-big", "Partial FDT totalsize is too big");
    return undefined;
  }
  return tree;
}
