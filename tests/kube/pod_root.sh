#!/bin/sh
# The filesystem of one pod of the test kubelet (tests/kube/kubelet.py), run inside a private mount
# namespace (`unshare --mount --propagation private`), so nothing here is visible outside it.
#
#   pod_root.sh ROOT SOURCE:TARGET:MODE... -- PROGRAM ARGS...
#
# ROOT (an empty directory) becomes a tmpfs holding the host's top-level directories (bind mounts:
# the container shares the host's programs, as the image stands in for them) plus each volume mount
# of the container: SOURCE (a ConfigMap written to a directory, a hostPath) at TARGET, read-only
# when MODE is `ro`. Then PROGRAM runs with ROOT as its `/`. A collector pod thus finds its config in
# /conf and the node's `/` read-only at /hostfs, where the DaemonSet's volumes put them.
set -eu
container_path=${PATH:-/usr/bin:/bin}
PATH=/usr/sbin:/usr/bin:/sbin:/bin  # this script's own tools, whatever the container's PATH is
chroot=$(command -v chroot)
root=$1
shift
mount -t tmpfs -o mode=0755 phoenix-pod "$root"
for entry in /*; do
  name=${entry#/}
  if [ -L "$entry" ]; then
    ln -s "$(readlink "$entry")" "$root/$name"
  elif [ -d "$entry" ]; then
    mkdir "$root/$name"
    mount --rbind "$entry" "$root/$name"
  fi
done
while [ "$1" != "--" ]; do
  source=${1%%:*}
  rest=${1#*:}
  target=${rest%:*}
  mode=${rest##*:}
  mkdir -p "$root$target"
  mount --rbind "$source" "$root$target"
  if [ "$mode" = ro ]; then
    mount -o remount,bind,ro "$root$target"
  fi
  shift
done
shift
export PATH="$container_path"
exec "$chroot" "$root" "$@"
