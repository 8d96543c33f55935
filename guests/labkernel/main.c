/*
 * kmain: console, interrupts and paging first, then Xen (version, domid,
 * shared_info, upcall), then the event channel driver, then a self-test (test=NAME)
 * or the shell. Boot options come from the multiboot command line:
 *   evtchn=fifo (default) | evtchn=2l    test=NAME
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/handoff.h>
#include <lab/xen.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002U
#define MBI_CMDLINE (1U << 2)
#define MBI_MODS (1U << 3)
#define MBI_MMAP (1U << 6)
#define MBI_LOADER_NAME (1U << 9)

struct boot_params boot = {.fifo_wanted = LAB_HAS_FIFO, .ram_bytes = 16U << 20};
bool resumed;

struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
    uint32_t syms[4], mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, boot_loader_name;
};
struct mb_mmap {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;
} __attribute__((packed));

static void parse_option(const char *opt, size_t len)
{
    if (len == 9 && !strncmp(opt, "evtchn=2l", 9)) boot.fifo_wanted = false;
    if (len == 11 && !strncmp(opt, "evtchn=fifo", 11)) boot.fifo_wanted = LAB_HAS_FIFO;
    if (len > 5 && len - 5 < sizeof(boot.test) && !strncmp(opt, "test=", 5)) {
        memcpy(boot.test, opt + 5, len - 5);
        boot.test[len - 5] = 0;
    }
}

void parse_cmdline(const char *s)
{
    while (*s) {
        while (*s == ' ') s++;
        const char *start = s;
        while (*s && *s != ' ') s++;
        if (s > start) parse_option(start, (size_t)(s - start));
    }
}

static void parse_multiboot(const struct mb_info *mbi)
{
    if (mbi->flags & MBI_CMDLINE) parse_cmdline(VA(mbi->cmdline));
    if (mbi->flags & MBI_LOADER_NAME) boot.firmware = !strcmp(VA(mbi->boot_loader_name), "labfw");
    if (mbi->flags & MBI_MMAP) {
        uint32_t top = 0;
        for (uint32_t off = 0; off < mbi->mmap_length;) {
            const struct mb_mmap *e = VA(mbi->mmap_addr + off);
            if (e->type == 1 && e->addr < 0x100000000ULL) {
                uint64_t end = e->addr + e->len;
                if (end > 0xFFFFF000ULL) end = 0xFFFFF000ULL;
                if ((uint32_t)end > top) top = (uint32_t)end;
            }
            off += e->size + 4;
        }
        if (top) boot.ram_bytes = top;
    }
    if ((mbi->flags & MBI_MODS) && mbi->mods_count) {
        const uint32_t *mod = VA(mbi->mods_addr);
        boot.module_start = mod[0];
        boot.module_end = mod[1];
    }
}

void kmain(uint32_t magic, uint32_t info_pa)
{
    serial_init();
    cpu_init();
    if (magic == MULTIBOOT_BOOTLOADER_MAGIC) parse_multiboot(VA(info_pa));
    else if (magic == LAB_RESUME_MAGIC) handoff_read_params(info_pa);
    paging_init(boot.ram_bytes);
    irq_set_handler(4, serial_irq);
    irq_unmask(4);
    if (magic == LAB_RESUME_MAGIC) {
        resume_from_handoff(info_pa);
    } else {
        xen_boot(true);
        evtchn_boot();
    }
    ping_responder_init();
    sti();
    if (boot.test[0]) {
        selftest_run(boot.test);
        halt_forever();
    }
    shell_run();
}
