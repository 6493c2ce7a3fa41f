// Where a preview runs: the live host, or a simulated profile (names from the API).
import { useEffect } from "react";
import { useQuery } from "@tanstack/react-query";
import { get } from "../api/client.ts";
import type { ProfilesRead } from "../api/types.ts";

export type SnapshotChoice = { kind: "live" } | { kind: "simulated"; profile: string };

export function snapshotValue(choice: string): SnapshotChoice {
  return choice === "live" ? { kind: "live" } : { kind: "simulated", profile: choice };
}

export function SnapshotPicker({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const profiles = useQuery({ queryKey: ["simulation-profiles"], queryFn: ({ signal }) => get<ProfilesRead>("/simulations/profiles", signal) });
  // Nothing chosen yet: the API's first profile.
  const first = profiles.data?.profiles[0]?.name;
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);
  return (
    <label className="field inline" htmlFor={id}>
      Snapshot
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {profiles.data?.profiles.map((profile) => (
          <option key={profile.name} value={profile.name}>
            simulated: {profile.name}
          </option>
        ))}
        <option value="live">this host (live)</option>
      </select>
    </label>
  );
}
