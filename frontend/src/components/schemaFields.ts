// Reads a component's or template's JSON schema (as pydantic writes it) into form fields.

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  title?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
};

export type FieldKind = "string" | "number" | "integer" | "boolean" | "enum" | "structured";

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: string[];
  minimum?: number;
  maximum?: number;
  defaultValue?: unknown;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop() ?? "";
    return resolve(root.$defs?.[name] ?? {}, root);
  }
  // `X | None` is anyOf [X, null]: the field is X, optional.
  const variants = (schema.anyOf ?? schema.oneOf)?.filter((variant) => variant.type !== "null");
  if (variants && variants.length === 1) return { ...schema, ...resolve(variants[0]!, root), anyOf: undefined, oneOf: undefined };
  return schema;
}

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum && schema.enum.every((value) => typeof value === "string")) return "enum";
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "string" || type === "number" || type === "integer" || type === "boolean") return type;
  return "structured";
}

export function fieldsOf(schema: JsonSchema): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, raw]) => {
    const field = resolve(raw, schema);
    return {
      name,
      label: field.title ?? raw.title ?? name,
      kind: kindOf(field),
      required: required.has(name),
      description: field.description ?? raw.description,
      options: field.enum?.map(String),
      minimum: field.minimum ?? field.exclusiveMinimum,
      maximum: field.maximum ?? field.exclusiveMaximum,
      defaultValue: raw.default ?? field.default,
    };
  });
}

/** Client-side checks before the server validates: required, numbers, bounds. */
export function fieldError(field: FieldSpec, value: unknown): string | null {
  const empty = value === undefined || value === null || value === "";
  if (empty) return field.required ? "Required." : null;
  if (field.kind === "number" || field.kind === "integer") {
    if (typeof value !== "number" || Number.isNaN(value)) return "Enter a number.";
    if (field.kind === "integer" && !Number.isInteger(value)) return "Enter a whole number.";
    if (field.minimum !== undefined && value < field.minimum) return `At least ${field.minimum}.`;
    if (field.maximum !== undefined && value > field.maximum) return `At most ${field.maximum}.`;
  }
  return null;
}
