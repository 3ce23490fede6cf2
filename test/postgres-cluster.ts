/**
 * A throw-away PostgreSQL cluster for tests: initdb into a temp directory, start it on a free
 * loopback port with trust authentication, stop and delete it afterwards. When the process runs
 * as root, the server runs as the `postgres` system user (PostgreSQL refuses to run as root).
 *
 * Set TEST_DATABASE_URL to use an existing server instead.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningCluster {
  url: string;
  stop(): void;
}

function findPgBin(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) {
    candidates.push(process.env.PG_BIN);
  }
  if (existsSync("/usr/lib/postgresql")) {
    const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  for (const dir of candidates) {
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) {
      return dir;
    }
  }
  throw new Error(
    "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and $PG_BIN). Install the Debian package `postgresql`, or set TEST_DATABASE_URL.",
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresCluster(): Promise<RunningCluster> {
  const bin = findPgBin();
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "spreekuur-pg-"));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, "data");
  const port = await freePort();
  const run = (cmd: string, args: string[]) => {
    const full = isRoot ? ["runuser", "-u", "postgres", "--", join(bin, cmd), ...args] : [join(bin, cmd), ...args];
    const [exe, ...rest] = full as [string, ...string[]];
    execFileSync(exe, rest, { stdio: "pipe" });
  };
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  run("pg_ctl", [
    "-D",
    dataDir,
    "-l",
    join(dir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      const args = ["-D", dataDir, "-m", "fast", "-w", "stop"];
      const full = isRoot ? ["runuser", "-u", "postgres", "--", join(bin, "pg_ctl"), ...args] : [join(bin, "pg_ctl"), ...args];
      const [exe, ...rest] = full as [string, ...string[]];
      spawnSync(exe, rest, { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
