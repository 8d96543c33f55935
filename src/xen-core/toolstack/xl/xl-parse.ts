/**
 * parse_config_data(), tools/xl/xl_parse.c (RELEASE-4.22.0), for the keys the lab
 * models, in xl's order so warnings and the first fatal error come out as xl prints
 * them. Every other key is ignored, as xl ignores keys it never looks up (a `realm`
 * line is such a key unless the Realm RFC's xl reads it). Devices (disk, vif, pci, ...)
 * are counted, not modelled: libxl's checks look at their numbers only.
 *
 * Exit codes are xl's: exit(1) for most errors, exit(-ERROR_FAIL) = 3 for an unknown
 * gic_version or tee.
 */
import { XEN_ERRNO } from "../../abi/errno";
import type { HostArch } from "../../hypervisor/host";
import { noDevices, type LibxlDomainConfig, type LibxlShutdownAction } from "../libxl/types";
import type { CfgReport } from "../xlcfg/report";
import type { XluConfig } from "../xlcfg/xlu-config";

export interface XlParseOptions {
  readonly arch: HostArch;
  /** The Realm RFC's xl reads `realm` (profile.toolstack.realm). */
  readonly realmKey: boolean;
  /** libxl_uuid_generate(). */
  readonly newUuid: () => Uint8Array;
}

export type XlParseResult =
  | { readonly ok: true; readonly config: LibxlDomainConfig }
  | { readonly ok: false; readonly exit: number };

const INT_MAX = 0x7fffffffn;

/** xl's `exit(code)` after a message, carried as an exception inside this file only. */
class XlExit {
  constructor(readonly code: number) {}
}

/** libxl_*_from_string(): case-insensitive match against the IDL's names. */
function fromString<T extends string>(names: readonly T[], s: string): T | undefined {
  return names.find((n) => n.toLowerCase() === s.toLowerCase());
}

const SHUTDOWN_ACTIONS: readonly LibxlShutdownAction[] = [
  "destroy",
  "restart",
  "rename-restart",
  "preserve",
  "coredump-destroy",
  "coredump-restart",
  "soft-reset",
];

const SVE_NAMES = [
  "hw",
  "disabled",
  ...Array.from({ length: 16 }, (_, i) => String(128 * (i + 1))),
];

/** libxl_uuid_from_string(): 8-4-4-4-12 hex digits. */
export function parseUuid(s: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s))
    return undefined;
  const hex = s.replace(/-/g, "");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

export function parseConfigData(
  cfg: XluConfig,
  report: CfgReport,
  opts: XlParseOptions,
): XlParseResult {
  try {
    return { ok: true, config: parse(cfg, report, opts) };
  } catch (e) {
    if (e instanceof XlExit) return { ok: false, exit: e.code };
    throw e;
  }
}

