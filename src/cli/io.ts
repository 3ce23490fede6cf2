/** Streams a CLI command works with; tests pass their own. */
import type { Readable, Writable } from "node:stream";

export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export const processIO = (): CliIO => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });

/** Thrown by commands to end with a message and an exit code (never `process.exit` inside commands). */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = "CliExit";
  }
}
