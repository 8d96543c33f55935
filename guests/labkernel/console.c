/*
 * COM1 (I/O 0x3F8, IRQ 4): polled output, interrupt-driven input into a ring, and a
 * small printf. Output turns "\n" into "\r\n" for terminals.
 */
#include <lab/lab.h>
#include <lab/cpu.h>

#define COM1 0x3F8
#define LSR_DR 0x01
#define LSR_THRE 0x20

static char rx[256];
static volatile uint32_t rx_head, rx_tail;

void serial_init(void)
{
    outb(COM1 + 1, 0x00);       /* IER: off while programming */
    outb(COM1 + 3, 0x80);       /* LCR: DLAB */
    outb(COM1 + 0, 0x01);       /* 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);       /* 8N1 */
    outb(COM1 + 2, 0x00);       /* no FIFO: one interrupt per byte */
    outb(COM1 + 4, 0x0B);       /* DTR | RTS | OUT2 */
    outb(COM1 + 1, 0x01);       /* IER: received data available */
}

/* IRQ 4: drain every byte (the PIC is edge-triggered; a byte left behind is lost). */
void serial_irq(void)
{
    while (inb(COM1 + 5) & LSR_DR) {
        char c = (char)inb(COM1);
        uint32_t next = (rx_head + 1) % sizeof(rx);
        if (next != rx_tail) {
            rx[rx_head] = c;
            rx_head = next;
        }
    }
}

int serial_getc(void)
{
    if (rx_tail == rx_head) return -1;
    char c = rx[rx_tail];
    rx_tail = (rx_tail + 1) % sizeof(rx);
    return (unsigned char)c;
}

bool serial_has_input(void) { return rx_tail != rx_head; }

void putc_raw(char c)
{
    if (c == '\n') putc_raw('\r');
    while (!(inb(COM1 + 5) & LSR_THRE)) {
    }
    outb(COM1, (uint8_t)c);
}

void puts_raw(const char *s)
{
    while (*s) putc_raw(*s++);
}

static void put_num(uint32_t v, unsigned base, int width, char pad, bool neg)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (pad == '0') putc_raw('-');
        width--;
    }
    for (int i = n; i < width; i++) putc_raw(pad);
    if (neg && pad != '0') putc_raw('-');
    while (n) putc_raw(buf[--n]);
}

/* %s %c %d %u %x with '-' (strings) or '0' (numbers) and a width; 'l' is ignored. */
int printf(const char *fmt, ...)
{
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    uint32_t flags = irq_save();
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            putc_raw(*p);
            continue;
        }
        char pad = ' ';
        int width = 0;
        bool left = false;
        if (*++p == '-') {
            left = true;
            p++;
        }
        if (*p == '0') {
            pad = '0';
            p++;
        }
        while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
        while (*p == 'l') p++;
        switch (*p) {
        case 's': {
            const char *s = __builtin_va_arg(ap, const char *);
            int len = (int)strlen(s);
            if (!left)
                for (int i = len; i < width; i++) putc_raw(' ');
            puts_raw(s);
            if (left)
                for (int i = len; i < width; i++) putc_raw(' ');
            break;
        }
        case 'c': putc_raw((char)__builtin_va_arg(ap, int)); break;
        case 'd': {
            int v = __builtin_va_arg(ap, int);
            put_num(v < 0 ? 0U - (uint32_t)v : (uint32_t)v, 10, width, pad, v < 0);
            break;
        }
        case 'u': put_num(__builtin_va_arg(ap, uint32_t), 10, width, pad, false); break;
        case 'x': put_num(__builtin_va_arg(ap, uint32_t), 16, width, pad, false); break;
        case '%': putc_raw('%'); break;
        default: putc_raw('?'); break;
        }
        if (!*p) break;
    }
    irq_restore(flags);
    __builtin_va_end(ap);
    return 0;
}
