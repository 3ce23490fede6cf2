/**
 * LinkedIn organisation pages (Community Management API, versioned REST under `/rest/…` with
 * `LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0`).
 *
 * Connect: OAuth 2.0 three-legged authorisation code WITHOUT PKCE — LinkedIn offers PKCE only to
 * native apps; a server-side app authenticates with its client secret at the token endpoint, and
 * the core's one-time `state` protects the redirect. The code is exchanged at
 * `/oauth/v2/accessToken`; then `organizationAcls?q=roleAssignee&role=ADMINISTRATOR` lists the
 * pages this member administers and every page becomes its own channel (`urn:li:organization:ID`,
 * name from `/rest/organizations/{id}`), all sharing the member's token. Access tokens live 60 days,
 * refresh tokens 365 days (refresh() uses them; LinkedIn does not rotate them, but a new one in the
 * answer is stored). A 401 says per `code`/`message` whether the token expired (refresh) or was
 * revoked (reconnect).
 *
 * Inbound: comments on the page's recent posts (`/rest/posts?q=author` → `/rest/socialActions/
 * {post}/comments`, start/count paging) and mentions of the page in members' posts
 * (`organizationalEntityNotifications`, action SHARE_MENTION, then the post itself). The cursor is
 * `{"comments": ms, "mentions": ms}` (newest creation time seen).
 *
 * Outbound: `POST /rest/posts` (commentary in LinkedIn's "little text" format, so reserved
 * characters are escaped; PUBLIC, MAIN_FEED, PUBLISHED; the id comes back in `x-restli-id`),
 * images via `/rest/images?action=initializeUpload` + PUT of the bytes (one image: content.media,
 * 2–20: content.multiImage), replies as comments with `parentComment`, delete of posts and our own
 * comments. No private messages: LinkedIn offers pages no messaging API.
 */
import { createHash } from "node:crypto";
import {
  ChannelError,
  type ChannelAdapter,
  type ChannelCredentials,
  type ChannelRuntime,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type NormalizedMessage,
  type PublishResult,
} from "../contract.ts";

export const LINKEDIN_SCOPES = ["r_organization_social", "w_organization_social", "rw_organization_admin", "r_organization_social_feed", "w_organization_social_feed"];
/** A Marketing API version LinkedIn supports (each lives about a year); override with LINKEDIN_API_VERSION. */
export const LINKEDIN_DEFAULT_VERSION = "202606";
const DEFAULT_API_URL = "https://api.linkedin.com";
const DEFAULT_OAUTH_URL = "https://www.linkedin.com";
/** Posts API: commentary up to 3,000 characters; multiImage posts take 2 to 20 images. */
const MAX_LENGTH = 3000;
const MAX_IMAGES = 20;
const RECENT_POSTS = 20;
const PAGE_SIZE = 50;
const MAX_PAGES = 5;
const EXPIRY_MARGIN_MS = 60_000;

interface LinkedInError {
  status?: number;
  serviceErrorCode?: number;
  code?: string;
  message?: string;
  error?: string;
  error_description?: string;
}
interface LinkedInToken {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
}
interface Paging {
  start?: number;
  count?: number;
  total?: number;
}
interface LinkedInPost {
  id: string;
  author: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
  lastModifiedAt?: number;
}
interface LinkedInComment {
  id?: string;
  $URN?: string;
  commentUrn?: string;
  actor?: string;
  object?: string;
  parentComment?: string;
  message?: { text?: string };
  created?: { time?: number; actor?: string };
  commentsSummary?: { totalFirstLevelComments?: number };
}
interface LinkedInNotification {
  action?: string;
  organizationalEntity?: string;
  generatedActivity?: string;
  sourcePost?: string;
  lastModifiedAt?: number;
}
interface Cursor {
  comments?: number | undefined;
  mentions?: number | undefined;
}

