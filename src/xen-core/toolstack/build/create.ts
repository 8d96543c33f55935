/**
 * `xl create` end to end (tools/xl/xl_vmcontrol.c create_domain, then libxl_create.c
 * initiate_domain_create, RELEASE-4.22.0): parse the config, libxl's defaults, make the
 * domain, build it, and unpause it unless `-p`. Failures print what xl and libxl print
 * and exit as xl exits: 1 for a config error, 3 (-ERROR_FAIL) once libxl was called.
 * A domain that was created and failed to build is destroyed by libxl, and then once
 * more by xl, which finds it gone: the "Non-existant domain" lines of the arm oracle.
 */
import { PSR_GUEST64_INIT } from "../../abi/arch-arm";
import { parseXlCfg } from "../xlcfg/parser";
import { XluConfig } from "../xlcfg/xlu-config";
import type { CfgDiagnostic } from "../xlcfg/types";
import { strerror, ToolstackLog, XTL } from "../libxl/log";
import type { LibxlEnv } from "../libxl/env";
import { domainMake } from "../libxl/make";
import { domainConfigSetdefault, ERROR_FAIL } from "../libxl/setdefault";
import { copyDomainConfig, type LibxlDomainConfig } from "../libxl/types";
import { parseConfigData } from "../xl/xl-parse";
import { kernelFromBytes } from "../kernel/source";
import { toDts } from "../dt/dts";
import { counterUuids, toolstackTree, type ToolstackContext } from "../options";
import { armBuild, loadKernel } from "./libxl-build";
import { x86Build } from "./x86-build";
import { xcDomRambaseInit, type XcDom } from "./xc-dom";
import { findAndParse } from "../kernel/loaders";
import { configJson } from "../xl/config-json";

export interface CreateRequest {
  /** The file name as typed; xl prints it and uses it in parser messages. */
  readonly configPath: string;
  readonly configText: string;
  /** Extra `key=value` arguments, appended as xl does ("\n" + each + "\n"). */
  readonly extra: readonly string[];
  readonly paused: boolean;
  readonly dryRun: boolean;
  /** Number of global -v. */
  readonly verbose: number;
  /** The dom0 file system: a path → its bytes. */
  readonly readFile: (path: string) => Uint8Array | undefined;
  /** xl's environment (LIBXL_DEBUG_DUMP_DTB is the one libxl reads here). */
  readonly env?: Readonly<Record<string, string>>;
  /** Write a file for libxl (the DTB dump); false if it cannot. */
  readonly writeFile?: (path: string, bytes: Uint8Array) => boolean;
}

export interface CreateOutcome {
  readonly exit: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly domid?: number;
  /** The config's problems with ranges (parser, getters, xl's own checks). */
  readonly diagnostics: readonly CfgDiagnostic[];
  readonly dts?: string;
  /** The config after xl's parse and libxl's defaults. */
  readonly config?: LibxlDomainConfig;
  /** The config as xl parsed it, before libxl's defaults (for `xl list -l`). */
  readonly savedConfig?: LibxlDomainConfig;
}

/** XEN_DOMCTL_CDF_is_32bits as v1's public header defines it (the follow-up's libxl). */
const XEN_DOMCTL_CDF_is_32bits = 1 << 9;
/** PSR_GUEST64_INIT in 4.17's public header (4.22 added PSR_DBG_MASK: 0x3c5). */
const PSR_GUEST64_INIT_4_17 = 0x1c5n;

