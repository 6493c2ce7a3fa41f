// The what-if preview of the graph's config on a simulated or live snapshot.
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { post } from "../api/client.ts";
import type { PreviewRead } from "../api/types.ts";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { PreviewResult } from "../components/PreviewResult.tsx";
import { SnapshotPicker, snapshotValue } from "../components/SnapshotPicker.tsx";

export function PreviewPanel({ yaml }: { yaml: string | null }) {
  const [snapshot, setSnapshot] = useState(""); // the picker chooses the first profile
  const preview = useMutation({
    mutationFn: () => post<PreviewRead>("/pipelines/preview", { config_yaml: yaml, snapshot: snapshotValue(snapshot) }),
  });
  return (
    <section aria-label="What-if preview">
      <div className="row">
        <SnapshotPicker id="builder-snapshot" value={snapshot} onChange={setSnapshot} />
        <button type="button" className="primary" disabled={!yaml || !snapshot || preview.isPending} onClick={() => preview.mutate()}>
          {preview.isPending ? "Running…" : "Run preview"}
        </button>
      </div>
      <ErrorMessage error={preview.error} title="Preview failed" />
      {preview.data && <PreviewResult preview={preview.data} />}
    </section>
  );
}
