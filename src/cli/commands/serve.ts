/** `spreekuur serve`: migrate and run the web app + API (embedded PGlite unless DATABASE_URL is set). */
import type { Command } from "commander";
import type { CliIO } from "../io.ts";
import { parsePort } from "./options.ts";

export function registerServeCommand(program: Command, io: CliIO): void {
  program
    .command("serve")
    .description("Start Spreekuur (web app + API). Embedded database in --data-dir unless DATABASE_URL is set.")
    .option("-p, --port <port>", "port to listen on (env PORT, default 3000)", parsePort)
    .option("--host <host>", "address to listen on (env HOST, default 127.0.0.1)")
    .option("-d, --data-dir <dir>", "data directory for the embedded database and key file (env DATA_DIR, default ./data)")
    .option("--demo", "seed the demo organisation 'Huisartsenpraktijk De Linde (demo)' and print its accounts once")
    .option("--web-root <dir>", "folder with the built web app (default dist/web)")
    .action(async (opts: { port?: number; host?: string; dataDir?: string; demo?: boolean; webRoot?: string }) => {
      // The web server and everything behind it load only when serve runs.
      const [{ loadConfig }, { seedDemo }, { startApplication }] = await Promise.all([
        import("../../lib/config.ts"),
        import("../../organisations/seed-demo.ts"),
        import("../../server/start.ts"),
      ]);
      const config = loadConfig(process.env, {
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir, keyFile: process.env.SPREEKUUR_KEY_FILE ?? `${opts.dataDir}/secret.key` } : {}),
      });
      const running = await startApplication(config, opts.webRoot ? { webRoot: opts.webRoot } : {});
      if (opts.demo) {
        const demo = await seedDemo(running.ctx);
        if (demo) {
          io.stdout.write(`\nDemo-organisatie aangemaakt: ${demo.organisation}\nDeze wachtwoorden worden maar één keer getoond:\n`);
          for (const account of demo.accounts) {
            io.stdout.write(`  ${account.role.padEnd(9)} ${account.email}  ${account.password}\n`);
          }
          io.stdout.write("\n");
        }
      }
      io.stdout.write(`Spreekuur draait op ${running.url} (database: ${running.where}). Stoppen met Ctrl+C.\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          io.stdout.write(`Spreekuur stopt (${signal})...\n`);
          running.close().then(resolve, (error: unknown) => {
            io.stderr.write(`spreekuur: error while stopping: ${(error as Error).message}\n`);
            resolve();
          });
        };
        process.once("SIGINT", () => stop("SIGINT"));
        process.once("SIGTERM", () => stop("SIGTERM"));
      });
    });
}
