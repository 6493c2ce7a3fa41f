// Whether the event stream is connected; queries of changing data poll only while it is not.
import { useSyncExternalStore } from "react";

export type LiveStatus = "connecting" | "live" | "polling";

let status: LiveStatus = "connecting";
const listeners = new Set<() => void>();

export function setLiveStatus(next: LiveStatus): void {
  if (next === status) return;
  status = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribe, () => status);
}

/** Poll interval while the stream is down. */
export const POLL_MS = 3000;
/** While the stream is up, a slow safety poll still catches what it does not carry. */
export const SAFETY_POLL_MS = 30_000;

/**
 * The refetch interval for data that changes by itself. `continuous` is for figures that change
 * without a stored change (a simulation's live process count), which the stream cannot announce.
 */
export function useRefetchInterval(continuous = false): number {
  const live = useLiveStatus() === "live";
  return continuous || !live ? POLL_MS : SAFETY_POLL_MS;
}
