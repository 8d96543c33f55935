/* The shell's command table (commands.c) and helpers shared by commands. */
#ifndef LAB_SHELL_H
#define LAB_SHELL_H

#include <lab/types.h>

struct command {
    const char *name;
    const char *usage;
    void (*run)(int argc, char **argv);
};
extern const struct command commands[];

int shell_getc(void);
/* Sleep until *counter != seen or the user interrupts; false when interrupted. */
bool wait_for_change(volatile uint32_t *counter, uint32_t seen);

#endif
