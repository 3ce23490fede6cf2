/** `spreekuur migrate`: apply pending database migrations and exit. */
import type { Command } from "commander";
import { loadConfig } from "../../lib/config.ts";
import { openContext } from "../../server/start.ts";
import type { CliIO } from "../io.ts";

export function registerMigrateCommand(program: Command, io: CliIO): void {
  program
    .command("migrate")
    .description("Apply pending database migrations (PGlite in --data-dir, or DATABASE_URL) and exit.")
    .option("-d, --data-dir <dir>", "data directory of the embedded database (env DATA_DIR, default ./data)")
    .action(async (opts: { dataDir?: string }) => {
      const { database, where } = await openContext(loadConfig(process.env, dataDirOverride(opts.dataDir)));
      await database.close();
      io.stdout.write(`Database bijgewerkt: ${where}\n`);
    });
}

export function dataDirOverride(dataDir: string | undefined) {
  return dataDir === undefined
    ? {}
    : { dataDir, keyFile: process.env.SPREEKUUR_KEY_FILE ?? `${dataDir}/secret.key` };
}