function apiUrl(app: Record<string, string>): string {
  return (app.LINKEDIN_API_URL ?? DEFAULT_API_URL).replace(/\/$/, "");
}
function oauthUrl(app: Record<string, string>): string {
  return (app.LINKEDIN_OAUTH_URL ?? DEFAULT_OAUTH_URL).replace(/\/$/, "");
}
function scopesOf(app: Record<string, string>): string[] {
  return app.LINKEDIN_SCOPES ? app.LINKEDIN_SCOPES.split(/[\s,]+/).filter(Boolean) : LINKEDIN_SCOPES;
}

function restHeaders(app: Record<string, string>, accessToken: string | undefined): Record<string, string> {
  return {
    authorization: `Bearer ${accessToken ?? ""}`,
    "linkedin-version": app.LINKEDIN_API_VERSION ?? LINKEDIN_DEFAULT_VERSION,
    "x-restli-protocol-version": "2.0.0",
  };
}

function errorText(body: LinkedInError | undefined, fallback: string): string {
  return body?.message ?? body?.error_description ?? (fallback.slice(0, 200) || "geen toelichting");
}

/** Maps LinkedIn's `{status, serviceErrorCode, code, message}` answers to channel errors. */
function check(response: HttpResponse, what: string, credentials?: ChannelCredentials): HttpResponse {
  if (response.status < 400) {
    return response;
  }
  const body = response.json as LinkedInError | undefined;
  const message = errorText(body, response.text);
  const details = { status: response.status, networkCode: body?.code ?? body?.serviceErrorCode };
  const label = `LinkedIn: ${what}`;
  if (response.status === 401) {
    const code = `${body?.code ?? ""} ${message}`;
    if (/revoked/i.test(code)) {
      throw new ChannelError("auth_revoked", `${label}: de toegang is ingetrokken; verbind de pagina opnieuw (${message}).`, details);
    }
    // Expired (or otherwise unusable) token: with a refresh token the core refreshes once; a refused
    // refresh then marks the channel for reconnecting.
    const kind = credentials?.refreshToken ? "auth_expired" : "auth_revoked";
    throw new ChannelError(kind, `${label}: de toegang is verlopen (${message}).`, details);
  }
  if (response.status === 403) {
    throw new ChannelError("rejected", `${label}: LinkedIn staat dit niet toe; is dit account nog beheerder van de pagina en heeft de app de juiste rechten? (${message})`, details);
  }
  if (response.status === 404) {
    throw new ChannelError("rejected", `${label}: niet gevonden – misschien is het bericht verwijderd (${message}).`, details);
  }
  if (response.status === 426) {
    throw new ChannelError("rejected", `${label}: LinkedIn ondersteunt API-versie ${details.networkCode ?? ""} niet meer; zet LINKEDIN_API_VERSION op een actuele versie (${message}).`, details);
  }
  throw new ChannelError("rejected", `${label}: LinkedIn weigerde het verzoek (${message}).`, details);
}

function checkToken(response: HttpResponse, what: string): LinkedInToken {
  if (response.status < 400) {
    const token = response.json as LinkedInToken | undefined;
    if (!token?.access_token) {
      throw new ChannelError("rejected", `LinkedIn: ${what}: geen access token ontvangen.`);
    }
    return token;
  }
  const body = response.json as LinkedInError | undefined;
  const message = errorText(body, response.text);
  if (body?.error === "invalid_grant" || (body?.error === "invalid_request" && /refresh token|authorization code/i.test(message))) {
    throw new ChannelError("auth_revoked", `LinkedIn: ${what}: de toestemming is ingetrokken of verlopen; verbind de pagina opnieuw (${body.error}: ${message}).`, {
      status: response.status,
      networkCode: body.error,
    });
  }
  if (body?.error === "invalid_client" || body?.error === "unauthorized_client") {
    throw new ChannelError("rejected", `LinkedIn: ${what}: LinkedIn herkent de app-sleutels niet (LINKEDIN_CLIENT_ID/LINKEDIN_CLIENT_SECRET) (${message}).`, {
      status: response.status,
      networkCode: body.error,
    });
  }
  throw new ChannelError("rejected", `LinkedIn: ${what}: ${message}`, { status: response.status, networkCode: body?.error });
}

