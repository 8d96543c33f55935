/* Xen's errno values (xen/include/public/errno.h); the guest prints their names. */
#ifndef XEN_PUBLIC_ERRNO_H
#define XEN_PUBLIC_ERRNO_H

#define XEN_EPERM       1
#define XEN_ENOENT      2
#define XEN_ESRCH       3
#define XEN_EINVAL     22
#define XEN_ENOSPC     28
#define XEN_ENOSYS     38
#define XEN_EOPNOTSUPP 95

/* Name of a positive errno, or NULL when it is not one of Xen's. */
const char *xen_errno_name(int err);

#endif
