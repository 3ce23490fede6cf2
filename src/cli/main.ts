/**
 * The `spreekuur` command. Each subcommand lives in src/cli/commands/ and registers itself on the
 * program; `main` returns the exit code instead of calling process.exit, so tests can run it.
 */
import { Command, CommanderError } from "commander";
import { isAppError } from "../lib/errors.ts";
import { registerChannelsCommand } from "./commands/channels.ts";
import { registerGuardCommand } from "./commands/guard.ts";
import { registerMigrateCommand } from "./commands/migrate.ts";
import { registerOrgCommand } from "./commands/org.ts";
import { registerServeCommand } from "./commands/serve.ts";
import { registerUserCommand } from "./commands/user.ts";
import { registerTriageCommand } from "./commands/triage.ts";
import { CliExit, type CliIO, processIO } from "./io.ts";

export function buildProgram(io: CliIO): Command {
  const program = new Command("spreekuur")
    .description("Spreekuur – social media for Dutch care providers, with a medical-secrecy guard")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError();
  registerServeCommand(program, io);
  registerMigrateCommand(program, io);
  registerOrgCommand(program, io);
  registerUserCommand(program, io);
  registerGuardCommand(program, io);
  registerTriageCommand(program, io);
  registerChannelsCommand(program, io);
  return program;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return error.exitCode;
    }
    if (error instanceof CliExit) {
      if (error.message) {
        io.stderr.write(`spreekuur: ${error.message}\n`);
      }
      return error.exitCode;
    }
    if (isAppError(error)) {
      io.stderr.write(`spreekuur: ${error.message}\n`);
      return error.status >= 500 ? 3 : 2;
    }
    io.stderr.write(`spreekuur: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
