/**
 * Configuration from the environment, validated once at boot. A wrong value stops the process
 * with one clear line instead of failing later. Adapters validate their own keys (see
 * src/channels/<network>/env.ts) so a missing key only switches that network off.
 */
import { z } from "zod";
import { AppError } from "./errors.ts";

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** Base64 of 32 random bytes. When absent, a key file in the data directory is used (created on first start). */
  SPREEKUUR_SECRET_KEY: z.string().optional(),
  SPREEKUUR_KEY_FILE: z.string().optional(),
  /** Public base URL, used for OAuth redirect URIs and secure cookies (https → Secure cookie). */
  PUBLIC_URL: z.string().url().optional(),
  /** SMTP connection string for mail (notifications, digests); optional. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Spreekuur <spreekuur@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Maximum request body in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(12),
  /**
   * Hosts on private/loopback addresses that outbound HTTP may reach anyway: a comma list, or `*`.
   * Off by default (SSRF guard); tests and local test networks set it.
   */
  SPREEKUUR_ALLOW_PRIVATE_HOSTS: z.string().optional(),
  /** Minutes between background polling rounds of all channels (pg-boss cron); 0 = off. */
  SPREEKUUR_POLL_MINUTES: z.coerce.number().int().min(0).max(59).default(5),
});

export type AppConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  keyFile: string;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  bodyLimit: number;
  sessionTtlHours: number;
  allowPrivateHosts: string[] | "all";
  pollMinutes: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw new AppError(
      "validation",
      `Invalid configuration: ${details.map((d) => `${d.path} ${d.message}`).join("; ")}`,
      { details },
    );
  }
  const e = parsed.data;
  const port = overrides.port ?? e.PORT;
  const dataDir = overrides.dataDir ?? e.DATA_DIR;
  return {
    port,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    secretKey: e.SPREEKUUR_SECRET_KEY,
    keyFile: e.SPREEKUUR_KEY_FILE ?? `${dataDir}/secret.key`,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    allowPrivateHosts: parseHostList(e.SPREEKUUR_ALLOW_PRIVATE_HOSTS),
    pollMinutes: e.SPREEKUUR_POLL_MINUTES,
    ...overrides,
  };
}

function parseHostList(value: string | undefined): string[] | "all" {
  if (value?.trim() === "*") {
    return "all";
  }
  return (value ?? "")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}
