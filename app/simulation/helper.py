"""The two tiny executables behind every simulated process, written out as ELF files at run time.

Why not `sleep`, a shell or Python: a simulated process must carry the profile's command line as its
argv (`postgres: 16/main: app appdb ...`), which every real tool would try to parse, and it must cost
almost nothing (2,000 idle interpreters would be gigabytes). So Phoenix carries its own machine code:
a statically linked, libc-free x86-64 program of a few hundred bytes that ignores its arguments and
environment. Hard-linked under the simulated name, it is what `/proc/<pid>/comm`, `/proc/<pid>/exe`
(basename) and `/proc/<pid>/cmdline` show, so psutil and the collector read the simulated name. An
idle one uses two pages of memory. No compiler is needed: the bytes are below, with their source.

`simproc` (the simulated process), stdin is its control pipe:
- started by root with an owner patched into its last 8 bytes (uid, gid; -1 for none), it first
  becomes that owner (no supplementary groups, dumpable like any process of that user), or exits
  with status 126; so Phoenix spawns every process the cheap way (vfork) and still runs each as its
  profile's owner;
- it waits in `ppoll` on stdin; a 32-byte message `<reserve, rss, busy_ns, idle_ns>` (little-endian
  u64, u64, u64, i64) sets its behaviour: reserve `reserve` bytes of address space once, keep `rss`
  bytes of it resident (touching pages to grow, `MADV_DONTNEED` to shrink), and loop "spin until
  `busy_ns` of CPU time are used, then wait out the cycle of `busy_ns + idle_ns`" (idle_ns < 0: wait
  for the next message) -- a CPU duty cycle that a busy host delays but does not shrink;
- end of file on stdin, or any read error, makes it exit: when Phoenix dies, the kernel closes the
  pipe's write end and every simulated process leaves by itself.

`watchdog` (named `phoenix-sim-wd` on the host), stdin is the simulation's lifeline pipe: it blocks
reading; on end of file it sends SIGKILL to its own process group (every simulated process of the
simulation) and exits. It is the group's leader, so the group exists as long as the simulation does.

Other architectures (aarch64, ...) have no machine code here yet: `helper_supported()` says so and
the simulator refuses to start with a clear error.
"""

from __future__ import annotations

import os
import platform
import struct
from pathlib import Path

