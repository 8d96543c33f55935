/*
 * What the boot kernel hands the resume kernel at `hibernate`: the state a resumed
 * image would find in its own memory (our domid, the ports it had bound, the boot
 * options). Xen's state is not part of it and is not touched: that is the point of
 * the hibernation bug.
 */
#ifndef LAB_HANDOFF_H
#define LAB_HANDOFF_H

#include <lab/types.h>

#define LAB_RESUME_MAGIC 0x4C414252U /* "LABR" in EAX */
#define LAB_HANDOFF_PA 0x9000U       /* low memory, below any kernel image */
#define LAB_HANDOFF_PORTS 64

struct lab_handoff {
    uint32_t magic;
    uint32_t domid;
    uint32_t ram_bytes;
    uint32_t firmware;
    uint32_t nr_ports;
    struct {
        uint32_t port, kind, remote_dom, remote_port;
    } ports[LAB_HANDOFF_PORTS];
};

void handoff_read_params(uint32_t handoff_pa);

#endif
