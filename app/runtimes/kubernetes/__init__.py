"""The Kubernetes runtime: manifests for a pipeline variant and the PhoenixProcessPipeline CRD.

`manifests.build_variant_manifests` turns a rendered collector config into the objects that run
it (pure functions, no cluster); `crd` loads the CRD shipped in `deploy/kubernetes/crds/` and
validates custom resources against its schema. `runtime.KubernetesRuntime` applies one custom
resource per variant through kubernetes_asyncio, and `operator.PipelineOperator` (an asyncio task
on the leader replica) reconciles each resource into its ConfigMap, DaemonSet and Service.
"""
