/* simproc: one simulated process. Started under any name and command line, it reads its orders from
 * stdin, its control pipe (the protocol is `app/simulation/helper.py`'s `control_message`).
 *
 * - Owner: Phoenix, running as root, patches the (uid, gid) after OWNER_MARKER in its copy of this
 *   file; the process then drops every supplementary group and becomes that owner before anything
 *   else, or exits with status 126. 0xffffffff (as built) keeps the user it was started as.
 * - It waits in ppoll on stdin. A 32-byte message <reserve, rss, busy_ns, idle_ns> (little-endian
 *   u64, u64, u64, i64) sets what it does: reserve `reserve` bytes of address space once, keep `rss`
 *   bytes of them resident (touching pages to grow, MADV_DONTNEED to shrink), and repeat "spin until
 *   `busy_ns` of CPU time are used, then wait out the cycle of busy_ns + idle_ns" (idle_ns < 0: wait
 *   for the next message) -- a CPU duty cycle that a busy host delays but does not shrink.
 * - End of file on stdin, or any read error but EINTR/EAGAIN, makes it exit with status 0: when
 *   Phoenix dies the kernel closes the pipe's write end and every simulated process leaves. */
#include "sys.h"

#define OWNER_MARKER "phoenix.owner.v1" /* exactly 16 bytes, found by helper.py in the built file */
#define NONE 0xffffffffu
#define NS 1000000000LL

enum { CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2 };
enum { POLLIN = 1, PR_SET_DUMPABLE = 4, AT_NULL = 0, AT_PAGESZ = 6 };
enum { PROT_RW = 3, MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x4022, MADV_DONTNEED = 4 };

static const struct owner {
    char marker[16];
    uint32_t uid, gid;
} owner __attribute__((used, aligned(8))) = {OWNER_MARKER, NONE, NONE};

struct control {
    uint64_t reserve, rss, busy_ns;
    int64_t idle_ns;
};

struct timespec {
    int64_t sec, nsec;
};

struct pollfd {
    int32_t fd;
    int16_t events, revents;
};

static int64_t now(int clock)
{
    struct timespec t;
    syscall3(SYS_clock_gettime, clock, &t, 0);
    return t.sec * NS + t.nsec;
}

static void become_owner(void)
{
    const struct owner *patched = &owner;
    __asm__("" : "+r"(patched)); /* the file is patched after the build: read it, never fold it */
    uint32_t uid = patched->uid, gid = patched->gid;
    if (gid == NONE)
        return;
    if (syscall3(SYS_setgroups, 0, 0, 0) || syscall3(SYS_setresgid, gid, gid, gid) ||
        syscall3(SYS_setresuid, uid, uid, uid))
        exit_group(126);
    syscall3(SYS_prctl, PR_SET_DUMPABLE, 1, 0); /* readable in /proc like any process of that user */
}

static uint64_t page_size(long *sp)
{
    long *p = sp + 1 + sp[0] + 1; /* past argc and argv */
    while (*p++)                  /* past envp */
        ;
    for (; p[0] != AT_NULL; p += 2)
        if (p[0] == AT_PAGESZ)
            return (uint64_t)p[1];
    return 4096;
}

static void spin(int64_t busy_ns)
{
    int64_t until = now(CLOCK_PROCESS_CPUTIME_ID) + busy_ns;
    do {
        for (int i = 0; i < 100000; i++)
            __asm__ volatile("");
    } while (now(CLOCK_PROCESS_CPUTIME_ID) < until);
}

__attribute__((noreturn, used)) void start(long *sp)
{
    uint64_t page = page_size(sp);
    volatile char *base = 0;
    uint64_t reserved = 0, resident = 0;
    int64_t busy = 0, idle = -1;
    struct control msg;

    become_owner();
    for (;;) {
        int64_t cycle_start = now(CLOCK_MONOTONIC);
        if (busy > 0)
            spin(busy);

        struct timespec left, *timeout = 0;
        if (idle >= 0) {
            int64_t ns = cycle_start + busy + idle - now(CLOCK_MONOTONIC);
            ns = ns < 0 ? 0 : ns;
            left.sec = ns / NS;
            left.nsec = ns % NS;
            timeout = &left;
        }
        struct pollfd control = {0, POLLIN, 0};
        if (syscall6(SYS_ppoll, (long)&control, 1, (long)timeout, 0, 0, 0) <= 0)
            continue; /* the cycle is over, or a signal */

        long got = syscall3(SYS_read, 0, &msg, sizeof msg);
        if (got == 0 || (got < 0 && got != -EINTR && got != -EAGAIN))
            exit_group(0); /* end of file: nobody controls us any more */
        if (got != sizeof msg)
            continue;
        busy = (int64_t)msg.busy_ns;
        idle = msg.idle_ns;

        if (!base) {
            if (!msg.reserve)
                continue;
            long mapped = syscall6(SYS_mmap, 0, (long)msg.reserve, PROT_RW, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0);
            if ((unsigned long)mapped > -4096UL)
                continue; /* failed: hold nothing */
            base = (volatile char *)mapped;
            reserved = msg.reserve;
        }
        uint64_t target = msg.rss < reserved ? msg.rss : reserved;
        target &= ~(page - 1);
        for (; resident < target; resident += page)
            base[resident] = 1;
        if (target < resident) {
            syscall3(SYS_madvise, base + target, resident - target, MADV_DONTNEED);
            resident = target;
        }
    }
}
