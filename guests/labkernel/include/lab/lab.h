/* Kernel-wide declarations: console, strings, IRQs, paging, boot parameters. */
#ifndef LAB_LAB_H
#define LAB_LAB_H

#include <lab/types.h>

/* console.c: COM1 at 0x3F8, polled output, interrupt-driven input (IRQ 4). */
void serial_init(void);
void putc_raw(char c);
void puts_raw(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int serial_getc(void); /* -1 when no input is buffered */
bool serial_has_input(void);
void serial_irq(void);

/* lib.c */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
bool parse_u32(const char *s, uint32_t *out);
/* Print a hypercall error as the shell contract wants: "-EINVAL (-22)". */
void print_err(long ret);

/* cpu.c: IDT, PIC, exceptions. */
typedef void (*irq_handler_t)(void);
void cpu_init(void);
void irq_set_handler(int irq, irq_handler_t h);
void irq_unmask(int irq);
void pic_eoi(int irq);
void crash_now(void) __attribute__((noreturn));
void halt_forever(void) __attribute__((noreturn));

/* paging.c */
void paging_init(uint32_t ram_bytes);
/* Pages above the 4 MiB PSE boundary, zeroed, for Xen-shared frames. */
void *page_alloc(void);

/* Boot parameters (main.c). */
struct boot_params {
    bool fifo_wanted;   /* evtchn=fifo (default) or evtchn=2l */
    bool firmware;      /* started by labfw (type="hvm"), not entered directly (PVH) */
    char test[32];      /* test=NAME, empty when none */
    uint32_t ram_bytes;
    uint32_t module_start, module_end; /* the resume kernel image, if loaded */
};
extern struct boot_params boot;
extern uint32_t my_domid;
extern bool resumed; /* this kernel took over from the boot kernel (hibernate) */

/* Per-flavour facts: LAB_FLAVOUR_RESUME builds the 2-level-only resume kernel. */
#ifdef LAB_FLAVOUR_RESUME
#define LAB_HAS_FIFO 0
#define LAB_FLAVOUR "resume"
#else
#define LAB_HAS_FIFO 1
#define LAB_FLAVOUR "boot"
#endif

void shell_run(void) __attribute__((noreturn));
int selftest_run(const char *name); /* prints the XTF verdict */
void cmd_bench(int argc, char **argv);
void cmd_ping(int argc, char **argv);
void cmd_hibernate(int argc, char **argv);
void resume_from_handoff(uint32_t handoff_pa);

#endif
