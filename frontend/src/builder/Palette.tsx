// The components Phoenix knows (GET /pipelines/components), to drag onto the canvas or add by key.
import type { ComponentRead } from "../api/types.ts";

export const DRAG_TYPE = "application/x-phoenix-component";

const KIND_ORDER = ["receiver", "processor", "exporter", "connector", "extension"];

export function Palette({ components, onAdd }: { components: ComponentRead[]; onAdd: (component: ComponentRead) => void }) {
  const kinds = KIND_ORDER.filter((kind) => components.some((c) => c.kind === kind));
  return (
    <aside className="palette" aria-label="Component palette">
      {kinds.map((kind) => (
        <section key={kind}>
          <h3>{kind}s</h3>
          <ul>
            {components
              .filter((component) => component.kind === kind)
              .map((component) => (
                <li key={`${kind}:${component.type}`}>
                  <button
                    type="button"
                    className={`palette-item kind-${kind}`}
                    draggable
                    data-testid={`palette-${component.type}`}
                    title={`${component.description}\nDrag onto the canvas, or press Enter to add.`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ kind: component.kind, type: component.type }));
                      event.dataTransfer.effectAllowed = "move";
                    }}
                    onClick={() => onAdd(component)}
                  >
                    {component.type}
                  </button>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
