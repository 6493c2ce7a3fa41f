import type { Role } from "../api/types.ts";

/** The roles, lowest first (the API's `Role`). */
export const ROLES: Role[] = ["viewer", "operator", "admin"];
