/* xen.c: version, domid, shared_info, the upcall. */
#ifndef LAB_XEN_H
#define LAB_XEN_H

#include <lab/types.h>

void xen_boot(bool print_identity);
void xen_print_version(void);
void xen_print_domid(void);
void xen_map_shared_info(void);
void xen_register_upcall(void);
const char *x86_mode_name(void);

#endif
