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

static char line[128];
static size_t line_len;
static bool at_prompt;

/*
 * Print what the upcall and the rendezvous did (event lines) on lines of their own:
 * at the prompt, break the line first and show the prompt and the typed text again.
 */
static void report_events(void)
{
    if (!evtchn_unreported()) return;
    if (at_prompt) putc_raw('\n');
    evtchn_report();
    if (at_prompt) {
        line[line_len] = 0;
        printf("lab> %s", line);
    }
}

/* Next input byte; prints pending event lines and sleeps while there is none. */
int shell_getc(void)
{
    for (;;) {
        int c = serial_getc();
        if (c >= 0) return c;
        report_events();
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
    for (;;) {
        evtchn_report();
        printf("lab> ");
        line_len = 0;
        at_prompt = true;
        for (;;) {
            int c = shell_getc();
            if (c == '\r') continue;
            if (c == '\n') break;
            if (c == 0x7F || c == 0x08) {
                if (line_len) {
                    line_len--;
                    puts_raw("\b \b");
                }
                continue;
            }
            if (c < 0x20 || line_len + 1 >= sizeof(line)) continue;
            line[line_len++] = (char)c;
            putc_raw((char)c);
        }
        at_prompt = false;
        line[line_len] = 0;
        putc_raw('\n');
        run_line(line);
    }
}
