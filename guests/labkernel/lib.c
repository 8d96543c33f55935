/* The few libc pieces a freestanding kernel needs, and Xen errno names. */
#include <lab/lab.h>
#include <xen/errno.h>

void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--) *p++ = (uint8_t)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    while (n--) *dp++ = *sp++;
    return d;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    while (n && *a && *a == *b) a++, b++, n--;
    return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

/* Decimal, or hex with 0x; a leading '-' gives the two's complement (raw registers). */
bool parse_u32(const char *s, uint32_t *out)
{
    bool neg = false;
    uint32_t v = 0;
    if (*s == '-') neg = true, s++;
    if (!*s) return false;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        if (!*s) return false;
        for (; *s; s++) {
            int d = *s >= '0' && *s <= '9'   ? *s - '0'
                    : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
                    : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10
                                             : -1;
            if (d < 0) return false;
            v = v * 16 + (uint32_t)d;
        }
    } else {
        for (; *s; s++) {
            if (*s < '0' || *s > '9') return false;
            v = v * 10 + (uint32_t)(*s - '0');
        }
    }
    *out = neg ? 0U - v : v;
    return true;
}

static const struct { int value; const char *name; } errnos[] = {
    {1, "EPERM"}, {2, "ENOENT"}, {3, "ESRCH"}, {4, "EINTR"}, {5, "EIO"}, {6, "ENXIO"},
    {7, "E2BIG"}, {8, "ENOEXEC"}, {9, "EBADF"}, {10, "ECHILD"}, {11, "EAGAIN"},
    {12, "ENOMEM"}, {13, "EACCES"}, {14, "EFAULT"}, {16, "EBUSY"}, {17, "EEXIST"},
    {18, "EXDEV"}, {19, "ENODEV"}, {20, "ENOTDIR"}, {21, "EISDIR"}, {22, "EINVAL"},
    {23, "ENFILE"}, {24, "EMFILE"}, {28, "ENOSPC"}, {30, "EROFS"}, {31, "EMLINK"},
    {33, "EDOM"}, {34, "ERANGE"}, {35, "EDEADLK"}, {36, "ENAMETOOLONG"}, {37, "ENOLCK"},
    {38, "ENOSYS"}, {39, "ENOTEMPTY"}, {61, "ENODATA"}, {62, "ETIME"}, {74, "EBADMSG"},
    {75, "EOVERFLOW"}, {84, "EILSEQ"}, {85, "ERESTART"}, {88, "ENOTSOCK"},
    {90, "EMSGSIZE"}, {95, "EOPNOTSUPP"}, {98, "EADDRINUSE"}, {99, "EADDRNOTAVAIL"},
    {105, "ENOBUFS"}, {106, "EISCONN"}, {107, "ENOTCONN"}, {110, "ETIMEDOUT"},
    {111, "ECONNREFUSED"},
};

const char *xen_errno_name(int err)
{
    for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
        if (errnos[i].value == err) return errnos[i].name;
    return NULL;
}

void print_err(long ret)
{
    const char *name = ret < 0 ? xen_errno_name((int)-ret) : NULL;
    if (name)
        printf("-%s (%d)", name, (int)ret);
    else
        printf("(%d)", (int)ret);
}
