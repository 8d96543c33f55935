/**
 * Xen's errno values, as the hypervisor returns them (negated) to guests.
 * Source: xen/include/public/errno.h (same numbers as Linux for these).
 */
export const XEN_ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  EINVAL: 22,
  ENOSPC: 28,
  EDOM: 33,
  ENOSYS: 38,
  ENODATA: 61,
  EOVERFLOW: 75,
  EILSEQ: 84,
  /** Xen-internal: the hypercall was preempted and continues (never seen by a guest). */
  ERESTART: 85,
  EOPNOTSUPP: 95,
  ENOBUFS: 105,
} as const;

export type XenErrnoName = keyof typeof XEN_ERRNO;

const errnoByValue = new Map<number, XenErrnoName>(
  Object.entries(XEN_ERRNO).map(([name, value]) => [value, name as XenErrnoName]),
);

/** `-22` → `"-EINVAL"`; non-negative results print as numbers. */
export function formatRet(ret: number): string {
  if (ret >= 0) return String(ret);
  const name = errnoByValue.get(-ret);
  return name ? `-${name}` : String(ret);
}

/** `"-EINVAL"` or `"EINVAL"` → -22; undefined when the name is not a Xen errno. */
export function parseErrno(text: string): number | undefined {
  const name = text.replace(/^-/, "");
  return name in XEN_ERRNO ? -XEN_ERRNO[name as XenErrnoName] : undefined;
}
