// Defaults of request fields, read from the server's OpenAPI schema so the console shows the
// server's own defaults instead of copies of them.
import { useQuery } from "@tanstack/react-query";

type OpenApi = { components: { schemas: Record<string, { properties?: Record<string, { default?: unknown; description?: string }> }> } };

export function useSchemaDefaults(schemaName: string): Record<string, unknown> {
  const openapi = useQuery({
    queryKey: ["openapi"],
    queryFn: async () => {
      const response = await fetch("/openapi.json");
      if (!response.ok) throw new Error(`the API schema answered ${response.status}`);
      return (await response.json()) as OpenApi;
    },
    staleTime: Infinity,
  });
  const properties = openapi.data?.components.schemas[schemaName]?.properties ?? {};
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, property.default]));
}