function parse(cfg: XluConfig, report: CfgReport, opts: XlParseOptions): LibxlDomainConfig {
  /** fprintf(stderr, ...) about a setting, then exit(code). */
  const fail = (key: string | undefined, message: string, code = 1): never => {
    const s = key ? cfg.find(key) : undefined;
    report.add("error", message, s ? s.value.range : report.index.lineRange(1), message);
    throw new XlExit(code);
  };
  const str = (key: string, dontWarn = false) => {
    const r = cfg.getString(key, dontWarn);
    return r.ok ? r.value : undefined;
  };
  const long = (key: string) => {
    const r = cfg.getLong(key);
    return r.ok ? r.value : undefined;
  };
  const defbool = (key: string) => {
    const r = cfg.getDefbool(key);
    return r.ok ? r.value : undefined;
  };
  const count = (key: string) => {
    const r = cfg.getList(key);
    return r.ok ? r.value.length : 0;
  };

  // type: strncmp(buf, "hvm", strlen(buf)), so any prefix (even "") selects a type.
  let type: LibxlDomainConfig["cInfo"]["type"];
  const typeText = str("type");
  if (typeText !== undefined) {
    const prefixOf = (word: string) => word.startsWith(typeText);
    if (prefixOf("hvm")) type = "hvm";
    else if (prefixOf("pv")) type = "pv";
    else if (prefixOf("pvh")) type = "pvh";
    else fail("type", `Invalid domain type ${typeText}.`);
  }
  const builder = str("builder");
  if (builder !== undefined) {
    const prefixOf = (word: string) => word.startsWith(builder);
    const builderType = prefixOf("hvm") ? "hvm" : prefixOf("generic") ? "pv" : undefined;
    if (!builderType) fail("builder", `Invalid domain type ${builder}.`);
    if (type !== undefined && type !== builderType)
      fail("builder", `Contradicting "builder" and "type" options specified.`);
    type = builderType;
  }
  if (type === undefined) type = opts.arch === "arm64" ? "pvh" : "pv";

  const hap = defbool("hap");
  const name = str("name");
  if (name === undefined) fail(undefined, "Domain name must be specified.");
  const uuidText = str("uuid");
  let uuid: Uint8Array;
  if (uuidText !== undefined) {
    const parsed = parseUuid(uuidText);
    if (!parsed) fail("uuid", `Failed to parse UUID: ${uuidText}`);
    uuid = parsed!;
  } else uuid = opts.newUuid();
  const oos = defbool("oos");
  const poolName = str("pool");

  const memory = long("memory");
  const maxmem = long("maxmem");

  let vcpus = Number(long("vcpus") ?? 0n);
  if (vcpus < 1) vcpus = 1;
  let maxVcpus = Number(long("maxvcpus") ?? 0n);

  let vuart: LibxlDomainConfig["bInfo"]["archArm"]["vuart"] = "unknown";
  const vuartText = str("vuart");
  if (vuartText !== undefined) {
    const v = fromString(["unknown", "sbsa_uart"] as const, vuartText);
    if (!v) fail("vuart", `ERROR: invalid value "${vuartText}" for "vuart"`);
    vuart = v!;
  }
  const numVnumaNodes = cfg.getList("vnuma", true).ok ? count("vnuma") : 0;

  const targetMemkb = memory !== undefined ? Number(memory) * 1024 : undefined;
  const maxMemkb = maxmem !== undefined ? Number(maxmem) * 1024 : targetMemkb;
  if (maxVcpus === 0) maxVcpus = vcpus;
  if (maxVcpus < vcpus) fail("maxvcpus", "xl: maxvcpus < vcpus");

  // dont_warn = 1: a bad value makes xl exit(1) without a word.
  const bounded = (key: string, fallback: number) => {
    const r = cfg.getBoundedLong(key, 0n, INT_MAX, true);
    if (r.ok) return Number(r.value);
    if (r.err === XEN_ERRNO.ESRCH) return fallback;
    // xl exits without a word; an editor still marks the value.
    const s = cfg.find(key)!;
    report.add(
      "error",
      `${key}: not a number in 0..INT_MAX (xl exits 1 silently)`,
      s.value.range,
      undefined,
    );
    throw new XlExit(1);
  };
  // xl.conf's defaults: max_grant_frames/max_maptrack_frames -1, max_grant_version -1.
  const maxGrantFrames = bounded("max_grant_frames", -1);
  const maxMaptrackFrames = bounded("max_maptrack_frames", -1);
  const maxGrantVersion = bounded("max_grant_version", -1);

  const action = (key: string, fallback: LibxlShutdownAction) => {
    const text = str(key) ?? fallback;
    const a = SHUTDOWN_ACTIONS.find((x) => x === text);
    if (!a) fail(key, `Unknown ${key} action "${text}" specified`);
    return a!;
  };
  const onPoweroff = action("on_poweroff", "destroy");
  const onReboot = action("on_reboot", "restart");
  const onWatchdog = action("on_watchdog", "destroy");
  const onCrash = action("on_crash", "destroy");
  const onSoftReset = action("on_soft_reset", "soft-reset");

  const devices = noDevices();
  devices.pcidevs = count("pci");
  devices.dtdevs = count("dtdev");
  let passthrough: LibxlDomainConfig["cInfo"]["passthrough"] = "default";
  const ptText = str("passthrough");
  if (ptText !== undefined) {
    const p = fromString(
      ["default", "disabled", "enabled", "sync_pt", "share_pt"] as const,
      ptText,
    );
    if (!p) fail("passthrough", `ERROR: unknown passthrough option '${ptText}'`);
    passthrough = p!;
  }

  const eventChannels = Number(long("max_event_channels") ?? 0n);
  const kernel = str("kernel");
  const ramdisk = str("ramdisk");
  const deviceTree = str("device_tree");
  const cmdline = parseCmdline(cfg, report, str);
  const acpi = defbool("acpi");
  const nestedHvm = defbool("nestedhvm");

  const irqs: number[] = [];
  const irqList = cfg.getList("irqs");
  if (irqList.ok) {
    irqList.value.forEach((v, i) => {
      if (v.kind !== "string") fail("irqs", `xl: Unable to get element ${i} in irq list`);
      const text = (v as { value: string }).value;
      // strtoul(buf, &ep, 10): leading space and a sign are accepted, "-1" wraps.
      const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(text);
      if (!m) fail("irqs", `xl: Invalid argument parsing irq: ${text}`);
      const ULONG_MAX = (1n << 64n) - 1n;
      let ul = BigInt(m![2]!);
      if (ul > ULONG_MAX) ul = ULONG_MAX;
      else if (m![1] === "-") ul = BigInt.asUintN(64, -ul);
      if (ul >= 0xffffffffn) fail("irqs", `xl: irq ${ul.toString(16)} too big`);
      irqs.push(Number(ul));
    });
  }
  const numIomem = count("iomem");
  devices.disks = count("disk");
  devices.p9s = count("p9");
  devices.vtpms = count("vtpm");
  devices.vdispls = count("vdispl");
  devices.pvcallsifs = count("pvcalls");
  devices.channels = count("channel");
  devices.nics = count("vif");
  devices.vfbs = count("vfb");
  devices.usbctrls = count("usbctrl");
  devices.usbdevs = count("usbdev");
  devices.vsnds = count("vsnd");

  let gicVersion: LibxlDomainConfig["bInfo"]["archArm"]["gicVersion"] = "default";
  const gicText = str("gic_version", true);
  if (gicText !== undefined) {
    const g = fromString(["default", "v2", "v3"] as const, gicText);
    if (!g) fail("gic_version", `Unknown gic_version "${gicText}" specified`, 3);
    gicVersion = g!;
  }
  let tee: LibxlDomainConfig["bInfo"]["tee"] = "none";
  const teeText = str("tee", true);
  if (teeText !== undefined) {
    const t = fromString(["none", "optee", "ffa"] as const, teeText);
    if (!t) fail("tee", `Unknown tee "${teeText}" specified`, 3);
    tee = t!;
  }
  // The Realm RFC's one line in xl_parse.c, just before "sve".
  const realm = opts.realmKey ? defbool("realm") : undefined;
  let sveVl = 0;
  const sveText = str("sve", true);
  if (sveText !== undefined) {
    const s = fromString(SVE_NAMES, sveText);
    if (!s) fail("sve", `Unknown sve "${sveText}" specified`);
    sveVl = s === "hw" ? -1 : s === "disabled" ? 0 : Number(s);
  }
  const nrSpisLong = long("nr_spis");
  const trapUnmappedAccesses = defbool("trap_unmapped_accesses");
  devices.vkbs = count("vkb");
  devices.virtios = count("virtio");
  const vpmu = defbool("vpmu");

  return {
    cInfo: { type, name: name!, uuid, hap, oos, passthrough, poolName },
    bInfo: {
      type,
      maxVcpus,
      availVcpus: vcpus,
      targetMemkb,
      maxMemkb,
      eventChannels,
      maxGrantFrames,
      maxMaptrackFrames,
      maxGrantVersion: maxGrantVersion < 0 ? undefined : maxGrantVersion,
      kernel,
      ramdisk,
      cmdline,
      deviceTree,
      acpi,
      nestedHvm,
      vpmu,
      trapUnmappedAccesses,
      realm,
      tee,
      archArm: {
        gicVersion,
        vuart,
        sveVl,
        nrSpis: nrSpisLong !== undefined ? Number(nrSpisLong) : undefined,
      },
      irqs,
      numIomem,
      numVnumaNodes,
    },
    devices,
    onPoweroff,
    onReboot,
    onWatchdog,
    onCrash,
    onSoftReset,
  };
}

/** parse_cmdline(): cmdline wins over root= and extra=, with a warning. */
function parseCmdline(
  cfg: XluConfig,
  report: CfgReport,
  str: (key: string) => string | undefined,
): string | undefined {
  const buf = str("cmdline");
  const root = str("root");
  const extra = str("extra");
  if (buf !== undefined) {
    if (root !== undefined || extra !== undefined) {
      const text = "Warning: ignoring root= and extra= in favour of cmdline=";
      const s = cfg.find(root !== undefined ? "root" : "extra")!;
      report.add("warning", text, s.value.range, text);
    }
    return buf;
  }
  if (root !== undefined && extra !== undefined) return `root=${root} ${extra}`;
  if (root !== undefined) return `root=${root}`;
  return extra;
}
