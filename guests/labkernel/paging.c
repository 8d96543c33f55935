/*
 * The kernel's page tables, two-level i386 paging (no PAE):
 *   PDE 0 and PDE 768 -> one page table mapping the first 4 MiB with 4 KiB pages
 *     (identity for the boot code and the BIOS area, KERNEL_BASE + pa for the kernel);
 *     page 0 is left unmapped so a NULL pointer faults;
 *   PDE 769.. -> 4 MiB PSE pages for the rest of RAM at KERNEL_BASE + pa.
 * So the hypervisor model's page-table walk sees both shapes on every run: kernel
 * objects (hypercall structs) go through the 4 KiB table, page_alloc'd frames through
 * PSE entries.
 */
#include <lab/lab.h>
#include <lab/cpu.h>

#define PTE_P 0x001U
#define PTE_W 0x002U
#define PDE_PS 0x080U
#define MIB4 0x400000U

static uint32_t page_dir[1024] __attribute__((aligned(4096)));
static uint32_t low_table[1024] __attribute__((aligned(4096)));

#ifdef LAB_FLAVOUR_RESUME
/* Above the boot kernel's frames, which Xen may still be writing (its FIFO pages). */
#define ALLOC_BASE 0x600000U
#else
#define ALLOC_BASE 0x400000U
#endif
static uint32_t alloc_next = ALLOC_BASE;
static uint32_t ram_top;

void paging_init(uint32_t ram_bytes)
{
    ram_top = ram_bytes;
    for (uint32_t i = 1; i < 1024; i++) low_table[i] = (i << 12) | PTE_P | PTE_W;
    low_table[0] = 0;
    page_dir[0] = PA(low_table) | PTE_P | PTE_W;
    page_dir[768] = PA(low_table) | PTE_P | PTE_W;
    for (uint32_t pa = MIB4, pde = 769; pa < ram_bytes && pde < 1024; pa += MIB4, pde++)
        page_dir[pde] = pa | PDE_PS | PTE_P | PTE_W;
    write_cr3(PA(page_dir));
}

void *page_alloc(void)
{
    if (alloc_next + 4096 > ram_top) {
        printf("labkernel: out of pages\n");
        halt_forever();
    }
    void *p = VA(alloc_next);
    alloc_next += 4096;
    memset(p, 0, 4096);
    return p;
}
