/**
 * `xl destroy`, `xl pause`, `xl unpause` (tools/xl/xl_vmcontrol.c with
 * libxl_domain.c), `xl dmesg [-c]` and `xl debug-keys KEYS` (xl_info.c, xl_misc.c),
 * RELEASE-4.22.0. pause and unpause ignore libxl's result (exit 0 whatever happened);
 * destroy reports "destroy failed (rc=N)". dmesg reads the ring with
 * XEN_SYSCTL_readconsole as libxl_xen_console_read_line does (16 KiB, incremental);
 * debug-keys sends XEN_SYSCTL_debug_keys, after refusing a key whose handler the model
 * lacks (so a scenario never passes on missing output).
 */
import { unmodelledKey } from "../../keyhandler/keyhandler";
import { bytesText } from "../../memory/latin1";
import { strerror } from "../libxl/log";
import type { XlIo } from "./io";
import type { XlCommand } from "./xl";
import { findDomain, type XlContext } from "./xl-context";
import { domainInfo } from "./dominfo";
import { XEN_DOMINF } from "../../abi/domctl";

const ERROR_FAIL = -3;
const ERROR_DOMAIN_NOTFOUND = -21;

/** LOGED(ERROR, domid, ...) at libxl_domain.c:<line>:<func>. */
function libxlError(
  io: XlIo,
  line: number,
  func: string,
  domid: number,
  msg: string,
  errno?: number,
) {
  const domain = domid > 0 && domid < 0x7ff0 ? `Domain ${domid}:` : "";
  io.err(
    `libxl: error: libxl_domain.c:${line}:${func}: ${domain}${msg}${errno !== undefined ? `: ${strerror(errno)}` : ""}\n`,
  );
}

/** libxl_domain_destroy(): 0 or a libxl error, with libxl's messages. */
export function libxlDomainDestroy(x: XlContext, io: XlIo, domid: number): number {
  if (!domainInfo(x, domid)) {
    libxlError(io, 356, "libxl_domain_info", domid, "Getting domain info", 3);
    libxlError(io, 1181, "libxl__destroy_domid", domid, "Non-existant domain");
    libxlError(io, 1135, "domain_destroy_callback", domid, "Unable to destroy guest");
    libxlError(io, 1062, "domain_destroy_cb", domid, "Destruction of domain failed");
    return ERROR_DOMAIN_NOTFOUND;
  }
  const ret = x.xc.destroyDomain(domid);
  if (ret < 0) {
    libxlError(io, 1619, "domain_destroy_domid_cb", domid, "xc_domain_destroy failed", -ret);
    libxlError(io, 1135, "domain_destroy_callback", domid, "Unable to destroy guest");
    libxlError(io, 1062, "domain_destroy_cb", domid, "Destruction of domain failed");
    return ERROR_FAIL;
  }
  x.xenstore.rm(`/local/domain/${domid}`);
  x.xenstore.rm(`/libxl/${domid}`);
  x.configs.delete(domid);
  return 0;
}

export const mainDestroy: XlCommand = {
  spec: { short: "f" },
  reqArgs: 1,
  run(x, io, opts, args) {
    const force = opts.some((o) => o.opt === "f");
    const domid = findDomain(x, io, args[0]!);
    if (domid === undefined) return 1;
    if (domid === 0 && !force) {
      io.err(
        "Not destroying domain 0; use -f to force.\nThis can only be done when using a disaggregated hardware domain and toolstack.\n\n",
      );
      return 1;
    }
    const rc = libxlDomainDestroy(x, io, domid);
    if (rc) {
      io.err(`destroy failed (rc=${rc})\n`);
      return 1;
    }
    return 0;
  },
};

export const mainPause: XlCommand = {
  spec: { short: "" },
  reqArgs: 1,
  run(x, io, _opts, args) {
    const domid = findDomain(x, io, args[0]!);
    if (domid === undefined) return 1;
    const ret = x.xc.pauseDomain(domid);
    if (ret < 0) libxlError(io, 585, "libxl_domain_pause", domid, "Pausing domain", -ret);
    return 0;
  },
};

export const mainUnpause: XlCommand = {
  spec: { short: "" },
  reqArgs: 1,
  run(x, io, _opts, args) {
    const domid = findDomain(x, io, args[0]!);
    if (domid === undefined) return 1;
    // libxl__domain_type(): the type libxl stored at create, from getdomaininfo's HVM bit.
    const d = domainInfo(x, domid);
    if (!d) {
      io.err(
        `libxl: error: libxl_dom.c:37:libxl__domain_type: Domain ${domid}:unable to get dominfo: No such process\n`,
      );
      return 0;
    }
    const hvm = (d.dominf & XEN_DOMINF.XEN_DOMINF_hvm_guest) !== 0;
    if (hvm && x.xenstore.read(`/libxl/${domid}/type`) === undefined)
      io.err(
        `libxl: warning: libxl_dom.c:49:libxl__domain_type: unable to get domain type for domid=${domid}, assuming HVM\n`,
      );
    const ret = x.xc.unpauseDomain(domid);
    if (ret < 0) libxlError(io, 686, "domain_unpause_done", domid, "Unpausing domain", -ret);
    return 0;
  },
};

export const mainDmesg: XlCommand = {
  spec: { short: "c", long: { clear: { short: "c", arg: false } } },
  reqArgs: 0,
  run(x, io, opts) {
    // libxl_xen_console_read_start/_line: 16 KiB at a time, incremental, until empty.
    const clear = opts.some((o) => o.opt === "c");
    let index = 0;
    for (;;) {
      const r = x.xc.readConsoleRing(clear, true, index, 16384);
      if (r.ret < 0) {
        // LOGE at libxl_console.c:826 (4.22); xc_readconsolering returns -1, errno set.
        io.err(
          `libxl: error: libxl_console.c:826:libxl_xen_console_read_line: reading console ring buffer: ${strerror(-r.ret)}\n`,
        );
        return 1;
      }
      if (!r.bytes.length) break;
      io.out(bytesText(r.bytes));
      index = r.index;
    }
    return 0;
  },
};

export const mainDebugKeys: XlCommand = {
  spec: { short: "" },
  reqArgs: 1,
  run(x, io, _opts, args) {
    const missing = unmodelledKey(x.hv, args[0]!);
    if (missing) {
      io.err(`xenlab: ${missing}\n`);
      return 1;
    }
    if (x.xc.sendDebugKeys(args[0]!) < 0) {
      io.err(`cannot send debug keys: ${args[0]!}\n`);
      return 1;
    }
    return 0;
  },
};
