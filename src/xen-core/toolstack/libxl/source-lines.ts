/**
 * Where each message the modelled toolstack prints comes from: file, function and the
 * line of the LOG()/xc_dom_panic() invocation (GCC's __LINE__ for a macro call that
 * spans lines is its first line). Three trees:
 *
 * - "4.22": RELEASE-4.22.0, the toolstack the lab models.
 * - "4.22+realm-rfc-v1": 4.22 with the Realm RFC's libxl patch ("[RFC PATCH v1 25/26]
 *   libxl/arm: add and validate Realm guest support", 2026-05-15), which applies to
 *   4.22's libxl_arm.c and moves its later lines down.
 * - "4.17": the Debian 4.17.5 build the oracles were captured on; the lines the oracle
 *   shows are taken from it, the others from RELEASE-4.17.0.
 * Numbers were extracted with `git grep` on the mirror (see the issue's report).
 */
export type ToolstackTree = "4.22" | "4.22+realm-rfc-v1" | "4.17";

/** key: [file, function, line in 4.22, line in 4.17]. */
const SITES: Readonly<Record<string, readonly [string, string, number, number]>> = {
  "create.illegal-pool": ["libxl_create.c", "libxl__domain_config_setdefault", 1138, 1132],
  "x86.trap-unmapped": ["libxl_x86.c", "libxl__arch_domain_prepare_config", 30, 30],
  "arm.irq-conflict": ["libxl_arm.c", "libxl__arch_domain_prepare_config", 162, 162],
  "arm.fdt-resize": ["libxl_arm.c", "libxl__prepare_dtb", 1350, 1193],
  "arm.partial-dt-provided": ["libxl_arm.c", "libxl__prepare_dtb", 1308, 1151],
  "arm.partial-dt-read-failed": ["libxl_arm.c", "libxl__prepare_dtb", 1313, 1156],
  "arm.partial-not-fdt": ["libxl_arm.c", "check_partial_fdt", 1134, 977],
  "arm.partial-check-failed": ["libxl_arm.c", "check_partial_fdt", 1140, 983],
  "arm.partial-too-big": ["libxl_arm.c", "check_partial_fdt", 1145, 988],
  "arm.partial-no-passthrough": ["libxl_arm.c", "copy_partial_fdt", 1245, 1088],
  "arm.partial-copy-failed": ["libxl_arm.c", "libxl__prepare_dtb", 1434, 1258],
  "arm.no-extended-regions": ["libxl_arm.c", "finalize_hypervisor_node", 1667, 1421],
  "xg.setvcpucontext-32": ["xg_dom_arm.c", "", 148, 148],
  "dom.kernel-file-failed": ["libxl_dom.c", "libxl__build_pv", 664, 646],
  "dom.ramdisk-file-failed": ["libxl_dom.c", "libxl__build_pv", 677, 659],
  "dom.max-vcpus-failed": ["libxl_dom.c", "libxl__build_pre", 248, 253],
  "dom.max-mem-failed": ["libxl_dom.c", "libxl__build_pre", 359, 364],
  "arm.vuart-init-failed": ["libxl_arm.c", "libxl__arch_build_dom_finish", 1755, 1509],
  "dom.build-image-failed": ["libxl_dom.c", "libxl__build_dom", 612, 594],
  "arm.dump-dtb": ["libxl_arm.c", "debug_dump_fdt", 1113, 956],
  "create.running-bootloader": ["libxl_create.c", "initiate_domain_create", 1355, 1342],
  "create.cannot-make-domain": ["libxl_create.c", "initiate_domain_create", 1309, 1294],
  "create.rebuild-failed": ["libxl_create.c", "domcreate_rebuild_done", 1653, 1640],
  "create.destroy-after-failure": ["libxl_create.c", "domcreate_destruction_cb", 2070, 2049],
  "create.fail-to-get-config": ["libxl_create.c", "libxl__domain_make", 663, 674],
  "create.domain-creation-fail": ["libxl_create.c", "libxl__domain_make", 700, 709],
  "create.passthrough": ["libxl_create.c", "libxl__domain_make", 627, 660],
  "create.altp2m": ["libxl_create.c", "libxl__domain_make", 636, 636],
  "create.vpmu-unsupported": ["libxl_create.c", "libxl__domain_config_setdefault", 1271, 1265],
  "create.build-info-defaults": ["libxl_create.c", "libxl__domain_config_setdefault", 1245, 1239],
  "create.arch-build-info-defaults": [
    "libxl_create.c",
    "libxl__domain_build_info_setdefault",
    241,
    276,
  ],
  "create.max-grant-version": ["libxl_create.c", "libxl__domain_build_info_setdefault", 419, 480],
  "create.passthrough-unsupported": [
    "libxl_create.c",
    "libxl__domain_config_setdefault",
    1164,
    1158,
  ],
  "create.passthrough-disabled": ["libxl_create.c", "libxl__domain_config_setdefault", 1171, 1165],
  "bootloader.none": ["libxl_bootloader.c", "libxl__bootloader_run", 416, 417],
  "dom.parse-image-failed": ["libxl_dom.c", "libxl__build_dom", 589, 571],
  "dom.boot-mem-init-failed": ["libxl_dom.c", "libxl__build_dom", 604, 586],
  "dom.init-hw-description-failed": ["libxl_dom.c", "libxl__build_dom", 593, 575],
  "dom.boot-image-failed": ["libxl_dom.c", "libxl__build_dom", 616, 598],
  "dom.build-dom-finish-failed": ["libxl_dom.c", "libxl__build_dom", 624, 606],
  "dom.pv-kernel-mapped": ["libxl_dom.c", "libxl__build_pv", 651, 633],
  "domain.getting-info": ["libxl_domain.c", "libxl_domain_info", 356, 356],
  "domain.non-existant": ["libxl_domain.c", "libxl__destroy_domid", 1181, 1183],
  "domain.unable-to-destroy": ["libxl_domain.c", "domain_destroy_callback", 1135, 1137],
  "domain.destruction-failed": ["libxl_domain.c", "domain_destroy_cb", 1062, 1064],
  "arm.pv-to-pvh-1": ["libxl_arm.c", "libxl__arch_domain_create_info_setdefault", 1784, 1538],
  "arm.pv-to-pvh-2": ["libxl_arm.c", "libxl__arch_domain_create_info_setdefault", 1785, 1539],
  "arm.pv-to-pvh-3": ["libxl_arm.c", "libxl__arch_domain_create_info_setdefault", 1786, 1540],
  "arm.build-info-to-pvh": ["libxl_arm.c", "libxl__arch_domain_build_info_setdefault", 1831, 1557],
  "arm.sve-unsupported": ["libxl_arm.c", "libxl__arch_domain_build_info_setdefault", 1809, 1809],
  "arm.sve-too-long": ["libxl_arm.c", "libxl__arch_domain_build_info_setdefault", 1816, 1816],
  "arm.configure": ["libxl_arm.c", "libxl__arch_domain_prepare_config", 182, 148],
  "arm.nr-spis-too-small": ["libxl_arm.c", "libxl__arch_domain_prepare_config", 187, 187],
  "arm.allocate-spis": ["libxl_arm.c", "libxl__arch_domain_prepare_config", 196, 151],
  "arm.sci-type": ["libxl_arm.c", "libxl__arch_domain_prepare_config", 248, 248],
  "arm.constructing-dtb": ["libxl_arm.c", "libxl__prepare_dtb", 1302, 1145],
  "arm.vgic-version": ["libxl_arm.c", "libxl__prepare_dtb", 1304, 1147],
  "arm.partial-dt": ["libxl_arm.c", "libxl__prepare_dtb", 1308, 1151],
  "arm.bootargs": ["libxl_arm.c", "make_chosen_node", 530, 462],
  "arm.initrd-placeholder": ["libxl_arm.c", "make_chosen_node", 537, 469],
  "arm.memory-placeholder": ["libxl_arm.c", "make_memory_nodes", 682, 614],
  "arm.optee-node": ["libxl_arm.c", "make_optee_node", 649, 581],
  "arm.fdt-total-size": ["libxl_arm.c", "libxl__prepare_dtb", 1443, 1267],
  "arm.unsupported-type": ["libxl_arm.c", "libxl__arch_domain_init_hw_description", 1468, 1292],
  "arm.acpi-disabled": ["libxl_arm.c", "libxl__arch_domain_init_hw_description", 1489, 1313],
  "arm.acpi-not-64": ["libxl_arm.c", "libxl__arch_domain_init_hw_description", 1496, 1320],
  "arm.nop-placeholder": ["libxl_arm.c", "finalise_one_node", 1517, 1341],
  "arm.populate-placeholder": ["libxl_arm.c", "finalise_one_node", 1523, 1347],
  "arm.extended-region": ["libxl_arm.c", "finalize_hypervisor_node", 1659, 1412],
  "arm.initrd-update": ["libxl_arm.c", "libxl__arch_domain_finalise_hw_description", 1699, 1453],
  "arm.passthrough-unsupported": [
    "libxl_arm.c",
    "libxl__arch_passthrough_mode_setdefault",
    1859,
    1585,
  ],
  "xg.no-loader": ["xg_dom_core.c", "", 689, 689],
  "xg.low-memory": ["xg_dom_boot.c", "", 120, 119],
  "xg.guest-type-unsupported": ["xg_dom_boot.c", "", 87, 86],
  "xg.setvcpucontext-64": ["xg_dom_arm.c", "", 190, 190],
};

