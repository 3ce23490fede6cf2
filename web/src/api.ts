/**
 * The web app's API client: JSON in and out, the CSRF token on state-changing requests, and
 * problem+json turned into `ApiError` with the server's stable `code`.
 * Feature folders reuse `apiGet`, `apiSend` and `useMe` (names are stable).
 */
import { createContext, useContext } from "react";

export interface Me {
  user: { id: string; email: string; displayName: string; locale: "nl" | "en"; totpEnabled: boolean };
  organisation: { id: string; name: string; slug: string; isDemo: boolean };
  role: "admin" | "webcare" | "reviewer" | "trainee";
  memberships: { orgId: string; orgName: string; role: Me["role"] }[];
  csrfToken: string;
  abilities: {
    manageMembers: boolean;
    editOrganisation: boolean;
    viewAudit: boolean;
    manageChannels: boolean;
    overrideGuard: boolean;
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable code from the server (`validation`, `csrf`, ...) or `network`. */
    readonly code: string,
    message: string,
    readonly errors: { path?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let csrfToken: string | undefined;
/** Called whenever a `Me` document arrives. */
export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
  }
  if (method !== "GET" && csrfToken) {
    headers["x-csrf-token"] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(0, "network", (error as Error).message);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const problem = (json ?? {}) as { code?: string; detail?: string; errors?: { path?: string; message: string }[] };
    throw new ApiError(response.status, problem.code ?? "generic", problem.detail ?? response.statusText, problem.errors ?? []);
  }
  const maybeMe = json as { csrfToken?: unknown } | undefined;
  if (maybeMe && typeof maybeMe.csrfToken === "string") {
    rememberCsrfToken(maybeMe.csrfToken);
  }
  return json as T;
}

export function apiGet<T>(url: string): Promise<T> {
  return request<T>("GET", url);
}

export function apiSend<T>(method: "POST" | "PATCH" | "PUT" | "DELETE", url: string, body?: unknown): Promise<T> {
  return request<T>(method, url, body);
}

export interface MeState {
  me: Me;
  /** Replace the signed-in state (after switching organisation, changing the language, ...). */
  setMe: (me: Me | null) => void;
}

export const MeContext = createContext<MeState | null>(null);

/** The signed-in user, organisation, role and abilities. Only inside the signed-in shell. */
export function useMe(): MeState {
  const value = useContext(MeContext);
  if (!value) {
    throw new Error("useMe outside the signed-in app");
  }
  return value;
}
