/**
 * JSON-lines streaming for CLI contracts (`guard`, `triage`): reads stdin line by line (a huge
 * input is never buffered whole), answers each line with exactly one output line, and turns a bad
 * line into `{"id": …, "error": {"code", "message"}}` without stopping the stream.
 */
import { createInterface } from "node:readline";
import type { CliIO } from "./io.ts";

export interface LineError {
  code: "invalid_json" | "invalid_input";
  message: string;
}

export class LineInputError extends Error {
  constructor(readonly code: LineError["code"], message: string) {
    super(message);
  }
}

/** Calls `handle` for every non-empty line; returns how many lines failed. */
export async function processJsonLines(io: CliIO, handle: (value: Record<string, unknown>) => unknown): Promise<{ lines: number; errors: number }> {
  const reader = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lines = 0;
  let errors = 0;
  for await (const line of reader) {
    if (!line.trim()) {
      continue;
    }
    lines++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors++;
      write(io, { id: null, error: { code: "invalid_json", message: `Regel ${lines} is geen geldige JSON: ${(error as Error).message}` } });
      continue;
    }
    const id = typeof value === "object" && value !== null && "id" in value ? (value as { id: unknown }).id : null;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors++;
      write(io, { id: null, error: { code: "invalid_input", message: `Regel ${lines} moet een JSON-object zijn.` } });
      continue;
    }
    try {
      write(io, handle(value as Record<string, unknown>));
    } catch (error) {
      errors++;
      const code = error instanceof LineInputError ? error.code : "invalid_input";
      write(io, { id: id ?? null, error: { code, message: (error as Error).message } });
    }
  }
  return { lines, errors };
}

function write(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Validates the common `{"id", "text"}` input shape. */
export function requireText(value: Record<string, unknown>, field = "text"): string {
  const text = value[field];
  if (typeof text !== "string") {
    throw new LineInputError("invalid_input", `Het veld "${field}" ontbreekt of is geen tekst.`);
  }
  return text;
}