function credentialsFrom(token: LinkedInToken, now: Date, previous?: ChannelCredentials): ChannelCredentials {
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token ?? previous?.refreshToken,
    scope: token.scope ?? previous?.scope,
    expiresAt: token.expires_in ? new Date(now.getTime() + token.expires_in * 1000) : undefined,
  };
}

async function call(runtime: ChannelRuntime, what: string, request: HttpRequest): Promise<HttpResponse> {
  const { expiresAt, refreshToken } = runtime.credentials;
  if (refreshToken && expiresAt && expiresAt.getTime() <= runtime.now().getTime() + EXPIRY_MARGIN_MS) {
    throw new ChannelError("auth_expired", "LinkedIn: het access token is verlopen.");
  }
  const response = await runtime.http.request({ ...request, headers: { ...restHeaders(runtime.app, runtime.credentials.accessToken), ...(request.headers ?? {}) } });
  return check(response, what, runtime.credentials);
}

function organizationOf(runtime: ChannelRuntime): string {
  const urn = String(runtime.channel.settings.organizationUrn ?? runtime.channel.externalAccountId);
  if (!/^urn:li:organization:\d+$/.test(urn)) {
    throw new ChannelError("rejected", `LinkedIn: "${urn}" is geen organisatie-URN.`);
  }
  return urn;
}

