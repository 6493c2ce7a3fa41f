import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { ApiError } from "../api/client.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";

describe("ErrorMessage", () => {
  it("shows the envelope's message, code and field details", () => {
    const error = new ApiError(422, "validation_error", "request is invalid", [{ path: "body.name", message: "not a DNS label" }]);
    render(<ErrorMessage error={error} title="Not created" />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("request is invalid");
    expect(alert.textContent).toContain("validation_error");
    expect(alert.textContent).toContain("body.name: not a DNS label");
  });

  it("renders nothing without an error", () => {
    const { container } = render(<ErrorMessage error={null} />);
    expect(container.innerHTML).toBe("");
  });
});
