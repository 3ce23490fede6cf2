/** `spreekuur migrate`: apply pending database migrations and exit. */
import type { Command } from "commander";
import type { AppConfig } from "../../lib/config.ts";
import type { CliIO } from "../io.ts";

export function registerMigrateCommand(program: Command, io: CliIO): void {
  program
    .command("migrate")
    .description("Apply pending database migrations (PGlite in --data-dir, or DATABASE_URL) and exit.")
    .option("-d, --data-dir <dir>", "data directory of the embedded database (env DATA_DIR, default ./data)")
    .action(async (opts: { dataDir?: string }) => {
      const { database, where } = await openContextFor(dataDirOverride(opts.dataDir));
      await database.close();
      io.stdout.write(`Database bijgewerkt: ${where}\n`);
    });
}

export function dataDirOverride(dataDir: string | undefined) {
  return dataDir === undefined
    ? {}
    : { dataDir, keyFile: process.env.SPREEKUUR_KEY_FILE ?? `${dataDir}/secret.key` };
}

/**
 * Loads the configuration and opens the database. The store modules are imported here, on use,
 * so `--help` and commands that need no database start quickly.
 */
export async function openContextFor(overrides: Partial<AppConfig>) {
  const [{ loadConfig }, { openContext }] = await Promise.all([import("../../lib/config.ts"), import("../../server/open-context.ts")]);
  return openContext(loadConfig(process.env, overrides));
}