export function xlCreate(ctx: ToolstackContext, req: CreateRequest): CreateOutcome {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const tree = toolstackTree(ctx);
  const log = new ToolstackLog(tree, Math.max(0, XTL.progress - req.verbose), (l) =>
    stderr.push(l),
  );
  const env: LibxlEnv = {
    hv: ctx.hv,
    xc: ctx.xc,
    xenstore: ctx.xenstore,
    log,
    profile: ctx.hv.profile,
  };
  const out = (exit: number, extra: Partial<CreateOutcome> = {}): CreateOutcome => ({
    exit,
    stdout,
    stderr,
    diagnostics: report.diagnostics,
    ...extra,
  });

  stderr.push(`Parsing config from ${req.configPath}`);
  const text = req.extra.length
    ? `${req.configText}\n${req.extra
        .map((e) => `\n${e}`)
        .join("")
        .slice(1)}\n`
    : req.configText;
  const parsed = parseXlCfg(text, req.configPath);
  const report = parsed.report;
  const flush = () => {
    stderr.push(...report.lines.splice(0));
  };
  if (parsed.err) {
    flush();
    stderr.push(`Failed to parse config: ${strerror(parsed.err)}`);
    return out(1);
  }
  const cfg = new XluConfig(parsed, report);
  const xl = parseConfigData(cfg, report, {
    arch: ctx.hv.arch,
    realmKey: ctx.hv.profile.toolstack.realm,
    newUuid: (ctx.options.newUuid ??= counterUuids()),
  });
  flush();
  if (!xl.ok) return out(xl.exit);
  const d = xl.config;
  if (req.dryRun) {
    stdout.push(configJson(d, undefined));
    return out(0);
  }

  // libxl_domain_create_new: do_domain_create keeps the user's config (what
  // libxl_retrieve_domain_configuration starts from), then initiate_domain_create.
  const saved = copyDomainConfig(d);
  const rc = domainConfigSetdefault(env, d);
  if (rc) return out(failBeforeDomain(log, false));
  let probed: XcDom | undefined;
  let extraFlags = 0;
  if (ctx.options.probeFirst && ctx.hv.arch === "arm64") {
    // The follow-up: probe the kernel before there is a domain to build.
    probed = loadKernel(env, 0, d, kernelOf(d, req));
    if (probed) {
      xcDomRambaseInit(env, probed);
      if (!findAndParse(probed, log)) probed = undefined;
    }
    if (!probed) {
      log.libxl("error", "dom.parse-image-failed", "xc_dom_parse_image failed");
      return out(failBeforeDomain(log, true));
    }
    if (probed.guestType === "xen-3.0-armv7l") extraFlags = XEN_DOMCTL_CDF_is_32bits;
  }
  const made = domainMake(env, d, extraFlags);
  if (made.rc) return out(failBeforeDomain(log, true));
  const domid = made.domid!;
  if (probed) Object.assign(probed, { domid });
  // store_libxl_entry(): libxl__domain_type() reads the type back from here.
  ctx.xenstore.write(`/libxl/${domid}/type`, d.bInfo.type ?? "pvh");

  log.libxl("debug", "create.running-bootloader", "running bootloader", { domid });
  log.libxl("debug", "bootloader.none", "no bootloader configured, using user supplied kernel", {
    domid,
  });

  const gic = made.gic ?? "v3";
  const ramdisk = d.bInfo.ramdisk !== undefined ? req.readFile(d.bInfo.ramdisk) : undefined;
  const built =
    ctx.hv.arch === "arm64"
      ? armBuild(env, {
          domid,
          d,
          kernel: kernelOf(d, req),
          ramdisk,
          gic,
          readFile: req.readFile,
          ...(probed ? { probed } : {}),
          psr64: tree === "4.17" ? PSR_GUEST64_INIT_4_17 : BigInt(PSR_GUEST64_INIT),
          ...(req.env?.LIBXL_DEBUG_DUMP_DTB
            ? { dumpDtb: dumpTo(log, req, req.env.LIBXL_DEBUG_DUMP_DTB) }
            : {}),
        })
      : x86Build(env, domid, d, req.readFile);
  if (built.rc) {
    log.libxl("error", "create.rebuild-failed", `cannot (re-)build domain: ${built.rc}`, { domid });
    destroyAfterBuildFailure(ctx, log, domid, tree);
    ctx.xenstore.rm(`/libxl/${domid}`);
    return out(-ERROR_FAIL, { domid });
  }
  if (!req.paused) ctx.xc.unpauseDomain(domid);
  const dts = built.dt ? toDts(built.dt) : undefined;
  ctx.options.onDomainStarted?.({
    domid,
    name: d.cInfo.name,
    arch: ctx.hv.arch,
    type: d.bInfo.type ?? "pvh",
    kernel: {
      path: d.bInfo.kernel,
      bytes: d.bInfo.kernel !== undefined ? req.readFile(d.bInfo.kernel) : undefined,
      ...(built.dom?.guestType ? { guestType: built.dom.guestType } : {}),
      ...(built.dom?.guestType
        ? { addressSize: built.dom.guestType === "xen-3.0-aarch64" ? 64 : 32 }
        : {}),
      ...(built.dom ? { entry: built.dom.virtEntry } : {}),
    } as const,
    ...(d.bInfo.ramdisk !== undefined
      ? { ramdisk: { path: d.bInfo.ramdisk, bytes: ramdisk } }
      : {}),
    cmdline: d.bInfo.cmdline,
    memoryKb: d.bInfo.targetMemkb ?? 0,
    maxMemoryKb: d.bInfo.maxMemkb ?? 0,
    vcpus: d.bInfo.availVcpus,
    maxVcpus: d.bInfo.maxVcpus,
    paused: req.paused,
    ...(dts ? { dts } : {}),
    // Finalised as a Realm (arm_realm_finalize_guest succeeded, or the build failed).
    realm: ctx.hv.profile.toolstack.realm && d.bInfo.realm === true,
    config: d,
  });
  return out(0, { domid, config: d, savedConfig: saved, ...(dts ? { dts } : {}) });
}

