// How a variant's source (a template with parameters, or a saved pipeline) reads in one line.

export function describeSource(source: { [key: string]: unknown } | null | undefined): string {
  if (!source) return "—";
  if (typeof source.template === "string") {
    const parameters = source.parameters as Record<string, unknown> | undefined;
    const count = parameters ? Object.keys(parameters).length : 0;
    return count > 0 ? `${source.template} (${count} parameter${count === 1 ? "" : "s"})` : source.template;
  }
  if (typeof source.pipeline_id === "string") {
    const version = typeof source.version === "number" ? ` v${source.version}` : "";
    const name = typeof source.name === "string" ? source.name : source.pipeline_id;
    return `pipeline ${name}${version}`;
  }
  return JSON.stringify(source);
}
