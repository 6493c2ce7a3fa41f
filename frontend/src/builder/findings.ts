// Pins validation findings on the builder's nodes: a finding's YAML path names its component.
import type { IssueRead, ValidationRead } from "../api/types.ts";
import { SECTION, type BuilderNode } from "./graphModel.ts";

export interface PinnedFinding extends IssueRead {
  /** The first key inside the component's config the finding is about, if any. */
  field: string | null;
}

export interface PinnedFindings {
  byNode: Map<string, PinnedFinding[]>;
  unpinned: IssueRead[];
}

function fieldAfter(path: string, prefix: string): string | null | undefined {
  if (path === prefix) return null;
  const rest = path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path.startsWith(`${prefix}[`) ? "" : undefined;
  if (rest === undefined) return undefined;
  return rest.split(/[.[]/)[0] || null;
}

export function pinFindings(validation: ValidationRead | null | undefined, nodes: BuilderNode[]): PinnedFindings {
  const byNode = new Map<string, PinnedFinding[]>();
  const unpinned: IssueRead[] = [];
  // Longest ids first, so `filter/drop` wins over `filter` for a path under `processors.filter/drop`.
  const candidates = [...nodes].sort((a, b) => b.id.length - a.id.length);
  for (const issue of [...(validation?.errors ?? []), ...(validation?.warnings ?? [])]) {
    let pinned = false;
    for (const node of candidates) {
      const field = fieldAfter(issue.path, `${SECTION[node.kind]}.${node.id}`);
      if (field === undefined) continue;
      byNode.set(node.id, [...(byNode.get(node.id) ?? []), { ...issue, field }]);
      pinned = true;
      break;
    }
    if (!pinned) unpinned.push(issue);
  }
  return { byNode, unpinned };
}