SIMPROC_SOURCE = """\
    .intel_syntax noprefix
    .globl _start
_start:
    mov edi, dword ptr [rip + owner_gid]
    cmp edi, -1                 # -1: keep the user we were started as
    je 5f
    xor edi, edi                # setgroups(0, NULL): no supplementary groups
    xor esi, esi
    mov eax, 116
    syscall
    test rax, rax
    jnz refuse
    mov edi, dword ptr [rip + owner_gid]
    mov esi, edi
    mov edx, edi
    mov eax, 119                # setresgid(gid, gid, gid)
    syscall
    test rax, rax
    jnz refuse
    mov edi, dword ptr [rip + owner_uid]
    mov esi, edi
    mov edx, edi
    mov eax, 117                # setresuid(uid, uid, uid)
    syscall
    test rax, rax
    jnz refuse
    mov edi, 4                  # prctl(PR_SET_DUMPABLE, 1): readable in /proc like any process of that user
    mov esi, 1
    mov eax, 157
    syscall
5:  sub rsp, 128                # [rsp] msg, +32 timeout, +48 pollfd, +64 clock, +88 cycle start
    xor r12d, r12d              # r12 base of the reserved memory (0: none yet)
    xor r13d, r13d              # r13 reserved bytes
    xor r14d, r14d              # r14 resident (touched) bytes
    xor r15d, r15d              # r15 busy ns per cycle
    mov rbx, -1                 # rbx idle ns per cycle (< 0: until the next message)
cycle:
    mov edi, 1                  # CLOCK_MONOTONIC: when this cycle started
    call clock
    mov [rsp+88], rax
    test r15, r15
    jz wait
    mov edi, 2                  # CLOCK_PROCESS_CPUTIME_ID: spin until `busy` ns of CPU are used,
    call clock                  # so a busy host delays the burn instead of shrinking it
    lea rbp, [rax + r15]
spin:
    mov ecx, 100000
1:  dec ecx
    jnz 1b
    mov edi, 2
    call clock
    cmp rax, rbp
    jl spin
wait:
    mov dword ptr [rsp+48], 0   # pollfd: fd 0
    mov dword ptr [rsp+52], 1   # events POLLIN, revents 0
    xor edx, edx                # no timeout
    test rbx, rbx
    js 2f
    mov edi, 1                  # timeout: the rest of the cycle (start + busy + idle - now), at least 0
    call clock
    mov rcx, [rsp+88]
    add rcx, r15
    add rcx, rbx
    sub rcx, rax
    mov eax, 0
    cmovs rcx, rax
    mov rax, rcx
    xor edx, edx
    mov ecx, 1000000000
    div rcx
    mov [rsp+32], rax
    mov [rsp+40], rdx
    lea rdx, [rsp+32]
2:  lea rdi, [rsp+48]
    mov esi, 1
    xor r10d, r10d
    xor r8d, r8d
    mov eax, 271                # ppoll
    syscall
    test rax, rax
    jle cycle                   # timeout or EINTR
    xor edi, edi
    mov rsi, rsp
    mov edx, 32
    xor eax, eax                # read
    syscall
    test rax, rax
    jz quit                     # end of file: nobody controls us any more
    jns 4f
    cmp rax, -11                # EAGAIN
    je cycle
    cmp rax, -4                 # EINTR
    je cycle
    jmp quit
4:  cmp rax, 32
    jne cycle
    mov r15, [rsp+16]
    mov rbx, [rsp+24]
    test r12, r12
    jnz 3f
    mov rsi, [rsp]              # first reservation
    test rsi, rsi
    jz cycle
    xor edi, edi
    mov edx, 3                  # PROT_READ | PROT_WRITE
    mov r10d, 0x4022            # MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
    mov r8, -1
    xor r9d, r9d
    mov eax, 9                  # mmap
    syscall
    cmp rax, -4096
    ja cycle                    # failed: hold nothing
    mov r12, rax
    mov r13, [rsp]
3:  mov rax, [rsp+8]            # target resident bytes, at most the reservation, whole pages
    cmp rax, r13
    cmova rax, r13
    and rax, -4096
grow:
    cmp r14, rax
    jae shrink
    mov byte ptr [r12+r14], 1
    add r14, 4096
    jmp grow
shrink:
    jbe cycle
    lea rdi, [r12+rax]
    mov rsi, r14
    sub rsi, rax
    mov r14, rax
    mov edx, 4                  # MADV_DONTNEED
    mov eax, 28                 # madvise
    syscall
    jmp cycle
quit:
    mov eax, 231                # exit_group(0)
    xor edi, edi
    syscall
refuse:
    mov eax, 231                # exit_group(126): could not become the owner
    mov edi, 126
    syscall
clock:                          # rax = clock edi in ns
    lea rsi, [rsp+72]
    mov eax, 228                # clock_gettime
    syscall
    imul rax, qword ptr [rsp+72], 1000000000
    add rax, [rsp+80]
    ret
owner_uid:                      # patched per owner by write_simproc (0xffffffff: none)
    .long -1
owner_gid:
    .long -1
"""

WATCHDOG_SOURCE = """\
    .intel_syntax noprefix
    .globl _start
_start:
    sub rsp, 64
1:  xor eax, eax                # read(0, buf, 64) until end of file
    xor edi, edi
    mov rsi, rsp
    mov edx, 64
    syscall
    test rax, rax
    jg 1b
    cmp rax, -4                 # EINTR
    je 1b
    mov eax, 62                 # kill(0, SIGKILL): our whole process group
    xor edi, edi
    mov esi, 9
    syscall
    mov eax, 231                # exit_group(0)
    xor edi, edi
    syscall
"""

