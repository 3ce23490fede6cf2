/**
 * What domain functions get handed: the database, configuration, the secret box and a clock.
 * Passing it explicitly (instead of importing singletons) keeps domain functions testable and
 * lets server, worker and CLI share them.
 */
import type { Db } from "../store/db.ts";
import type { AppConfig } from "./config.ts";
import type { SecretBox } from "./secrets.ts";

export interface AppContext {
  db: Db;
  config: AppConfig;
  secrets: SecretBox;
  /** Injected clock, so tests can move time (token expiry, schedules). */
  now: () => Date;
}

/** Who is acting: a signed-in user, the CLI, or the system (jobs). Used for authorisation and audit. */
export type Actor =
  | { kind: "user"; userId: string; label: string; ip?: string | undefined }
  | { kind: "cli"; label: string }
  | { kind: "system"; label: string };
