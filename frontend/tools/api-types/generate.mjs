// Writes the console's API types from an OpenAPI schema (JSON file) with openapi-typescript.
// Usage: node tools/api-types/generate.mjs [schema.json] [out.d.ts]
// Defaults: $OPENAPI_JSON or ./openapi.json, and src/api/schema.d.ts.
import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";

const input = process.argv[2] ?? process.env.OPENAPI_JSON ?? "openapi.json";
const output = process.argv[3] ?? "src/api/schema.d.ts";

const schema = JSON.parse(readFileSync(input, "utf8"));
const ast = await openapiTS(schema, { alphabetize: true });
const header =
  "// Generated from the Phoenix OpenAPI schema by tools/api-types/generate.mjs (npm run api-types).\n" +
  "// Do not edit: tests/frontend/test_api_types.py fails when this file and the API differ.\n\n";
writeFileSync(output, header + astToString(ast));
