"""A variant's manifests as the files of one kustomization folder: one file per object plus `kustomization.yaml`.

Pure: objects in, `{file name: bytes}` out, the same bytes for the same objects, so a re-export
of unchanged manifests produces an identical git tree (and no commit). The kustomization lists
exactly the object files, in apply order; `kubectl apply -k <folder>` or an Argo CD / Flux
Kustomization pointed at the folder deploys the variant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from app.runtimes.kubernetes.naming import LABEL_VALUE
from app.runtimes.kubernetes.serialize import dump_object

KUSTOMIZATION = "kustomization.yaml"
ROOT_FOLDER = "phoenix"
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*$")


def variant_folder(experiment: str, variant: str) -> str:
    """`phoenix/<experiment>/<variant>`: where one variant's kustomization lives in the repository."""
    for what, value in (("experiment", experiment), ("variant", variant)):
        if (
            not value
            or len(value) > 63
            or not LABEL_VALUE.match(value)
            or not _SAFE_SEGMENT.match(value)
            or value in (".", "..")
        ):
            raise ValueError(f"{what} {value!r} cannot be a folder name")
    return f"{ROOT_FOLDER}/{experiment}/{variant}"


def _file_names(objects: Sequence[dict[str, Any]]) -> list[str]:
    """`<kind>.yaml` per object (lower case); `<kind>-<name>.yaml` when a kind occurs more than once."""
    kinds = [str(obj["kind"]).lower() for obj in objects]
    names = []
    for kind, obj in zip(kinds, objects, strict=True):
        name = f"{kind}.yaml" if kinds.count(kind) == 1 else f"{kind}-{obj['metadata']['name']}.yaml"
        if not _SAFE_SEGMENT.match(name) or name == KUSTOMIZATION or name in names:
            raise ValueError(f"cannot store object {kind}/{obj['metadata'].get('name')} as {name!r}")
        names.append(name)
    return names


def kustomization_files(objects: Sequence[dict[str, Any]], *, comment: str = "") -> dict[str, bytes]:
    """The folder's files: one YAML document per object, and `kustomization.yaml` listing them in order."""
    names = _file_names(objects)
    files = {name: dump_object(obj).encode("utf-8") for name, obj in zip(names, objects, strict=True)}
    header = "".join(f"# {line}\n" for line in comment.splitlines() if line.strip())
    kustomization = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": names}
    files[KUSTOMIZATION] = (header + dump_object(kustomization)).encode("utf-8")
    return dict(sorted(files.items()))
