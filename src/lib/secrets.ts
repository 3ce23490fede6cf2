/**
 * Encryption at rest for tokens, app secrets and TOTP seeds: AES-256-GCM with a random 96-bit IV
 * per value. The stored form is `v1.<iv>.<tag>.<ciphertext>` (base64url parts), so a key rotation
 * can introduce `v2` later without guessing.
 *
 * The key comes from SPREEKUUR_SECRET_KEY (32 bytes, base64) or from a key file that is created
 * with mode 0600 on first start.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { AppError } from "./errors.ts";

const VERSION = "v1";

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) {
      throw new AppError("validation", "The secret key must be exactly 32 bytes (base64 of 32 random bytes).");
    }
    this.#key = key;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
  }

  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split(".");
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      throw new AppError("internal", "Encrypted value has an unknown format");
    }
    const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw new AppError("internal", "Encrypted value could not be decrypted (wrong key?)", { cause });
    }
  }

  /** Encrypts when a value is present, keeps null/undefined as null. */
  encryptOptional(plaintext: string | null | undefined): string | null {
    return plaintext == null ? null : this.encrypt(plaintext);
  }

  decryptOptional(stored: string | null | undefined): string | null {
    return stored == null ? null : this.decrypt(stored);
  }
}

/** Parses a base64 key; throws a clear error when it is not 32 bytes. */
export function parseKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), "base64");
  if (key.length !== 32) {
    throw new AppError("validation", "SPREEKUUR_SECRET_KEY must be base64 of exactly 32 bytes (try: openssl rand -base64 32)");
  }
  return key;
}

/** Reads the key file, creating it (0600) with a fresh random key when it does not exist. */
export function loadOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) {
    return parseKey(readFileSync(path, "utf8"));
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  return key;
}
