// A form generated from a JSON schema: simple fields as inputs, nested ones as YAML text.
// Used for builder nodes (component schemas) and catalog templates (parameter schemas).
import { useEffect, useState } from "react";
import { parse, stringify } from "yaml";
import { fieldError, fieldsOf, type FieldSpec, type JsonSchema } from "./schemaFields.ts";

type Values = Record<string, unknown>;

interface Props {
  idPrefix: string;
  schema: JsonSchema;
  values: Values;
  onChange: (values: Values) => void;
  /** Errors from the server, by field name (e.g. validation findings pinned on this field). */
  serverErrors?: Record<string, string[]>;
  readOnly?: boolean;
}

export function SchemaForm({ idPrefix, schema, values, onChange, serverErrors = {}, readOnly }: Props) {
  const fields = fieldsOf(schema);
  if (fields.length === 0) return <p className="muted">No settings.</p>;
  const set = (name: string, value: unknown) => {
    const next = { ...values };
    if (value === undefined) delete next[name];
    else next[name] = value;
    onChange(next);
  };
  return (
    <div className="schema-form">
      {fields.map((field) => (
        <SchemaField
          key={field.name}
          id={`${idPrefix}-${field.name}`}
          field={field}
          value={values[field.name]}
          onChange={(value) => set(field.name, value)}
          serverErrors={serverErrors[field.name] ?? []}
          readOnly={readOnly}
        />
      ))}
    </div>
  );
}

interface FieldProps {
  id: string;
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  serverErrors: string[];
  readOnly?: boolean;
}

function SchemaField({ id, field, value, onChange, serverErrors, readOnly }: FieldProps) {
  const [localError, setLocalError] = useState<string | null>(null);
  const errors = [localError ?? fieldError(field, value), ...serverErrors].filter((e): e is string => Boolean(e));
  const describedBy = errors.length > 0 ? `${id}-error` : field.description ? `${id}-help` : undefined;
  const common = { id, "aria-invalid": errors.length > 0 || undefined, "aria-describedby": describedBy, disabled: readOnly };

  let input;
  if (field.kind === "boolean") {
    // Unset shows the schema's default, as the server will apply it.
    const checked = value === undefined ? field.defaultValue === true : value === true;
    input = <input type="checkbox" {...common} checked={checked} onChange={(e) => onChange(e.target.checked)} />;
  } else if (field.kind === "enum") {
    input = (
      <select {...common} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{field.required ? "Choose…" : "(default)"}</option>
        {field.options?.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  } else if (field.kind === "number" || field.kind === "integer") {
    input = (
      <input
        type="number"
        step={field.kind === "integer" ? 1 : "any"}
        {...common}
        value={typeof value === "number" ? value : ""}
        placeholder={field.defaultValue !== undefined && field.defaultValue !== null ? String(field.defaultValue) : undefined}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    );
  } else if (field.kind === "string") {
    input = (
      <input
        {...common}
        value={typeof value === "string" ? value : value === undefined || value === null ? "" : String(value)}
        placeholder={typeof field.defaultValue === "string" ? field.defaultValue : undefined}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      />
    );
  } else {
    input = <StructuredInput common={common} value={value} placeholder={field.defaultValue} onChange={onChange} onParseError={setLocalError} />;
  }

  if (field.kind === "boolean") {
    return (
      <div className="field">
        <label htmlFor={id} className="checkbox-label">
          {input} {field.label}
        </label>
        {errors.length > 0 ? (
          <small id={`${id}-error`} className="field-error">
            {errors.join(" ")}
          </small>
        ) : (
          field.description && (
            <small id={`${id}-help`} className="muted">
              {field.description}
            </small>
          )
        )}
      </div>
    );
  }

  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required && <span aria-hidden="true"> *</span>}
      </label>
      {input}
      {field.description && errors.length === 0 && (
        <small id={`${id}-help`} className="muted">
          {field.description}
        </small>
      )}
      {errors.length > 0 && (
        <small id={`${id}-error`} className="field-error">
          {errors.join(" ")}
        </small>
      )}
    </div>
  );
}

/** Lists and mappings are edited as YAML; the value changes only while the text parses. */
function StructuredInput({
  common,
  value,
  placeholder,
  onChange,
  onParseError,
}: {
  common: Record<string, unknown>;
  value: unknown;
  placeholder: unknown;
  onChange: (value: unknown) => void;
  onParseError: (message: string | null) => void;
}) {
  const asText = (v: unknown) => (v === undefined || v === null ? "" : stringify(v, { lineWidth: 0 }).trimEnd());
  const [text, setText] = useState(() => asText(value));
  const [lastValue, setLastValue] = useState(value);
  useEffect(() => {
    // The value changed from outside (undo, YAML import): show it.
    if (value !== lastValue) {
      setText(asText(value));
      setLastValue(value);
    }
  }, [value, lastValue]);
  return (
    <textarea
      {...common}
      className="code"
      rows={Math.min(10, Math.max(2, text.split("\n").length))}
      value={text}
      placeholder={asText(placeholder) || undefined}
      spellCheck={false}
      onChange={(e) => {
        setText(e.target.value);
        try {
          const parsed: unknown = e.target.value.trim() === "" ? undefined : parse(e.target.value);
          onParseError(null);
          setLastValue(parsed);
          onChange(parsed);
        } catch (err) {
          onParseError(`Not valid YAML: ${(err as Error).message.split("\n")[0]}`);
        }
      }}
    />
  );
}
