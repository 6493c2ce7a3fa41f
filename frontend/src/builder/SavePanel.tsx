// Save the graph as a custom pipeline (a new one, or the next version of the loaded one).
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { post, put } from "../api/client.ts";
import type { CustomPipelineRead } from "../api/types.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { toApiGraph, type BuilderGraph } from "./graphModel.ts";

export function SavePanel({ graph, pipeline }: { graph: BuilderGraph; pipeline: CustomPipelineRead | undefined }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(pipeline?.name ?? "");
  const [description, setDescription] = useState(pipeline?.description ?? "");

  const save = useMutation({
    mutationFn: () =>
      pipeline
        ? put<CustomPipelineRead>(`/pipelines/${pipeline.id}`, { description, graph: toApiGraph(graph), version: pipeline.version })
        : post<CustomPipelineRead>("/pipelines", { name, description, graph: toApiGraph(graph) }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["pipelines"] });
      queryClient.setQueryData(["pipelines", saved.id, "latest"], saved);
      if (!pipeline) navigate(`/builder/${saved.id}`, { replace: true });
    },
  });

  return (
    <form
      className="save-panel"
      aria-label="Save pipeline"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <label className="field">
        Name
        <input value={name} required pattern="[a-z0-9]([-a-z0-9]*[a-z0-9])?" title="lower-case letters, digits and dashes" disabled={Boolean(pipeline)} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={save.isPending || graph.nodes.length === 0}>
        {save.isPending ? "Saving…" : pipeline ? `Save as version ${pipeline.version + 1}` : "Save pipeline"}
      </button>
      <ErrorMessage error={save.error} title="Not saved" />
      {save.isSuccess && (
        <p className="ok" role="status">
          Saved {save.data.name} version {save.data.version}.
        </p>
      )}
    </form>
  );
}