# `as --64` + `objcopy -O binary -j .text` of the sources above (tests/simulation/test_helper.py checks it).
SIMPROC_X86_64 = bytes.fromhex(
    "8b3d2c02000083ffff745931ff31f6b8740000000f054885c00f85e80100008b3d0d02000089fe89fab8770000000f054885c00f"
    "85ce0100008b3def01000089fe89fab8750000000f054885c00f85b4010000bf04000000be01000000b89d0000000f054881ec80"
    "0000004531e44531ed4531f64531ff48c7c3ffffffffbf01000000e88b01000048894424584d85ff7426bf02000000e877010000"
    "4a8d2c38b9a0860100ffc975fcbf02000000e8600100004839e87ce8c744243000000000c74424340100000031d24885db783dbf"
    "01000000e83a010000488b4c24584c01f94801d94829c1b800000000480f48c84889c831d2b900ca9a3b48f7f148894424204889"
    "542428488d542420488d7c2430be010000004531d24531c0b80f0100000f054885c00f8e52ffffff31ff4889e6ba2000000031c0"
    "0f054885c00f84bb00000079194883f8f50f842fffffff4883f8fc0f8425ffffffe9a00000004883f8200f8516ffffff4c8b7c24"
    "10488b5c24184d85e4753e488b34244885f60f84fafeffff31ffba0300000041ba2240000049c7c0ffffffff4531c9b809000000"
    "0f05483d00f0ffff0f87d0feffff4989c44c8b2c24488b4424084c39e8490f47c5482500f0ffff4939c6730e43c60434014981c6"
    "00100000ebed0f869efeffff498d3c044c89f64829c64989c6ba04000000b81c0000000f05e980feffffb8e700000031ff0f05b8"
    "e7000000bf7e0000000f05488d742448b8e40000000f05486944244800ca9a3b4803442450c3ffffffffffffffff"
)
WATCHDOG_X86_64 = bytes.fromhex(
    "4883ec4031c031ff4889e6ba400000000f054885c07fed4883f8fc74e7b83e00000031ffbe090000000f05b8e700000031ff0f05"
)

SIMPROC_FILE = "simproc"
WATCHDOG_NAME = "phoenix-sim-wd"  # what `comm` (and so every scraper) shows for a simulation's watchdog

_BASE = 0x400000
_PT_LOAD, _PT_GNU_STACK = 1, 0x6474E551
_PF_X, _PF_W, _PF_R = 1, 2, 4


def elf_executable(code: bytes) -> bytes:
    """A minimal static ELF64 (x86-64) running `code`: one read+execute segment, a non-executable stack."""
    header_size, phentsize, phnum = 64, 56, 2
    entry_offset = header_size + phentsize * phnum
    total = entry_offset + len(code)
    header = struct.pack(
        "<4s5B7sHHIQQQIHHHHHH",
        b"\x7fELF",
        2,
        1,
        1,
        0,
        0,
        bytes(7),  # 64-bit, little-endian, SysV
        2,
        0x3E,
        1,
        _BASE + entry_offset,
        header_size,
        0,
        0,  # ET_EXEC, EM_X86_64, entry, phoff, shoff
        header_size,
        phentsize,
        phnum,
        0,
        0,
        0,
    )
    load = struct.pack("<IIQQQQQQ", _PT_LOAD, _PF_R | _PF_X, 0, _BASE, _BASE, total, total, 0x1000)
    stack = struct.pack("<IIQQQQQQ", _PT_GNU_STACK, _PF_R | _PF_W, 0, 0, 0, 0, 0, 16)
    return header + load + stack + code


def helper_supported() -> str | None:
    """None when this host can run the helpers; otherwise why not, in a sentence."""
    machine = platform.machine().lower()
    if platform.system() != "Linux":
        return f"simulated processes need Linux; this host runs {platform.system()}"
    if machine not in ("x86_64", "amd64"):
        return f"the simulated-process helper exists for x86-64 only; this host is {machine}"
    return None


def simproc_code(owner: tuple[int, int] | None = None) -> bytes:
    """`simproc`'s machine code, set to become `owner` (uid, gid) first when given."""
    if owner is None:
        return SIMPROC_X86_64
    uid, gid = owner
    return SIMPROC_X86_64[:-8] + struct.pack("<II", uid & 0xFFFFFFFF, gid & 0xFFFFFFFF)


def _write(path: Path, code: bytes) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o700)
    with os.fdopen(fd, "wb") as handle:
        handle.write(elf_executable(code))
    path.chmod(0o500)
    return path


def write_simproc(path: Path, owner: tuple[int, int] | None = None) -> Path:
    """Write a `simproc` (mode 0500) that runs as `owner` (uid, gid) when started by root."""
    return _write(path, simproc_code(owner))


def write_helpers(directory: Path) -> tuple[Path, Path]:
    """Write `simproc` (no owner change) and the watchdog into `directory`; returns their paths."""
    return write_simproc(directory / SIMPROC_FILE), _write(directory / WATCHDOG_NAME, WATCHDOG_X86_64)


def control_message(*, reserve_bytes: int, rss_bytes: int, busy_ns: int, idle_ns: int) -> bytes:
    """The 32-byte message `simproc` reads on its control pipe."""
    return struct.pack("<QQQq", max(0, reserve_bytes), max(0, rss_bytes), max(0, busy_ns), idle_ns)
