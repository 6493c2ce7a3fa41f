/* The few Linux system calls the simulator's helpers make, without a C library, for x86-64 and
 * AArch64, and the program entry point `_start`, which calls `start(sp)` with the initial stack
 * pointer (argc, argv, envp and the auxiliary vector are above it).
 *
 * No libc keeps a helper a few KiB on disk and two pages in memory when idle, and lets it be started
 * under any name with any command line: it never looks at its arguments or environment. */
#ifndef PHOENIX_SIM_SYS_H
#define PHOENIX_SIM_SYS_H

#include <stdint.h>

#if defined(__x86_64__)
enum {
    SYS_read = 0, SYS_mmap = 9, SYS_madvise = 28, SYS_kill = 62, SYS_setresuid = 117,
    SYS_setresgid = 119, SYS_setgroups = 116, SYS_prctl = 157, SYS_clock_gettime = 228,
    SYS_exit_group = 231, SYS_ppoll = 271,
};

static inline long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    xor %ebp, %ebp\n"
        "    mov %rsp, %rdi\n"
        "    and $-16, %rsp\n"
        "    call start\n"
        "    hlt\n");

#elif defined(__aarch64__)
enum {
    SYS_read = 63, SYS_mmap = 222, SYS_madvise = 233, SYS_kill = 129, SYS_setresuid = 147,
    SYS_setresgid = 149, SYS_setgroups = 159, SYS_prctl = 167, SYS_clock_gettime = 113,
    SYS_exit_group = 94, SYS_ppoll = 73,
};

static inline long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    mov x29, #0\n"
        "    mov x30, #0\n"
        "    mov x0, sp\n"
        "    and sp, x0, #-16\n"
        "    bl start\n"
        "    brk #0\n");

#else
#error "the simulator's helpers are written for x86-64 and AArch64 Linux"
#endif

#define syscall3(n, a, b, c) syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

enum { EINTR = 4, EAGAIN = 11, SIGKILL = 9 };

__attribute__((noreturn)) static inline void exit_group(int status)
{
    for (;;)
        syscall3(SYS_exit_group, status, 0, 0);
}

#endif
