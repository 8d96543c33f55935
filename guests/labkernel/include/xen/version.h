/* XENVER_* (xen/include/public/version.h). */
#ifndef XEN_PUBLIC_VERSION_H
#define XEN_PUBLIC_VERSION_H

#define XENVER_version      0
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];

#endif