/** Call sites the Realm RFC adds to libxl_arm.c (line numbers in the patched file). */
const REALM_SITES: Readonly<Record<string, readonly [string, string, number]>> = {
  "arm.realm-reject": ["libxl_arm.c", "arm_realm_reject", 90],
  "arm.realm-bank1": ["libxl_arm.c", "arm_realm_finalize_guest", 1817],
  "arm.realm-init-failed": ["libxl_arm.c", "arm_realm_finalize_guest", 1825],
};

/**
 * libxl_arm.c after the RFC: lines of 4.22 from `from` on move down by `by` (the
 * patch's hunks: +64 after line 82, +4 after 94, +6 at 1387, +3 after 1561, +19 in
 * libxl__arch_build_dom_finish).
 */
const REALM_SHIFTS: readonly { from: number; by: number }[] = [
  { from: 1763, by: 96 },
  { from: 1562, by: 77 },
  { from: 1388, by: 74 },
  { from: 95, by: 68 },
  { from: 83, by: 64 },
];

/** Sites inside the RFC's rewritten hunks, in the patched file. */
const REALM_OVERRIDES: Readonly<Record<string, number>> = {
  "arm.vuart-init-failed": 1847,
};

export interface SourceSite {
  readonly file: string;
  readonly func: string;
  readonly line: number;
}

export function sourceLine(tree: ToolstackTree, key: string): SourceSite {
  const realm = REALM_SITES[key];
  if (realm) return { file: realm[0], func: realm[1], line: realm[2] };
  const site = SITES[key];
  if (!site) throw new Error(`no source line for '${key}'`);
  const [file, func, l422, l417] = site;
  if (tree === "4.17") return { file, func, line: l417 };
  const override = REALM_OVERRIDES[key];
  if (tree === "4.22+realm-rfc-v1" && override) return { file, func, line: override };
  if (tree === "4.22+realm-rfc-v1" && file === "libxl_arm.c") {
    const shift = REALM_SHIFTS.find((s) => l422 >= s.from);
    return { file, func, line: l422 + (shift?.by ?? 0) };
  }
  return { file, func, line: l422 };
}
