// Where a component added without a drop (keyboard, click) goes on the canvas.
import type { Kind } from "./graphModel.ts";

const COLUMN: Record<Kind, number> = { receiver: 0, extension: 0, processor: 1, connector: 1, exporter: 2 };

/** Where a component added without a drop goes: its kind's column, below what is already there. */
export function freeSpot(nodes: { position: { x: number; y: number } }[], kind: Kind) {
  const x = COLUMN[kind] * 260;
  const below = nodes.filter((n) => Math.abs(n.position.x - x) < 130).map((n) => n.position.y + 100);
  return { x, y: Math.max(0, ...below) };
}
