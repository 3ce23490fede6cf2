/** Encrypting and decrypting channel credentials (AES-256-GCM through ctx.secrets). */
import { eq } from "drizzle-orm";
import type { SecretBox } from "../../lib/secrets.ts";
import type { DbOrTx } from "../../store/db.ts";
import { channelCredentials } from "../../store/schema.ts";
import type { ChannelCredentials } from "../contract.ts";

type CredentialsRow = typeof channelCredentials.$inferSelect;

export function decryptCredentials(secrets: SecretBox, row: CredentialsRow | undefined): ChannelCredentials {
  if (!row) {
    return {};
  }
  return {
    accessToken: secrets.decryptOptional(row.accessTokenEnc) ?? undefined,
    refreshToken: secrets.decryptOptional(row.refreshTokenEnc) ?? undefined,
    secret: secrets.decryptOptional(row.secretEnc) ?? undefined,
    scope: row.scope ?? undefined,
    expiresAt: row.expiresAt ?? undefined,
  };
}

/** Inserts or replaces the encrypted credentials of a channel. */
export async function saveCredentials(db: DbOrTx, secrets: SecretBox, channelId: string, credentials: ChannelCredentials, now: Date): Promise<void> {
  const values = {
    accessTokenEnc: secrets.encryptOptional(credentials.accessToken),
    refreshTokenEnc: secrets.encryptOptional(credentials.refreshToken),
    secretEnc: secrets.encryptOptional(credentials.secret),
    scope: credentials.scope ?? null,
    expiresAt: credentials.expiresAt ?? null,
    updatedAt: now,
  };
  await db
    .insert(channelCredentials)
    .values({ channelId, ...values })
    .onConflictDoUpdate({ target: channelCredentials.channelId, set: values });
}

export async function deleteCredentials(db: DbOrTx, channelId: string): Promise<void> {
  await db.delete(channelCredentials).where(eq(channelCredentials.channelId, channelId));
}
