/*
 * Interrupts: the IDT (exceptions 0-31, PIC IRQs at 32-47), the two 8259 PICs
 * remapped away from the exception vectors, and the exception report. An exception
 * the kernel does not expect is fatal: it says so on the console and tells Xen it
 * crashed (SCHEDOP_shutdown, SHUTDOWN_crash), as Linux's panic path does.
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/hypercall.h>
#include <xen/xen.h>
#include <xen/sched.h>

#define PIC1 0x20
#define PIC2 0xA0
#define IRQ_BASE 32

struct idt_entry {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));

struct frame {
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t vector, err, eip, cs, eflags;
};

static struct idt_entry idt[48];
static irq_handler_t irq_handlers[16];
extern const uint32_t isr_table[48];

static void lidt(const void *base, uint16_t limit)
{
    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) d = {limit, (uint32_t)(uintptr_t)base};
    __asm__ volatile("lidt %0" ::"m"(d));
}

static void pic_init(void)
{
    outb(PIC1, 0x11);           /* ICW1: edge, cascade, ICW4 */
    outb(PIC2, 0x11);
    outb(PIC1 + 1, IRQ_BASE);   /* ICW2: vectors */
    outb(PIC2 + 1, IRQ_BASE + 8);
    outb(PIC1 + 1, 0x04);       /* ICW3: slave on IRQ 2 */
    outb(PIC2 + 1, 0x02);
    outb(PIC1 + 1, 0x01);       /* ICW4: 8086 mode */
    outb(PIC2 + 1, 0x01);
    outb(PIC1 + 1, 0xFB);       /* everything masked but the cascade */
    outb(PIC2 + 1, 0xFF);
}

void cpu_init(void)
{
    for (int i = 0; i < 48; i++) {
        uint32_t off = isr_table[i];
        idt[i] = (struct idt_entry){(uint16_t)off, 0x08, 0, 0x8E, (uint16_t)(off >> 16)};
    }
    lidt(idt, sizeof(idt) - 1);
    pic_init();
}

void irq_set_handler(int irq, irq_handler_t h) { irq_handlers[irq] = h; }

void irq_unmask(int irq)
{
    uint16_t port = irq < 8 ? PIC1 + 1 : PIC2 + 1;
    outb(port, inb(port) & (uint8_t)~(1U << (irq & 7)));
}

void pic_eoi(int irq)
{
    if (irq >= 8) outb(PIC2, 0x20);
    outb(PIC1, 0x20);
}

void halt_forever(void)
{
    for (;;) __asm__ volatile("cli; hlt");
}

static const char *const exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor overrun", "#TS invalid TSS", "#NP not present",
    "#SS stack fault", "#GP general protection", "#PF page fault", "reserved",
    "#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
    "#VE virtualization", "#CP control protection",
};

void isr_dispatch(struct frame *f)
{
    if (f->vector >= IRQ_BASE) {
        int irq = (int)f->vector - IRQ_BASE;
        if (irq_handlers[irq]) irq_handlers[irq]();
        pic_eoi(irq);
        return;
    }
    uint32_t cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    const char *name = exception_names[f->vector] ? exception_names[f->vector] : "reserved";
    printf("\nlabkernel: fatal exception %u (%s) at eip=0x%08x err=0x%x cr2=0x%08x\n",
           f->vector, name, f->eip, f->err, cr2);
    struct sched_shutdown s = {SHUTDOWN_crash};
    hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &s);
    halt_forever();
}

/*
 * The `crash` command: an empty IDT, then a breakpoint. On hardware the #BP cannot be
 * delivered (#GP), nor the #GP (#DF), nor the #DF: a triple fault, the CPU shuts
 * down. v86 stops the emulator at the first undeliverable vector.
 */
void crash_now(void)
{
    cli();
    lidt(NULL, 0);
    __asm__ volatile("int3");
    halt_forever();
}