/** debug_dump_fdt() (libxl_arm.c): LIBXL_DEBUG_DUMP_DTB names a file for the final DTB. */
function dumpTo(log: ToolstackLog, req: CreateRequest, path: string) {
  return (bytes: Uint8Array) => {
    if (!req.writeFile?.(path, bytes))
      log.libxl("debug", "arm.dump-dtb", `cannot open ${path} for LIBXL_DEBUG_DUMP_DTB`, {
        errno: 2,
      });
  };
}

function kernelOf(d: LibxlDomainConfig, req: CreateRequest) {
  const path = d.bInfo.kernel;
  const bytes = path !== undefined ? req.readFile(path) : undefined;
  return bytes ? kernelFromBytes(path!, bytes) : undefined;
}

/**
 * libxl failed before a domain existed (defaults; prepare_config or createdomain in
 * libxl__domain_make, where the probe-first option's probe also runs):
 * domcreate_complete still "destroys" the invalid domid, which libxl_domain_info
 * cannot find.
 */
function failBeforeDomain(log: ToolstackLog, inMake: boolean): number {
  // libxl__domain_config_setdefault's errors go straight to domcreate_complete.
  if (inMake) log.libxl("error", "create.cannot-make-domain", `cannot make domain: ${ERROR_FAIL}`);
  log.libxl("error", "domain.getting-info", "Getting domain info", { errno: 3 });
  log.libxl("error", "domain.non-existant", "Non-existant domain");
  log.libxl("error", "domain.unable-to-destroy", "Unable to destroy guest");
  log.libxl(
    "error",
    "create.destroy-after-failure",
    "unable to destroy domain following failed creation",
  );
  return -ERROR_FAIL;
}

/**
 * After a failed build: libxl destroys the domain (quietly, it exists), then xl's
 * error path destroys it again and libxl finds nothing.
 */
function destroyAfterBuildFailure(
  ctx: ToolstackContext,
  log: ToolstackLog,
  domid: number,
  tree: string,
): void {
  ctx.xc.destroyDomain(domid);
  ctx.xenstore.rm(`/local/domain/${domid}`);
  // 4.17 looked the domain up with a sysctl that says nothing; 4.22's getdomaininfo
  // domctl fails with -ESRCH and libxl logs it.
  if (tree !== "4.17")
    log.libxl("error", "domain.getting-info", "Getting domain info", { domid, errno: 3 });
  log.libxl("error", "domain.non-existant", "Non-existant domain", { domid });
  log.libxl("error", "domain.unable-to-destroy", "Unable to destroy guest", { domid });
  log.libxl("error", "domain.destruction-failed", "Destruction of domain failed", { domid });
}
