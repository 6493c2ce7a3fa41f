// Vitest setup: unmount what each test rendered (Testing Library cleans up itself only with globals).
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

afterEach(cleanup);
