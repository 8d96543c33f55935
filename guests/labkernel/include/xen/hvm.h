/*
 * HVMOP_set_param and HVM_PARAM_CALLBACK_IRQ (xen/include/public/hvm/hvm_op.h,
 * hvm/params.h).
 */
#ifndef XEN_PUBLIC_HVM_H
#define XEN_PUBLIC_HVM_H

#include <xen/xen.h>

#define HVMOP_set_param 0
#define HVMOP_get_param 1

#define HVM_PARAM_CALLBACK_IRQ 0
/* val[63:56] is the delivery type; type 0 = GSI in val[55:0] (GSI 0 is invalid). */
#define HVM_PARAM_CALLBACK_TYPE_GSI 0ULL
#define HVM_PARAM_CALLBACK_TYPE_VECTOR 2ULL
#define HVM_PARAM_CALLBACK_TYPE_SHIFT 56

struct xen_hvm_param {
    domid_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param");

#endif
