#!/bin/sh
# Build the simulator's helpers, `simproc` and `phoenix-sim-wd`, into OUT_DIR with the C compiler CC
# (default gcc), for CC's target architecture (x86-64 or AArch64; a cross compiler builds the other).
# Static, no C library, stripped: a few KiB each. Used by `make simhelpers`, the image build and
# Phoenix itself when a helper is missing and a compiler is present.
#
#   sh app/simulation/helpers/build.sh OUT_DIR [CC]
set -eu
out=${1:?usage: build.sh OUT_DIR [CC]}
cc=${2:-gcc}
src=$(cd "$(dirname "$0")" && pwd)

command -v "$cc" >/dev/null 2>&1 || {
    echo "simulator helpers: no C compiler '$cc' (install gcc, e.g. apt-get install gcc)" >&2
    exit 127
}
mkdir -p "$out"
for helper in simproc:simproc.c phoenix-sim-wd:watchdog.c; do
    name=${helper%%:*}
    tmp="$out/.$name.$$"
    "$cc" -std=c11 -Os -Wall -Wextra -Werror -ffreestanding -fno-builtin -fno-pic -fno-stack-protector \
        -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident -fcf-protection=none \
        -nostdlib -static -no-pie -s -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,norelro -Wl,-z,noseparate-code \
        -o "$tmp" "$src/${helper#*:}" || { rm -f "$tmp"; exit 1; }
    mv -f "$tmp" "$out/$name"
done
