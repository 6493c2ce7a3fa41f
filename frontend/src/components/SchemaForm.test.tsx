import { describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent } from "@testing-library/react";
import { SchemaForm } from "./SchemaForm.tsx";
import type { JsonSchema } from "./schemaFields.ts";

const SCHEMA: JsonSchema = {
  properties: {
    timeout: { type: "string", title: "Timeout", default: "200ms" },
    send_batch_size: { anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }], title: "Send Batch Size" },
    error_mode: { enum: ["ignore", "propagate"], type: "string", title: "Error Mode" },
    enabled: { type: "boolean", title: "Enabled", default: true },
    keys: { type: "array", items: { type: "string" }, title: "Keys" },
    endpoint: { type: "string", title: "Endpoint" },
  },
  required: ["endpoint"],
};

describe("SchemaForm", () => {
  it("renders a labelled input per field, from the schema", () => {
    render(<SchemaForm idPrefix="t" schema={SCHEMA} values={{}} onChange={() => {}} />);
    expect(screen.getByLabelText("Timeout")).toHaveProperty("placeholder", "200ms");
    expect(screen.getByLabelText("Send Batch Size")).toHaveProperty("type", "number");
    expect(screen.getByLabelText("Error Mode").tagName).toBe("SELECT");
    expect(screen.getByLabelText("Enabled")).toHaveProperty("checked", true);
    expect(screen.getByLabelText("Keys").tagName).toBe("TEXTAREA");
  });

  it("shows client-side and server errors inline", () => {
    render(<SchemaForm idPrefix="t" schema={SCHEMA} values={{ send_batch_size: 0 }} serverErrors={{ timeout: ["invalid duration (schema.invalid_value)"] }} onChange={() => {}} />);
    expect(screen.getByText("Required.")).toBeTruthy();
    expect(screen.getByText("At least 1.")).toBeTruthy();
    expect(screen.getByLabelText("Timeout").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("invalid duration (schema.invalid_value)")).toBeTruthy();
  });

  it("reports typed values and parses nested fields as YAML", () => {
    const onChange = vi.fn();
    render(<SchemaForm idPrefix="t" schema={SCHEMA} values={{}} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText("Send Batch Size"), { target: { value: "512" } });
    expect(onChange).toHaveBeenLastCalledWith({ send_batch_size: 512 });
    fireEvent.change(screen.getByLabelText("Keys"), { target: { value: "- host.name\n- pid" } });
    expect(onChange).toHaveBeenLastCalledWith({ keys: ["host.name", "pid"] });
  });
});