/** LinkedIn's "little text" format: these characters must be escaped with a backslash in commentary. */
export function escapeLittleText(text: string): string {
  return text.replace(/[\\|{}@[\]()<>#*_~]/g, (char) => `\\${char}`);
}

function unescapeLittleText(text: string): string {
  return text
    .replace(/@\[([^\]]*)\]\([^)]*\)/g, "@$1")
    .replace(/\{hashtag\|\\?#\|([^}]*)\}/g, "#$1")
    .replace(/\\([\\|{}@[\]()<>#*_~])/g, "$1");
}

const CURSOR_OVERLAP_MS = 5 * 60_000;

function parseCursor(cursor: string | null): Cursor {
  if (!cursor) {
    return {};
  }
  try {
    const parsed = JSON.parse(cursor) as Cursor;
    return {
      comments: typeof parsed.comments === "number" ? parsed.comments : undefined,
      mentions: typeof parsed.mentions === "number" ? parsed.mentions : undefined,
    };
  } catch {
    return {};
  }
}

function postPermalink(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

function commentUrnOf(comment: LinkedInComment, object: string): string {
  return comment.commentUrn ?? comment.$URN ?? `urn:li:comment:(${object},${comment.id ?? ""})`;
}

/** "urn:li:comment:(urn:li:activity:123,456)" → { object: "urn:li:activity:123", id: "456" }. */
export function parseCommentUrn(urn: string): { object: string; id: string } | null {
  const match = /^urn:li:comment:\((urn:li:[a-zA-Z]+:[^,]+),([^)]+)\)$/.exec(urn);
  return match?.[1] && match[2] ? { object: match[1], id: match[2] } : null;
}

function authorLabel(urn: string | undefined): string {
  if (urn?.startsWith("urn:li:organization:")) {
    return "LinkedIn-pagina";
  }
  return "LinkedIn-lid";
}

/**
 * Follows start/count paging. The query string is written by hand (not through `query`): Rest.li
 * 2.0 values such as `List(...)` and `(start:…,end:…)` must reach LinkedIn unencoded, and letting
 * URLSearchParams re-serialise the URL would encode them.
 */
async function pages<T>(runtime: ChannelRuntime, what: string, url: string, headers: Record<string, string> = {}): Promise<T[]> {
  const all: T[] = [];
  let start = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const separator = url.includes("?") ? "&" : "?";
    const response = await call(runtime, what, { url: `${url}${separator}start=${start}&count=${PAGE_SIZE}`, headers });
    const body = (response.json ?? {}) as { elements?: T[]; paging?: Paging };
    const elements = body.elements ?? [];
    all.push(...elements);
    start += elements.length;
    const total = body.paging?.total;
    if (elements.length < PAGE_SIZE || (total !== undefined && start >= total)) {
      break;
    }
  }
  return all;
}

async function fetchComments(runtime: ChannelRuntime, organization: string, since: number | undefined) {
  const posts = (
    (
      await call(runtime, "berichten van de pagina ophalen", {
        url: `${apiUrl(runtime.app)}/rest/posts`,
        query: { q: "author", author: organization, count: RECENT_POSTS, sortBy: "LAST_MODIFIED" },
        headers: { "x-restli-method": "FINDER" },
      })
    ).json as { elements?: LinkedInPost[] } | undefined
  )?.elements ?? [];
  const items: NormalizedMessage[] = [];
  let newest = since;
  for (const post of posts) {
    const comments = await pages<LinkedInComment>(runtime, "reacties ophalen", `${apiUrl(runtime.app)}/rest/socialActions/${encodeURIComponent(post.id)}/comments`);
    // Replies to a comment live under that comment (one level deep).
    for (const parent of [...comments]) {
      if ((parent.commentsSummary?.totalFirstLevelComments ?? 0) > 0) {
        const parentUrn = commentUrnOf(parent, parent.object ?? post.id);
        comments.push(...(await pages<LinkedInComment>(runtime, "reacties ophalen", `${apiUrl(runtime.app)}/rest/socialActions/${encodeURIComponent(parentUrn)}/comments`)));
      }
    }
    for (const comment of comments) {
      const created = comment.created?.time ?? 0;
      // Same millisecond as the cursor: kept, de-duplicated on storage.
      if (since !== undefined && created < since) {
        continue;
      }
      newest = Math.max(newest ?? 0, created);
      const urn = commentUrnOf(comment, comment.object ?? post.id);
      items.push({
        network: "linkedin",
        externalId: urn,
        threadExternalId: post.id,
        parentExternalId: comment.parentComment ?? post.id,
        kind: comment.parentComment ? "reply" : "comment",
        author: { displayName: authorLabel(comment.actor), externalId: comment.actor },
        text: comment.message?.text ?? "",
        media: [],
        sentAt: new Date(created || runtime.now().getTime()),
        permalink: `${postPermalink(post.id)}?commentUrn=${encodeURIComponent(urn)}`,
        visibility: "public",
        fromSelf: comment.actor === organization,
        extra: { postUrn: post.id, commentUrn: urn, activityUrn: comment.object, parentCommentUrn: comment.parentComment },
      });
    }
  }
  return { items, newest };
}

async function fetchMentions(runtime: ChannelRuntime, organization: string, since: number | undefined) {
  const end = runtime.now().getTime();
  // LinkedIn keeps notifications for a limited time; the first poll looks back 30 days.
  const start = since ?? end - 30 * 24 * 3600 * 1000;
  // Rest.li 2.0 list/record syntax must reach LinkedIn unencoded, so this query is written by hand.
  const url =
    `${apiUrl(runtime.app)}/rest/organizationalEntityNotifications?q=criteria&actions=List(SHARE_MENTION)` +
    `&organizationalEntity=${encodeURIComponent(organization)}&timeRange=(start:${start},end:${end})`;
  const notifications = await pages<LinkedInNotification>(runtime, "vermeldingen ophalen", url);
  const items: NormalizedMessage[] = [];
  let newest = since;
  for (const notification of notifications) {
    // /rest/posts takes share and ugcPost URNs only (an activity URN would be refused).
    const activity = [notification.sourcePost, notification.generatedActivity].find((urn) => urn !== undefined && /^urn:li:(share|ugcPost):/.test(urn));
    newest = Math.max(newest ?? 0, notification.lastModifiedAt ?? 0);
    if (notification.action !== "SHARE_MENTION" || !activity) {
      continue;
    }
    let post: LinkedInPost | undefined;
    try {
      post = (await call(runtime, "vermelding ophalen", { url: `${apiUrl(runtime.app)}/rest/posts/${encodeURIComponent(activity)}` })).json as LinkedInPost | undefined;
    } catch (error) {
      // A mentioning post that was deleted or is not visible to us must not stop every later poll.
      if (error instanceof ChannelError && error.kind === "rejected") {
        continue;
      }
      throw error;
    }
    if (!post?.id) {
      continue;
    }
    items.push({
      network: "linkedin",
      externalId: post.id,
      threadExternalId: post.id,
      kind: "mention",
      author: { displayName: authorLabel(post.author), externalId: post.author },
      text: unescapeLittleText(post.commentary ?? ""),
      media: [],
      sentAt: new Date(post.publishedAt ?? post.createdAt ?? notification.lastModifiedAt ?? end),
      permalink: postPermalink(post.id),
      visibility: "public",
      fromSelf: post.author === organization,
      extra: { postUrn: post.id },
    });
  }
  // Next time: from just after the newest notification (or from now when there were none).
  return { items, newest: newest ?? end };
}

async function uploadImage(runtime: ChannelRuntime, organization: string, data: Uint8Array): Promise<string> {
  const init = (
    await call(runtime, "afbeelding aanmelden", {
      method: "POST",
      url: `${apiUrl(runtime.app)}/rest/images`,
      query: { action: "initializeUpload" },
      json: { initializeUploadRequest: { owner: organization } },
    })
  ).json as { value?: { uploadUrl?: string; image?: string } } | undefined;
  const uploadUrl = init?.value?.uploadUrl;
  const image = init?.value?.image;
  if (!uploadUrl || !image) {
    throw new ChannelError("rejected", "LinkedIn: afbeelding aanmelden: geen upload-adres ontvangen.");
  }
  check(
    await runtime.http.request({
      method: "PUT",
      url: uploadUrl,
      headers: { authorization: `Bearer ${runtime.credentials.accessToken ?? ""}`, "content-type": "application/octet-stream" },
      body: data,
    }),
    "afbeelding uploaden",
    runtime.credentials,
  );
  return image;
}

async function createComment(runtime: ChannelRuntime, target: string, body: Record<string, unknown>): Promise<PublishResult> {
  const response = await call(runtime, "reactie plaatsen", {
    method: "POST",
    url: `${apiUrl(runtime.app)}/rest/socialActions/${encodeURIComponent(target)}/comments`,
    json: body,
  });
  const created = response.json as LinkedInComment | undefined;
  const object = String(body.object ?? target);
  const urn = created?.commentUrn ?? created?.$URN ?? (created?.id ? commentUrnOf(created, object) : response.headers.get("x-restli-id"));
  if (!urn) {
    throw new ChannelError("rejected", "LinkedIn: reactie plaatsen: LinkedIn gaf geen id terug.");
  }
  return { externalId: urn };
}

async function listAdministeredOrganizations(http: HttpClient, app: Record<string, string>, accessToken: string): Promise<string[]> {
  const urns: string[] = [];
  let start = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = check(
      await http.request({
        url: `${apiUrl(app)}/rest/organizationAcls`,
        query: { q: "roleAssignee", role: "ADMINISTRATOR", state: "APPROVED", start, count: PAGE_SIZE },
        headers: restHeaders(app, accessToken),
      }),
      "beheerde pagina's ophalen",
    );
    const body = (response.json ?? {}) as { elements?: { organization?: string; organizationTarget?: string; state?: string }[]; paging?: Paging };
    const elements = body.elements ?? [];
    for (const element of elements) {
      const urn = element.organization ?? element.organizationTarget;
      if (urn && /^urn:li:organization:\d+$/.test(urn) && (element.state ?? "APPROVED") === "APPROVED" && !urns.includes(urn)) {
        urns.push(urn);
      }
    }
    start += elements.length;
    if (elements.length < PAGE_SIZE || (body.paging?.total !== undefined && start >= body.paging.total)) {
      break;
    }
  }
  return urns;
}

export const linkedinAdapter: ChannelAdapter = {
  network: "linkedin",
  displayName: "LinkedIn",
  requiredEnv: ["LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"],
  capabilities: { inbound: true, publish: true, reply: true, privateMessage: false, delete: true, webhooks: false },
  limits: { maxLength: MAX_LENGTH, maxImages: MAX_IMAGES },
  connect: {
    type: "oauth",
    // PKCE is for LinkedIn's native-app flow only; web apps use the client secret (see module comment).
    pkce: false,
    authorizeUrl({ state, redirectUri, app }) {
      const url = new URL(`${oauthUrl(app)}/oauth/v2/authorization`);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", app.LINKEDIN_CLIENT_ID ?? "");
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("state", state);
      url.searchParams.set("scope", scopesOf(app).join(" "));
      return url.toString();
    },
    async exchangeCode({ code, redirectUri, app, http }) {
      const token = checkToken(
        await http.request({
          method: "POST",
          url: `${oauthUrl(app)}/oauth/v2/accessToken`,
          form: {
            grant_type: "authorization_code",
            code,
            redirect_uri: redirectUri,
            client_id: app.LINKEDIN_CLIENT_ID ?? "",
            client_secret: app.LINKEDIN_CLIENT_SECRET ?? "",
          },
        }),
        "code inwisselen",
      );
      const accessToken = token.access_token ?? "";
      const organizations = await listAdministeredOrganizations(http, app, accessToken);
      if (organizations.length === 0) {
        throw new ChannelError("rejected", "LinkedIn: dit account is van geen enkele bedrijfspagina beheerder. Vraag een beheerder van de pagina om te verbinden.");
      }
      const credentials = credentialsFrom(token, new Date());
      const accounts = [];
      for (const urn of organizations) {
        const id = urn.split(":").at(-1) ?? "";
        const org = check(await http.request({ url: `${apiUrl(app)}/rest/organizations/${id}`, headers: restHeaders(app, accessToken) }), "pagina ophalen").json as
          | { localizedName?: string; vanityName?: string }
          | undefined;
        const name = org?.localizedName ?? `Organisatie ${id}`;
        accounts.push({
          externalAccountId: urn,
          handle: org?.vanityName ?? undefined,
          name: `LinkedIn – ${name}`,
          settings: { organizationUrn: urn, organizationId: id, vanityName: org?.vanityName },
          credentials,
        });
      }
      return accounts;
    },
  },
  async refresh(runtime) {
    if (!runtime.credentials.refreshToken) {
      throw new ChannelError("auth_revoked", "LinkedIn: er is geen refresh token; verbind de pagina opnieuw.");
    }
    const token = checkToken(
      await runtime.http.request({
        method: "POST",
        url: `${oauthUrl(runtime.app)}/oauth/v2/accessToken`,
        form: {
          grant_type: "refresh_token",
          refresh_token: runtime.credentials.refreshToken,
          client_id: runtime.app.LINKEDIN_CLIENT_ID ?? "",
          client_secret: runtime.app.LINKEDIN_CLIENT_SECRET ?? "",
        },
      }),
      "token vernieuwen",
    );
    return credentialsFrom(token, runtime.now(), runtime.credentials);
  },
  // Every page from one LinkedIn login shares the login's tokens (the refresh token is not rotated):
  // revoking for one page would cut off the others, so the core revokes only with the last of them.
  grantKey: (credentials) => {
    const token = credentials.refreshToken ?? credentials.accessToken;
    return token ? `linkedin:${createHash("sha256").update(token).digest("hex")}` : undefined;
  },
  async revoke(runtime) {
    const response = await runtime.http.request({
      method: "POST",
      url: `${oauthUrl(runtime.app)}/oauth/v2/revoke`,
      form: {
        client_id: runtime.app.LINKEDIN_CLIENT_ID ?? "",
        client_secret: runtime.app.LINKEDIN_CLIENT_SECRET ?? "",
        token: runtime.credentials.accessToken ?? "",
      },
    });
    if (response.status >= 400) {
      throw new ChannelError("rejected", `LinkedIn: intrekken mislukt (${errorText(response.json as LinkedInError | undefined, response.text)}).`);
    }
  },
  async fetchInbound(runtime, cursor) {
    const organization = organizationOf(runtime);
    const since = parseCursor(cursor);
    const comments = await fetchComments(runtime, organization, since.comments);
    const mentions = await fetchMentions(runtime, organization, since.mentions);
    const items = [...comments.items, ...mentions.items].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    // The cursor trails the newest item by five minutes, so an item that shows up late is still read
    // (ingest skips the ones already stored); it never moves backwards.
    const trail = (previous: number | undefined, newest: number | undefined) =>
      newest === undefined ? previous : Math.max(previous ?? 0, newest - CURSOR_OVERLAP_MS);
    const next: Cursor = { comments: trail(since.comments, comments.newest), mentions: trail(since.mentions, mentions.newest) };
    return { items, cursor: JSON.stringify(next) };
  },
  async publish(runtime, post) {
    const organization = organizationOf(runtime);
    const text = post.link && !post.text.includes(post.link) ? `${post.text}\n\n${post.link}` : post.text;
    if ([...text].length > MAX_LENGTH) {
      throw new ChannelError("rejected", `LinkedIn: de tekst is langer dan ${MAX_LENGTH} tekens.`);
    }
    if (post.media.length > MAX_IMAGES) {
      throw new ChannelError("rejected", `LinkedIn: maximaal ${MAX_IMAGES} afbeeldingen per bericht.`);
    }
    const images: { id: string; altText?: string }[] = [];
    for (const media of post.media) {
      images.push({ id: await uploadImage(runtime, organization, media.data), ...(media.alt ? { altText: media.alt.slice(0, 4086) } : {}) });
    }
    const content = images.length === 1 ? { media: images[0] } : images.length > 1 ? { multiImage: { images } } : undefined;
    const response = await call(runtime, "bericht plaatsen", {
      method: "POST",
      url: `${apiUrl(runtime.app)}/rest/posts`,
      json: {
        author: organization,
        commentary: escapeLittleText(text),
        visibility: "PUBLIC",
        distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: "PUBLISHED",
        isReshareDisabledByAuthor: false,
        ...(content ? { content } : {}),
      },
    });
    const id = response.headers.get("x-restli-id");
    if (!id) {
      throw new ChannelError("rejected", "LinkedIn: bericht plaatsen: LinkedIn gaf geen id terug (x-restli-id).");
    }
    return { externalId: id, permalink: postPermalink(id) };
  },
  async reply(runtime, reply) {
    const organization = organizationOf(runtime);
    if ([...reply.text].length > 1250) {
      throw new ChannelError("rejected", "LinkedIn: een reactie mag maximaal 1250 tekens zijn.");
    }
    const target = reply.inReplyTo.externalId;
    const comment = parseCommentUrn(target);
    if (comment) {
      // A reply to a comment is nested under it; LinkedIn nests one level, so a reply to a reply goes under its parent.
      const nestedUnder = reply.inReplyTo.extra?.parentCommentUrn;
      const parent = typeof nestedUnder === "string" && parseCommentUrn(nestedUnder) ? nestedUnder : target;
      return createComment(runtime, parent, { actor: organization, object: comment.object, parentComment: parent, message: { text: reply.text } });
    }
    return createComment(runtime, target, { actor: organization, object: target, message: { text: reply.text } });
  },
  async delete(runtime, externalId) {
    const organization = organizationOf(runtime);
    const comment = parseCommentUrn(externalId);
    if (comment) {
      await call(runtime, "reactie verwijderen", {
        method: "DELETE",
        url: `${apiUrl(runtime.app)}/rest/socialActions/${encodeURIComponent(comment.object)}/comments/${encodeURIComponent(comment.id)}`,
        query: { actor: organization },
      });
      return;
    }
    if (!/^urn:li:(share|ugcPost):\d+$/.test(externalId)) {
      throw new ChannelError("rejected", `LinkedIn: "${externalId}" is geen bericht-URN van LinkedIn.`);
    }
    await call(runtime, "bericht verwijderen", {
      method: "DELETE",
      url: `${apiUrl(runtime.app)}/rest/posts/${encodeURIComponent(externalId)}`,
      headers: { "x-restli-method": "DELETE" },
    });
  },
};
