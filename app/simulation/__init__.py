"""Process load simulation: the load profiles and the real process populations made from them.

`profiles` defines the profiles once, as data; `population` turns a profile and a seed into the
processes alive at any instant. The engine's synthetic snapshots read that population; the
simulator (`service` -> `runner` -> `spawner`, with the tiny executables of `helper`) replays the
very same population with real, cheap, capped OS processes, so a live run and its synthetic twin
agree. `router` serves it under /api/v1/simulations, `standalone` runs one in the foreground
(`phoenix simulate`), and `manifests` builds the Kubernetes Job/DaemonSet that runs it on nodes.
"""
