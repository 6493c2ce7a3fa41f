"""The GitOps runtime: a variant's manifests committed to a git repository as a kustomization instead of applied."""
