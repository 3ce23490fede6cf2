import type { Command } from "commander";
import type { CliIO } from "../io.ts";

/** Registers `spreekuur guard`. Filled in by the guard work. */
export function registerGuardCommand(_program: Command, _io: CliIO): void {}
