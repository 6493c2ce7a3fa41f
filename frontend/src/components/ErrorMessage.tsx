// The one display of an API error (its envelope's message, code and field details).
import { ApiError } from "../api/client.ts";

interface FieldDetail {
  path?: string;
  loc?: unknown[];
  message?: string;
  msg?: string;
}

function detailLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.slice(0, 8).map((item: FieldDetail) => {
    const where = item.path ?? (Array.isArray(item.loc) ? item.loc.join(".") : "");
    const what = item.message ?? item.msg ?? JSON.stringify(item);
    return where ? `${where}: ${what}` : what;
  });
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const lines = error instanceof ApiError ? detailLines(error.details) : [];
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="error" role="alert">
      <strong>{title ?? "Error"}:</strong> {errorText(error)}
      {code && <code className="error-code">{code}</code>}
      {lines.length > 0 && (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
