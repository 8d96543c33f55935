/*
 * The serial shell of docs/guest-shell.md: prompt "lab> ", one command per line,
 * every result line prefixed by its topic. While waiting for input the kernel prints
 * the events its upcall consumed, then sleeps (sti; hlt) until the next interrupt.
 */
#include <lab/lab.h>
#include <lab/cpu.h>
#include <lab/evtchn.h>
#include <lab/shell.h>

#define MAX_ARGS 8

static const struct command *find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (!strcmp(c->name, name)) return c;
    return NULL;
}

static int split(char *line, char **argv)
{
    int argc = 0;
    while (*line && argc < MAX_ARGS) {
        while (*line == ' ' || *line == '\t') *line++ = 0;
        if (!*line) break;
        argv[argc++] = line;
        while (*line && *line != ' ' && *line != '\t') line++;
    }
    return argc;
}

static void run_line(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split(line, argv);
    if (!argc) return;
    const struct command *c = find(argv[0]);
    if (!c)
        printf("lab: unknown command '%s' (try help)\n", argv[0]);
    else
        c->run(argc, argv);
}

/* Next input byte; prints pending event lines and sleeps while there is none. */
int shell_getc(void)
{
    for (;;) {
        int c = serial_getc();
        if (c >= 0) return c;
        evtchn_report();
        cli();
        if (serial_has_input() || evtchn_unreported()) {
            sti();
            continue;
        }
        sti_hlt();
    }
}

bool wait_for_change(volatile uint32_t *counter, uint32_t seen)
{
    for (;;) {
        cli();
        if (*counter != seen) {
            sti();
            return true;
        }
        if (serial_has_input()) {
            sti();
            int c = serial_getc();
            if (c == 3 || c == 'q') {
                printf("^C\n");
                return false;
            }
            continue;
        }
        sti_hlt();
    }
}

void shell_run(void)
{
    static char line[128];
    for (;;) {
        evtchn_report();
        printf("lab> ");
        size_t n = 0;
        for (;;) {
            int c = shell_getc();
            if (c == '\r') continue;
            if (c == '\n') break;
            if (c == 0x7F || c == 0x08) {
                if (n) {
                    n--;
                    puts_raw("\b \b");
                }
                continue;
            }
            if (c < 0x20 || n + 1 >= sizeof(line)) continue;
            line[n++] = (char)c;
            putc_raw((char)c);
        }
        line[n] = 0;
        putc_raw('\n');
        run_line(line);
    }
}
