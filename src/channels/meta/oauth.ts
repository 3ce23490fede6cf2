/**
 * Facebook Login (OAuth 2 authorisation code, no PKCE; the core keeps the state): the dialog URL,
 * code → short-lived user token → long-lived user token (`fb_exchange_token`), then the pages the
 * user manages from `GET /me/accounts` (paged). Page tokens obtained with a long-lived user token
 * do not expire, so the channels keep the page token as access token and the long-lived user token
 * (valid about 60 days) only to revoke the app's permissions on disconnect.
 */
import { type ChannelCredentials, ChannelError, type HttpClient } from "../contract.ts";
import { GraphClient, type GraphPage, metaAppKeys } from "./graph.ts";

const MAX_ACCOUNT_PAGES = 10;

export interface ManagedPage {
  id: string;
  name: string;
  access_token?: string;
  tasks?: string[];
  instagram_business_account?: { id: string; username?: string; name?: string };
}

export function facebookLoginUrl(input: { app: Record<string, string>; state: string; redirectUri: string; scopes: string[] }): string {
  const keys = metaAppKeys(input.app);
  const url = new URL(keys.oauthUrl);
  url.searchParams.set("client_id", keys.appId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", input.scopes.join(","));
  return url.toString();
}

/** Exchanges the code and lists the managed pages (with the fields asked for). */
export async function exchangeCodeForPages(input: {
  code: string;
  redirectUri: string;
  app: Record<string, string>;
  http: HttpClient;
  label: string;
  fields: string;
}): Promise<{ userToken: string; pages: ManagedPage[] }> {
  const keys = metaAppKeys(input.app);
  const anonymous = new GraphClient(input.http, keys.graphUrl, "", input.label);
  const short = await anonymous.get<{ access_token?: string }>("code inwisselen", "/oauth/access_token", {
    client_id: keys.appId,
    client_secret: keys.appSecret,
    redirect_uri: input.redirectUri,
    code: input.code,
  });
  if (!short.access_token) {
    throw new ChannelError("rejected", `${input.label}: geen toegangstoken ontvangen`);
  }
  const long = await anonymous.get<{ access_token?: string }>("langlevend token ophalen", "/oauth/access_token", {
    grant_type: "fb_exchange_token",
    client_id: keys.appId,
    client_secret: keys.appSecret,
    fb_exchange_token: short.access_token,
  });
  if (!long.access_token) {
    throw new ChannelError("rejected", `${input.label}: geen langlevend toegangstoken ontvangen`);
  }
  const user = new GraphClient(input.http, keys.graphUrl, long.access_token, input.label);
  const pages: ManagedPage[] = [];
  let next: string | undefined = "/me/accounts";
  let query: Record<string, string> | undefined = { fields: input.fields, limit: "25" };
  for (let i = 0; next && i < MAX_ACCOUNT_PAGES; i++) {
    const body: GraphPage<ManagedPage> = await user.get<GraphPage<ManagedPage>>("pagina's ophalen", next, query);
    pages.push(...(body.data ?? []));
    next = body.paging?.next;
    query = undefined;
  }
  return { userToken: long.access_token, pages };
}

/**
 * The grant that revoking ends. `DELETE /me/permissions` removes the app for the whole Facebook
 * user, not for one token, and channels from separate logins carry different tokens; so every
 * Meta channel (Facebook page or Instagram account) counts as one grant, and the app's permissions
 * are only removed when the last of them is disconnected.
 */
export function metaGrantKey(credentials: ChannelCredentials): string | undefined {
  return credentials.secret ? "meta" : undefined;
}

/** Removes the app's permissions for the user who connected (DELETE /me/permissions with the user token). */
export async function revokeUserPermissions(http: HttpClient, app: Record<string, string>, userToken: string | undefined, label: string): Promise<void> {
  if (!userToken) {
    throw new ChannelError("rejected", `${label}: geen gebruikerstoken bewaard om in te trekken`);
  }
  const user = new GraphClient(http, metaAppKeys(app).graphUrl, userToken, label);
  await user.delete("toestemming intrekken", "/me/permissions");
}
