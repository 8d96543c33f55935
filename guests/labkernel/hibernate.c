/*
 * Hibernation, as the FIFO bug needs it. The boot kernel may switch the domain to
 * FIFO; `hibernate` then hands the domain over to the resume kernel (the same sources
 * built without FIFO, loaded as the multiboot module), the way a resumed hibernation
 * image takes over from the kernel that booted. Nothing tells Xen: the domain stays
 * in whatever event channel ABI the boot kernel chose. A resume kernel that only
 * speaks 2-level then waits on bitmaps Xen no longer writes (upstream), unless FIFO
 * could not be enabled in the first place (disable-fifo-v4, evtchn-fifo-v5).
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/handoff.h>
#include <lab/xen.h>

struct elf_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

void handoff_read_params(uint32_t handoff_pa)
{
    const struct lab_handoff *h = VA(handoff_pa);
    if (h->magic != LAB_RESUME_MAGIC) return;
    if (h->ram_bytes) boot.ram_bytes = h->ram_bytes;
    boot.firmware = h->firmware != 0;
}

void resume_from_handoff(uint32_t handoff_pa)
{
    const struct lab_handoff *h = VA(handoff_pa);
    resumed = true;
    my_domid = h->domid;
    boot.fifo_wanted = false;
    xen_boot(false);
    for (int w = 0; w < BITS_PER_EVTCHN_WORD; w++) shinfo->evtchn_mask[w] = ~0U;
    printf("hibernate: resumed with 2-level driver\n");
    evtchn_print_abi();
    for (uint32_t i = 0; i < h->nr_ports && i < LAB_HANDOFF_PORTS; i++) {
        evtchn_track(h->ports[i].port, (enum port_kind)h->ports[i].kind,
                     (uint16_t)h->ports[i].remote_dom, h->ports[i].remote_port, OWNER_SHELL);
        evtchn_unmask_local(h->ports[i].port);
    }
}

#if !LAB_HAS_FIFO
void cmd_hibernate(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("hibernate: this is the resume kernel; it has nothing to hand over to\n");
}
#else
extern char _kernel_end[];
void hibernate_jump(uint32_t entry_pa, uint32_t handoff_pa) __attribute__((noreturn));

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

void cmd_hibernate(int argc, char **argv)
{
    (void)argc, (void)argv;
    const uint8_t *img = VA(boot.module_start);
    uint32_t size = boot.module_end - boot.module_start;
    if (!boot.module_start || size < 52 || img[0] != 0x7F || img[1] != 'E') {
        printf("hibernate: no resume kernel loaded (boot module)\n");
        return;
    }
    uint32_t entry = *(const uint32_t *)(img + 24), phoff = *(const uint32_t *)(img + 28);
    uint16_t phnum = *(const uint16_t *)(img + 44);
    const struct elf_phdr *ph = (const void *)(img + phoff);
    uint32_t self_end = PA(_kernel_end);
    for (uint16_t i = 0; i < phnum; i++) {
        if (ph[i].type != 1) continue;
        if (overlaps(ph[i].paddr, ph[i].memsz, 0x100000, self_end - 0x100000) ||
            overlaps(ph[i].paddr, ph[i].memsz, boot.module_start, size)) {
            printf("hibernate: resume kernel overlaps this one\n");
            return;
        }
    }
    struct lab_handoff *h = VA(LAB_HANDOFF_PA);
    memset(h, 0, sizeof(*h));
    h->magic = LAB_RESUME_MAGIC;
    h->domid = my_domid;
    h->ram_bytes = boot.ram_bytes;
    h->firmware = boot.firmware;
    for (uint32_t p = 1; p < LAB_MAX_PORTS && h->nr_ports < LAB_HANDOFF_PORTS; p++) {
        if (ports[p].kind == PORT_FREE) continue;
        h->ports[h->nr_ports].port = p;
        h->ports[h->nr_ports].kind = ports[p].kind;
        h->ports[h->nr_ports].remote_dom = ports[p].remote_dom;
        h->ports[h->nr_ports].remote_port = ports[p].remote_port;
        h->nr_ports++;
    }
    printf("hibernate: %s kernel hands over to the resume kernel (2-level only)\n",
           evtchn_driver->name);
    cli();
    for (uint16_t i = 0; i < phnum; i++) {
        if (ph[i].type != 1) continue;
        memcpy(VA(ph[i].paddr), img + ph[i].offset, ph[i].filesz);
        memset((uint8_t *)VA(ph[i].paddr) + ph[i].filesz, 0, ph[i].memsz - ph[i].filesz);
    }
    hibernate_jump(entry, LAB_HANDOFF_PA);
}
#endif
