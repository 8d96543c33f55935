/**
 * Byte layouts of the event channel ABI, computed from the public headers.
 *
 * - EVTCHNOP argument structs (xen/include/public/event_channel.h): every field is a
 *   fixed-width integer, so native (x86-64, Arm) and compat (x86-32) callers share one
 *   layout; xen/include/xlat.lst only checks them ("? evtchn_*"), it never translates.
 *   evtchn_init_control's uint64_t comes first, so i386's 4-byte alignment of uint64_t
 *   does not move anything either.
 * - shared_info / vcpu_info (xen/include/public/xen.h, arch-arm.h,
 *   arch-x86/xen-x86_{32,64}.h, and the compat view of xen/include/compat): three
 *   layouts, chosen by the guest's xen_ulong_t.
 */
import { EVTCHNOP as C } from "../abi/event-channel";

export const EVTCHN_ALLOC_UNBOUND = { dom: 0, remote_dom: 2, port: 4, size: 8 } as const;
export const EVTCHN_BIND_INTERDOMAIN = {
  remote_dom: 0,
  remote_port: 4,
  local_port: 8,
  size: 12,
} as const;
export const EVTCHN_BIND_VIRQ = { virq: 0, vcpu: 4, port: 8, size: 12 } as const;
export const EVTCHN_BIND_PIRQ = { pirq: 0, flags: 4, port: 8, size: 12 } as const;
export const EVTCHN_BIND_IPI = { vcpu: 0, port: 4, size: 8 } as const;
export const EVTCHN_CLOSE = { port: 0, size: 4 } as const;
export const EVTCHN_SEND = { port: 0, size: 4 } as const;
/** u.unbound.dom / u.interdomain.dom @16, u.interdomain.port @20, u.pirq / u.virq @16. */
export const EVTCHN_STATUS = {
  dom: 0,
  port: 4,
  status: 8,
  vcpu: 12,
  u: 16,
  u_port: 20,
  size: 24,
} as const;
export const EVTCHN_BIND_VCPU = { port: 0, vcpu: 4, size: 8 } as const;
export const EVTCHN_UNMASK = { port: 0, size: 4 } as const;
export const EVTCHN_RESET = { dom: 0, size: 2 } as const;
export const EVTCHN_INIT_CONTROL = {
  control_gfn: 0,
  offset: 8,
  vcpu: 12,
  link_bits: 16,
  size: 24,
} as const;
export const EVTCHN_EXPAND_ARRAY = { array_gfn: 0, size: 8 } as const;
export const EVTCHN_SET_PRIORITY = { port: 0, priority: 4, size: 8 } as const;

/** A struct field: byte offset and width. */
export type FieldSpec = readonly [offset: number, width: 1 | 2 | 4 | 8];

/** An EVTCHNOP argument struct by Xen's field names; `out`: what Xen writes back. */
export interface OpStruct {
  readonly size: number;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly out: readonly string[];
}

const st = (size: number, fields: Record<string, FieldSpec>, out: readonly string[] = []) => ({
  size,
  fields,
  out,
});

/**
 * Every EVTCHNOP's struct (do_event_channel_op copies `size` bytes in, and back for the
 * ops with OUT fields), for the hypercall's decoding, its trace and scenario steps.
 */
