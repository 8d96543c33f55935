/**
 * What a hypercall wrote back into the guest's memory, decoded for the composer: the
 * strings and structs of xen_version's ops (xen/include/public/version.h), and the OUT
 * fields of a struct op (an allocated port, a parameter's value).
 */
import { copyFromGuest } from "../../xen-core/memory/guest-access";
import { StructBuf } from "../../xen-core/memory/struct-buf";
import type { ComposerForm, Prepared } from "./composer";
import type { LabSession } from "./lab-session";

export function readBack(
  session: LabSession,
  f: ComposerForm,
  p: Prepared,
  out: (field: string) => bigint | undefined,
): string | undefined {
  if (p.spec) {
    const fields = p.spec.out
      .map((k) => [k, out(k)] as const)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} = ${v}`);
    return fields.length ? fields.join(", ") : undefined;
  }
  const mem = session.hv.domain(f.domid)?.memory;
  if (!mem || f.hypercall !== "xen_version") return undefined;
  const handle = p.args[1]!;
  const cstr = (n: number) => {
    const b = copyFromGuest(mem, handle, n);
    if (!b) return "(unreadable)";
    const end = b.indexOf(0);
    return String.fromCharCode(...b.subarray(0, end < 0 ? b.length : end));
  };
  switch (f.op) {
    case "XENVER_extraversion":
      return `extraversion = "${cstr(16)}"`;
    case "XENVER_capabilities":
      return `capabilities = "${cstr(1024)}"`;
    case "XENVER_commandline":
      return `commandline = "${cstr(1024)}"`;
    case "XENVER_compile_info": {
      const b = copyFromGuest(mem, handle, 144);
      if (!b) return undefined;
      const s = (o: number, n: number) =>
        String.fromCharCode(...b.subarray(o, o + n)).replace(/\0.*$/s, "");
      return `compiler "${s(0, 64)}", by "${s(64, 16)}", domain "${s(80, 32)}", date "${s(112, 32)}"`;
    }
    case "XENVER_get_features": {
      const b = copyFromGuest(mem, handle, 8);
      return b ? `submap = 0x${new StructBuf(b).u32(4).toString(16).padStart(8, "0")}` : undefined;
    }
    default:
      return undefined;
  }
}
