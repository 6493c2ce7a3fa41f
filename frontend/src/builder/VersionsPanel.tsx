// The versions of a saved pipeline and the YAML diff between any two of them.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { get } from "../api/client.ts";
import type { CustomPipelineRead, CustomPipelineVersionRead } from "../api/types.ts";
import { QueryView } from "../components/States.tsx";
import { dateTime } from "../format.ts";
import { lineDiff } from "./lineDiff.ts";

function useVersion(id: string, version: number) {
  return useQuery({
    queryKey: ["pipelines", id, "version", version],
    queryFn: ({ signal }) => get<CustomPipelineRead>(`/pipelines/${id}?version=${version}`, signal),
    enabled: version > 0,
    staleTime: Infinity, // a stored version never changes
  });
}

export function VersionsPanel({ pipeline }: { pipeline: CustomPipelineRead }) {
  const versions = useQuery({
    queryKey: ["pipelines", pipeline.id, "versions", pipeline.version],
    queryFn: ({ signal }) => get<CustomPipelineVersionRead[]>(`/pipelines/${pipeline.id}/versions`, signal),
  });
  const [from, setFrom] = useState(Math.max(1, pipeline.version - 1));
  const [to, setTo] = useState(pipeline.version);
  const before = useVersion(pipeline.id, from);
  const after = useVersion(pipeline.id, to);

  return (
    <QueryView query={versions} what="versions">
      {(list) => (
        <div className="versions">
          <ul className="small">
            {list.map((v) => (
              <li key={v.version}>
                v{v.version} by {v.created_by}, {dateTime(v.created_at)}
              </li>
            ))}
          </ul>
          {list.length > 1 && (
            <>
              <div className="row">
                <VersionSelect label="From" value={from} versions={list} onChange={setFrom} />
                <VersionSelect label="To" value={to} versions={list} onChange={setTo} />
              </div>
              {before.data && after.data && (
                <pre className="diff" aria-label={`Diff v${from} to v${to}`}>
                  {lineDiff(before.data.config_yaml, after.data.config_yaml).map((line, index) => (
                    <div key={index} className={`diff-${line.op}`}>
                      {line.op === "added" ? "+ " : line.op === "removed" ? "- " : "  "}
                      {line.text}
                    </div>
                  ))}
                </pre>
              )}
            </>
          )}
        </div>
      )}
    </QueryView>
  );
}

function VersionSelect({ label, value, versions, onChange }: { label: string; value: number; versions: CustomPipelineVersionRead[]; onChange: (v: number) => void }) {
  return (
    <label className="field inline">
      {label}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
          </option>
        ))}
      </select>
    </label>
  );
}