export const EVTCHNOP_STRUCTS: Readonly<Record<number, OpStruct>> = {
  [C.EVTCHNOP_bind_interdomain]: st(
    12,
    { remote_dom: [0, 2], remote_port: [4, 4], local_port: [8, 4] },
    ["local_port"],
  ),
  [C.EVTCHNOP_bind_virq]: st(12, { virq: [0, 4], vcpu: [4, 4], port: [8, 4] }, ["port"]),
  [C.EVTCHNOP_bind_pirq]: st(12, { pirq: [0, 4], flags: [4, 4], port: [8, 4] }, ["port"]),
  [C.EVTCHNOP_close]: st(4, { port: [0, 4] }),
  [C.EVTCHNOP_send]: st(4, { port: [0, 4] }),
  [C.EVTCHNOP_status]: st(
    24,
    {
      dom: [0, 2],
      port: [4, 4],
      status: [8, 4],
      vcpu: [12, 4],
      "u.unbound.dom": [16, 2],
      "u.interdomain.dom": [16, 2],
      "u.interdomain.port": [20, 4],
      "u.pirq": [16, 4],
      "u.virq": [16, 4],
    },
    [
      "status",
      "vcpu",
      "u.unbound.dom",
      "u.interdomain.dom",
      "u.interdomain.port",
      "u.pirq",
      "u.virq",
    ],
  ),
  [C.EVTCHNOP_alloc_unbound]: st(8, { dom: [0, 2], remote_dom: [2, 2], port: [4, 4] }, ["port"]),
  [C.EVTCHNOP_bind_ipi]: st(8, { vcpu: [0, 4], port: [4, 4] }, ["port"]),
  [C.EVTCHNOP_bind_vcpu]: st(8, { port: [0, 4], vcpu: [4, 4] }),
  [C.EVTCHNOP_unmask]: st(4, { port: [0, 4] }),
  [C.EVTCHNOP_reset]: st(2, { dom: [0, 2] }),
  [C.EVTCHNOP_init_control]: st(
    24,
    { control_gfn: [0, 8], offset: [8, 4], vcpu: [12, 4], link_bits: [16, 1] },
    ["link_bits"],
  ),
  [C.EVTCHNOP_expand_array]: st(8, { array_gfn: [0, 8] }),
  [C.EVTCHNOP_set_priority]: st(8, { port: [0, 4], priority: [4, 4] }),
  [C.EVTCHNOP_reset_cont]: st(2, { dom: [0, 2] }),
};

/** One of the three guest-visible shared_info layouts. */
export interface SharedInfoLayout {
  readonly kind: "arm" | "x86_64" | "x86_32";
  /** sizeof(xen_ulong_t) * 8: BITS_PER_EVTCHN_WORD(d). */
  readonly wordBits: 32 | 64;
  /** XEN_LEGACY_MAX_VCPUS: vcpu_info slots inside shared_info. */
  readonly legacyVcpus: number;
  /** sizeof(struct vcpu_info). */
  readonly vcpuInfoSize: number;
  /** Offsets inside vcpu_info. */
  readonly upcallPending: number;
  /** evtchn_upcall_mask (x86 only, XEN_HAVE_PV_UPCALL_MASK); Arm has padding there. */
  readonly upcallMask: number | undefined;
  readonly pendingSel: number;
  /** Offsets inside shared_info. */
  readonly evtchnPending: number;
  readonly evtchnMask: number;
}

/**
 * Arm (arm32 and arm64 guests alike): xen_ulong_t is uint64_t, one legacy vcpu_info of
 * 48 bytes (arch_vcpu_info is empty), so evtchn_pending sits at 48 and evtchn_mask at
 * 48 + 64 * 8 = 560.
 */
export const SHARED_INFO_ARM: SharedInfoLayout = {
  kind: "arm",
  wordBits: 64,
  legacyVcpus: 1,
  vcpuInfoSize: 48,
  upcallPending: 0,
  upcallMask: undefined,
  pendingSel: 8,
  evtchnPending: 48,
  evtchnMask: 560,
};

/** x86-64: 32 vcpu_info of 64 bytes; 64 words of 8 bytes from 2048, mask at 2560. */
export const SHARED_INFO_X86_64: SharedInfoLayout = {
  kind: "x86_64",
  wordBits: 64,
  legacyVcpus: 32,
  vcpuInfoSize: 64,
  upcallPending: 0,
  upcallMask: 1,
  pendingSel: 8,
  evtchnPending: 2048,
  evtchnMask: 2560,
};

/**
 * x86-32 (compat_shared_info, has_32bit_shinfo): evtchn_pending_sel is a 4-byte
 * compat_ulong_t at 4; 32 words of 4 bytes from 2048, mask at 2176.
 */
export const SHARED_INFO_X86_32: SharedInfoLayout = {
  kind: "x86_32",
  wordBits: 32,
  legacyVcpus: 32,
  vcpuInfoSize: 64,
  upcallPending: 0,
  upcallMask: 1,
  pendingSel: 4,
  evtchnPending: 2048,
  evtchnMask: 2176,
};
