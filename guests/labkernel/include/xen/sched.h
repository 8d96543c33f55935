/* SCHEDOP_shutdown (xen/include/public/sched.h). */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#define SCHEDOP_yield    0
#define SCHEDOP_block    1
#define SCHEDOP_shutdown 2

#define SHUTDOWN_poweroff 0
#define SHUTDOWN_crash    3

struct sched_shutdown {
    unsigned int reason;
};

#endif
