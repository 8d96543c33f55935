/**
 * Branded identifiers, so a port number cannot be passed where a domain id is
 * expected. Construct them only at boundaries (hypercall decoding, user input).
 */
export type DomId = number & { readonly __brand: "DomId" };
export type VcpuId = number & { readonly __brand: "VcpuId" };
export type EvtchnPort = number & { readonly __brand: "EvtchnPort" };
/** Guest frame number (guest physical address >> PAGE_SHIFT). */
export type Gfn = number & { readonly __brand: "Gfn" };

export const domId = (n: number): DomId => n as DomId;
export const vcpuId = (n: number): VcpuId => n as VcpuId;
export const evtchnPort = (n: number): EvtchnPort => n as EvtchnPort;
export const gfn = (n: number): Gfn => n as Gfn;

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
