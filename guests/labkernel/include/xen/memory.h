/* XENMEM_add_to_physmap (xen/include/public/memory.h), i386 layout. */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include <xen/xen.h>

#define XENMEM_add_to_physmap    7
#define XENMAPSPACE_shared_info  0

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space;
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 16, "compat xen_add_to_physmap");

#endif
