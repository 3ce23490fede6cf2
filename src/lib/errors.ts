/**
 * Typed application errors with stable codes.
 *
 * Domain functions throw `AppError`; the HTTP layer turns it into an RFC 9457 problem+json
 * response and the CLI into a message plus a non-zero exit code. The code is part of the public
 * contract (clients may branch on it); the message is for humans and may change.
 */

export const ErrorCodes = {
  /** Request body, query or arguments do not match the schema. */
  validation: { status: 400, title: "Invalid input" },
  /** Body is not valid JSON. */
  malformed_json: { status: 400, title: "Malformed JSON" },
  /** Body exceeds the configured limit. */
  payload_too_large: { status: 413, title: "Payload too large" },
  /** Unsupported Content-Type. */
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  /** No valid session. */
  unauthenticated: { status: 401, title: "Not signed in" },
  /** Wrong email/password or TOTP code. */
  invalid_credentials: { status: 401, title: "Invalid credentials" },
  /** Second factor required to finish signing in. */
  totp_required: { status: 401, title: "Two-factor code required" },
  /** Signed in, but the role does not allow this. */
  forbidden: { status: 403, title: "Forbidden" },
  /** Missing or wrong CSRF token on a state-changing request. */
  csrf: { status: 403, title: "CSRF check failed" },
  /** The thing does not exist, or belongs to another organisation (we never tell which). */
  not_found: { status: 404, title: "Not found" },
  /** Unique constraint or state conflict (e.g. email already in use, setup already done). */
  conflict: { status: 409, title: "Conflict" },
  /** Too many attempts. */
  rate_limited: { status: 429, title: "Too many requests" },
  /** The guard blocks this text and no valid override exists. */
  guard_blocked: { status: 422, title: "Blocked by the confidentiality guard" },
  /** A connected network refused or failed. */
  channel_error: { status: 502, title: "Network error" },
  /** The channel needs to be connected again (token revoked). */
  reconnect_needed: { status: 409, title: "Channel needs reconnecting" },
  /** Feature not configured on this installation (e.g. missing app keys). */
  not_configured: { status: 501, title: "Not configured" },
  /** Database or other dependency unavailable. */
  unavailable: { status: 503, title: "Service unavailable" },
  /** Anything unexpected. */
  internal: { status: 500, title: "Internal error" },
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ErrorDetail {
  /** JSON pointer-ish path of the offending field, e.g. "body.email". */
  path?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message?: string, options?: { details?: ErrorDetail[]; cause?: unknown }) {
    super(message ?? ErrorCodes[code].title, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ErrorCodes[code].status;
    this.details = options?.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You are not allowed to do this") => new AppError("forbidden", message);
export const conflict = (message: string) => new AppError("conflict", message);
export const validation = (message: string, details?: ErrorDetail[]) =>
  new AppError("validation", message, details ? { details } : undefined);
