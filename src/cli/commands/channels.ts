import type { Command } from "commander";
import type { CliIO } from "../io.ts";

/** Registers `spreekuur channels ...` (poll, list). Filled in by the channels work. */
export function registerChannelsCommand(_program: Command, _io: CliIO): void {}
