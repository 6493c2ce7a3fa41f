/* watchdog (`phoenix-sim-wd` on the host): the leader of a simulation's process group. Its stdin is
 * the simulation's lifeline pipe: it reads until end of file (Phoenix closed the simulation or died),
 * then sends SIGKILL to its whole process group -- every simulated process -- and exits. */
#include "sys.h"

__attribute__((noreturn, used)) void start(long *sp)
{
    char buf[64];
    long got;
    (void)sp;
    do
        got = syscall3(SYS_read, 0, buf, sizeof buf);
    while (got > 0 || got == -EINTR);
    syscall3(SYS_kill, 0, SIGKILL, 0);
    exit_group(0);
}
