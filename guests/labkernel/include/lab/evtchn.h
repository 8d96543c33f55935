/*
 * labkernel's event channel layer: a port table (what this kernel bound), the Xen
 * ops it issues, and two drivers for the two ABIs Xen offers, chosen at boot as
 * Linux does (drivers/xen/events/): FIFO when EVTCHNOP_init_control succeeds,
 * 2-level otherwise.
 */
#ifndef LAB_EVTCHN_H
#define LAB_EVTCHN_H

#include <lab/types.h>
#include <xen/event_channel.h>

#define LAB_MAX_PORTS 1024 /* libxl's default max_event_channels is 1023 */
/*
 * The upcall arrives on PIC line 10 (vector 0x2A with our PIC programming). An HVM
 * domain has an emulated PIC, so HVM_PARAM_CALLBACK_IRQ names GSI 10; a PVH domain
 * has none (Xen ignores a GSI via there, xen/arch/x86/hvm/irq.c hvm_set_callback_via)
 * and names the vector instead.
 */
#define CALLBACK_GSI 10
#define CALLBACK_VECTOR 0x2A

enum port_kind { PORT_FREE, PORT_UNBOUND, PORT_INTERDOMAIN };
/* SHELL: events printed; PING/BENCH: counted by a command; PONG: echoed at once. */
enum port_owner { OWNER_SHELL, OWNER_PING, OWNER_BENCH, OWNER_PONG };

struct port_info {
    uint8_t kind, owner;
    uint16_t remote_dom;
    uint32_t remote_port;
    volatile uint32_t seen;    /* events consumed (upcall context) */
    uint32_t reported;         /* events already printed by the shell */
};
extern struct port_info ports[LAB_MAX_PORTS];

struct evtchn_driver {
    const char *name;          /* "2-level" / "fifo" as the shell prints it */
    uint32_t nr_channels;
    /* Make the port usable (FIFO: event array page); 0 or a negative errno. */
    long (*setup_port)(evtchn_port_t port);
    void (*mask)(evtchn_port_t port);
    /* Unmask locally if nothing is pending; true when Xen must unmask (and raise) it. */
    bool (*clear_mask)(evtchn_port_t port);
    /* Consume everything pending, calling evtchn_deliver() for each event. */
    void (*handle_events)(void);
};
extern const struct evtchn_driver *evtchn_driver;
extern const struct evtchn_driver evtchn_2l_driver;
extern struct shared_info *shinfo;

/* Xen ops; each returns 0 / a port, or a negative errno. */
long xen_alloc_unbound(uint16_t remote_dom);
long xen_bind_interdomain(uint16_t remote_dom, evtchn_port_t remote_port);
long xen_send(evtchn_port_t port);
long xen_close(evtchn_port_t port);
long xen_unmask(evtchn_port_t port);
long xen_status(uint16_t dom, evtchn_port_t port, struct evtchn_status *st);

/* The layer. */
void evtchn_boot(void);            /* mask all, pick the driver, print the ABI line */
void evtchn_print_abi(void);
long evtchn_try_fifo(bool quiet);  /* init FIFO; 0 or the init_control error */
void evtchn_track(evtchn_port_t port, enum port_kind kind, uint16_t dom, uint32_t rport,
                  enum port_owner owner);
void evtchn_untrack(evtchn_port_t port);
void evtchn_unmask_local(evtchn_port_t port);
void evtchn_upcall(void);          /* the callback IRQ handler */
void evtchn_deliver(evtchn_port_t port);
void evtchn_report(void);          /* print "evtchn: event port P" lines */
bool evtchn_unreported(void);      /* events the shell has not printed yet */
bool evtchn_ready(void);           /* shared_info mapped and the upcall registered */
void ping_responder_init(void);    /* answer pings offered through the rendezvous */

/* Things interrupt context did, for the shell to print: bound (ret = local port) or not. */
enum note_kind { NOTE_BOUND, NOTE_BIND_FAILED };
void evtchn_note(enum note_kind kind, uint32_t dom, uint32_t port, long ret);

#if LAB_HAS_FIFO
extern const struct evtchn_driver evtchn_fifo_driver;
long evtchn_fifo_init(void);
#endif

#endif
