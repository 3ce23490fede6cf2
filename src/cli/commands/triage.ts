import type { Command } from "commander";
import type { CliIO } from "../io.ts";

/** Registers `spreekuur triage`. Filled in by the triage work. */
export function registerTriageCommand(_program: Command, _io: CliIO): void {}
