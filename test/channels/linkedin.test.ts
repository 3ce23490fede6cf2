/**
 * LinkedIn organisation pages end to end against the local LinkedIn server
 * (test/channels/linkedin-server.ts) on PGlite: OAuth through the routes (one channel per
 * administered page, tokens encrypted), the versioned REST headers, comments on the page's posts
 * with start/count paging and nested replies, mentions via organizationalEntityNotifications,
 * de-duplication on re-poll, posting / replying / deleting through the publishing service (guard
 * first; reserved characters escaped), images, expired token → refresh under the row lock,
 * revoked token and invalid_grant → reconnect_needed + audit, 429, revoke on disconnect.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeLittleText, linkedinAdapter, parseCommentUrn } from "../../src/channels/linkedin/index.ts";
import { disconnectChannel } from "../../src/channels/service/disconnect-channel.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import { withChannelRuntime } from "../../src/channels/service/with-channel-runtime.ts";
import { createOutboundItem } from "../../src/publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../src/publishing/publish-outbound-item.ts";
import { auditEvents, channelCredentials, channels, messages, outboundCalls, outboundItems, threads } from "../../src/store/schema.ts";
import { createTestApp, signIn, type Session, type TestApp } from "../api-client.ts";
import { buildUser } from "../factories.ts";
import { startLinkedInServer, type LinkedInTestServer } from "./linkedin-server.ts";

let t: TestApp;
let server: LinkedInTestServer;
let admin: Session;
let orgId: string;
let userId: string;
const actor = () => ({ kind: "user" as const, userId, label: "Anna" });
const ENV_KEYS = ["LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET", "LINKEDIN_API_URL", "LINKEDIN_OAUTH_URL"] as const;
const PAGE = "urn:li:organization:2414183";

async function connectThroughRoutes(): Promise<string[]> {
  const start = await admin.post("/api/channels/linkedin/oauth/start", {});
  expect(start.statusCode).toBe(200);
  const approve = await fetch(start.json<{ authorizeUrl: string }>().authorizeUrl, { redirect: "manual" });
  expect(approve.status).toBe(302);
  const callback = new URL(approve.headers.get("location") ?? "");
  const done = await admin.get(`${callback.pathname}${callback.search}`);
  expect(done.headers.location).toBe("/instellingen/kanalen?connected=linkedin");
  const rows = await t.ctx.db.select().from(channels).where(and(eq(channels.orgId, orgId), eq(channels.network, "linkedin")));
  return rows.map((r) => r.id);
}

async function channelFor(urn: string) {
  const [row] = await t.ctx.db.select().from(channels).where(and(eq(channels.orgId, orgId), eq(channels.externalAccountId, urn)));
  return row;
}

async function credentialsOf(channelId: string) {
  const [row] = await t.ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
  return { row, accessToken: t.ctx.secrets.decryptOptional(row?.accessTokenEnc ?? null), refreshToken: t.ctx.secrets.decryptOptional(row?.refreshTokenEnc ?? null) };
}

beforeAll(async () => {
  server = await startLinkedInServer();
  process.env.LINKEDIN_CLIENT_ID = server.clientId;
  process.env.LINKEDIN_CLIENT_SECRET = server.clientSecret;
  process.env.LINKEDIN_API_URL = server.url;
  process.env.LINKEDIN_OAUTH_URL = server.url;
  t = await createTestApp("pglite");
  const built = await buildUser(t.database.db, { role: "admin" });
  orgId = built.orgId;
  userId = built.user.id;
  admin = await signIn(t.app, built.user.email, built.password);
});
afterAll(async () => {
  for (const key of ENV_KEYS) {
    delete process.env[key];
  }
  await server.close();
  await t.close();
});

describe("LinkedIn helpers", () => {
  it("escapes little-text reserved characters and reads comment URNs", () => {
    expect(escapeLittleText("Griep (en corona) #prik @allen [info] *nu* a_b ~ <x> {y} | \\")).toBe(
      "Griep \\(en corona\\) \\#prik \\@allen \\[info\\] \\*nu\\* a\\_b \\~ \\<x\\> \\{y\\} \\| \\\\",
    );
    expect(parseCommentUrn("urn:li:comment:(urn:li:activity:7100,7200)")).toEqual({ object: "urn:li:activity:7100", id: "7200" });
    expect(parseCommentUrn("urn:li:share:7100")).toBeNull();
    expect(linkedinAdapter.capabilities.privateMessage).toBe(false);
    expect(linkedinAdapter.limits).toMatchObject({ maxLength: 3000, maxImages: 20 });
  });
});

describe("LinkedIn", () => {
  let channelId: string;

  it("lists LinkedIn as not configured without its keys", async () => {
    const saved = process.env.LINKEDIN_CLIENT_SECRET;
    delete process.env.LINKEDIN_CLIENT_SECRET;
    try {
      const list = await admin.get("/api/channels");
      expect(list.json<{ networks: { network: string; configured: boolean; missingEnv: string[] }[] }>().networks.find((n) => n.network === "linkedin")).toMatchObject({
        configured: false,
        missingEnv: ["LINKEDIN_CLIENT_SECRET"],
      });
      expect((await admin.post("/api/channels/linkedin/oauth/start", {})).statusCode).toBeGreaterThanOrEqual(400);
    } finally {
      process.env.LINKEDIN_CLIENT_SECRET = saved;
    }
  });

  it("connects through the routes: one channel per administered page, tokens encrypted and never returned", async () => {
    const start = await admin.post("/api/channels/linkedin/oauth/start", {});
    const authorize = new URL(start.json<{ authorizeUrl: string }>().authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${server.url}/oauth/v2/authorization`);
    expect(authorize.searchParams.get("scope")?.split(" ")).toEqual(expect.arrayContaining(["r_organization_social", "w_organization_social", "rw_organization_admin"]));
    // No PKCE: LinkedIn offers it to native apps only; the client secret authenticates us.
    expect(authorize.searchParams.has("code_challenge")).toBe(false);

    const ids = await connectThroughRoutes();
    expect(ids).toHaveLength(2);
    const page = await channelFor(PAGE);
    channelId = page?.id ?? "";
    expect(page).toMatchObject({ name: "LinkedIn – Huisartsenpraktijk De Linde", handle: "huisartsenpraktijk-de-linde", status: "active" });
    expect(page?.settings).toMatchObject({ organizationUrn: PAGE, organizationId: "2414183" });
    expect((await channelFor("urn:li:organization:5590121"))?.name).toBe("LinkedIn – Gezondheidscentrum De Linde");
    const acl = server.requests.find((r) => r.path === "/rest/organizationAcls");
    expect(acl?.rawQuery).toContain("q=roleAssignee");
    expect(acl?.rawQuery).toContain("role=ADMINISTRATOR");
    expect(acl?.headers["linkedin-version"]).toMatch(/^\d{6}$/);
    expect(acl?.headers["x-restli-protocol-version"]).toBe("2.0.0");

    const { row, accessToken, refreshToken } = await credentialsOf(channelId);
    expect(server.accessTokens.has(accessToken ?? "")).toBe(true);
    expect(server.refreshTokens.has(refreshToken ?? "")).toBe(true);
    expect(row?.accessTokenEnc).toMatch(/^v1\./);
    expect(row?.accessTokenEnc).not.toContain(accessToken);
    // 60 days.
    expect(Math.abs((row?.expiresAt?.getTime() ?? 0) - (Date.now() + 60 * 24 * 3600_000))).toBeLessThan(60_000);
    const list = await admin.get("/api/channels");
    expect(list.body).not.toContain(accessToken);
    expect(list.body).not.toContain(refreshToken);
  });

  it("polls comments (paged, nested replies) and mentions, normalises them and never duplicates", async () => {
    const post = server.addOrgPost(PAGE, "De griepprik komt eraan. Houd de website in de gaten.");
    const first = server.addComment({ postUrn: post.id, text: "Kan ik zaterdag langskomen voor de griepprik?", person: "urn:li:person:marieke" });
    for (let i = 0; i < 60; i++) {
      server.addComment({ postUrn: post.id, text: `Vraag nummer ${i} over de openingstijden` });
    }
    const nested = server.addComment({ postUrn: post.id, text: "Dat vroeg ik me ook af", parentComment: first.commentUrn });
    const mention = server.addMention({ organizationUrn: PAGE, text: "Fijne ervaring bij de praktijk (echt waar)!", person: "urn:li:person:jan" });
    // Other pages' posts and comments are not ours to read here.
    const other = server.addOrgPost("urn:li:organization:5590121", "Andere pagina");
    server.addComment({ postUrn: other.id, text: "Niet voor deze pagina" });

    const result = await pollChannel(t.ctx, { orgId, channelId });
    expect(result.inserted).toBe(63);
    const commentCalls = server.requests.filter((r) => r.path === `/rest/socialActions/${post.id}/comments`);
    expect(commentCalls.map((r) => new URLSearchParams(r.rawQuery).get("start"))).toEqual(["0", "50"]);
    const notifications = server.requests.find((r) => r.path === "/rest/organizationalEntityNotifications");
    expect(notifications?.rawQuery).toMatch(/actions=List\(SHARE_MENTION\)/);
    expect(notifications?.rawQuery).toMatch(/timeRange=\(start:\d+,end:\d+\)/);
    expect(server.requests.find((r) => r.path === "/rest/posts" && r.method === "GET")?.headers["x-restli-method"]).toBe("FINDER");

    const again = await pollChannel(t.ctx, { orgId, channelId });
    expect(again.inserted).toBe(0);

    const stored = await t.ctx.db.select().from(messages).where(eq(messages.channelId, channelId));
    expect(stored).toHaveLength(63);
    const firstRow = stored.find((m) => m.externalId === first.commentUrn);
    expect(firstRow).toMatchObject({ authorExternalId: "urn:li:person:marieke", authorName: "LinkedIn-lid", visibility: "public", parentExternalId: post.id });
    expect(firstRow?.extra).toMatchObject({ kind: "comment", postUrn: post.id, commentUrn: first.commentUrn });
    expect(firstRow?.permalink).toContain(`feed/update/${post.id}/`);
    const nestedRow = stored.find((m) => m.externalId === nested.commentUrn);
    expect(nestedRow).toMatchObject({ parentExternalId: first.commentUrn, threadId: firstRow?.threadId });
    expect(nestedRow?.extra).toMatchObject({ kind: "reply" });
    const [thread] = await t.ctx.db.select().from(threads).where(eq(threads.id, firstRow?.threadId ?? ""));
    expect(thread?.externalThreadId).toBe(post.id);
    const mentionRow = stored.find((m) => m.externalId === mention.id);
    expect(mentionRow).toMatchObject({ text: "@Huisartsenpraktijk De Linde Fijne ervaring bij de praktijk (echt waar)!", authorExternalId: "urn:li:person:jan" });
    expect(mentionRow?.extra).toMatchObject({ kind: "mention" });
    expect(stored.some((m) => m.text === "Niet voor deze pagina")).toBe(false);

    server.addComment({ postUrn: post.id, text: "Nog een vraag over de griepprik" });
    expect((await pollChannel(t.ctx, { orgId, channelId })).inserted).toBe(1);
  });

  it("publishes through the guard: a block never reaches LinkedIn; ok text is escaped and posted", async () => {
    const before = server.postedPosts.length;
    const blocked = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen." });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: blocked.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "guard_blocked" });
    expect(server.postedPosts.length).toBe(before);

    const text = "De griepprik is op zaterdag 18 oktober (kom gerust langs). #griepprik";
    const ok = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text });
    const published = await publishOutboundItem(t.ctx, { orgId, itemId: ok.item.id, actor: actor(), role: "webcare" });
    const post = server.postedPosts.at(-1);
    expect(post).toMatchObject({ author: PAGE, visibility: "PUBLIC", lifecycleState: "PUBLISHED", distribution: { feedDistribution: "MAIN_FEED" } });
    expect(post?.commentary).toBe("De griepprik is op zaterdag 18 oktober \\(kom gerust langs\\). \\#griepprik");
    expect(published.item).toMatchObject({ status: "published", externalId: post?.id, permalink: `https://www.linkedin.com/feed/update/${post?.id}/` });

    // Over 3,000 characters: refused before sending.
    const long = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: "Kom gerust langs voor de griepprik. ".repeat(90) });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: long.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "validation" });
    expect(server.postedPosts.length).toBe(before + 1);
  });

  it("replies to a comment with parentComment, to a reply under its parent, and refuses private messages", async () => {
    const [comment] = await t.ctx.db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.authorExternalId, "urn:li:person:marieke")));
    const draft = await createOutboundItem(t.ctx, {
      orgId,
      userId,
      kind: "reply",
      channelId,
      inReplyToMessageId: comment?.id,
      text: "De griepprik is op zaterdag 18 oktober. Informatie over wie een uitnodiging krijgt staat op onze website.",
    });
    const published = await publishOutboundItem(t.ctx, { orgId, itemId: draft.item.id, actor: actor(), role: "webcare" });
    const posted = server.postedComments.at(-1);
    expect(posted).toMatchObject({ actor: PAGE, parentComment: comment?.externalId, object: parseCommentUrn(comment?.externalId ?? "")?.object });
    expect(published.item.externalId).toBe(posted?.commentUrn);
    const request = server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/comments")).at(-1);
    expect(request?.path).toBe(`/rest/socialActions/${comment?.externalId}/comments`);
    const outbound = await t.ctx.db.select().from(messages).where(eq(messages.externalId, posted?.commentUrn ?? ""));
    expect(outbound[0]).toMatchObject({ direction: "outbound", threadId: comment?.threadId });

    // A reply to a nested reply goes under the top-level comment (LinkedIn nests one level).
    const [nested] = await t.ctx.db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.text, "Dat vroeg ik me ook af")));
    const second = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: nested?.id, text: "Kom gerust langs op zaterdag 18 oktober." });
    await publishOutboundItem(t.ctx, { orgId, itemId: second.item.id, actor: actor(), role: "webcare" });
    expect(server.postedComments.at(-1)?.parentComment).toBe(comment?.externalId);

    // No private messages on LinkedIn pages.
    const dm = await createOutboundItem(t.ctx, { orgId, userId, kind: "private_message", channelId, inReplyToMessageId: comment?.id, text: "Wilt u ons bellen?" });
    const sentBefore = server.requests.length;
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: dm.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining("LinkedIn ondersteunt dit niet") as unknown as string,
    });
    expect(server.requests.length).toBe(sentBefore);
  });

  it("uploads images (initializeUpload + PUT) before posting and deletes posts and own comments", async () => {
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const one = await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) =>
      adapter.publish!(runtime, { text: "Onze nieuwe wachtkamer", media: [{ data: png, mimeType: "image/png", alt: "Wachtkamer" }] }),
    );
    const post = server.posts.get(one.externalId);
    expect(post?.content?.media?.altText).toBe("Wachtkamer");
    expect(server.images.get(post?.content?.media?.id ?? "")).toEqual({ uploaded: true, bytes: png.length });
    const three = await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) =>
      adapter.publish!(runtime, { text: "Drie foto's van de open dag", media: [png, png, png].map((data) => ({ data, mimeType: "image/png" })) }),
    );
    expect(server.posts.get(three.externalId)?.content?.multiImage?.images).toHaveLength(3);

    await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, one.externalId));
    expect(server.posts.has(one.externalId)).toBe(false);
    const ownComment = server.postedComments.at(-1)?.commentUrn ?? "";
    await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, ownComment));
    expect(server.comments.some((c) => c.commentUrn === ownComment)).toBe(false);
    await expect(withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, one.externalId))).rejects.toMatchObject({ code: "channel_error" });
  });

  it("refreshes an expired token under the row lock and retries; the refresh token is kept", async () => {
    const old = await credentialsOf(channelId);
    server.expireAccessTokens();
    const posts = [...server.posts.values()].filter((p) => p.author === PAGE);
    server.addComment({ postUrn: posts[0]?.id ?? "", text: "Wanneer is de volgende griepprik?" });
    expect((await pollChannel(t.ctx, { orgId, channelId })).inserted).toBe(1);
    const fresh = await credentialsOf(channelId);
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(server.accessTokens.get(fresh.accessToken ?? "")).toBeGreaterThan(Date.now());
    expect(fresh.refreshToken).toBe(old.refreshToken);
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("active");
  });

  it("reports a 429 as rate_limited after the wrapper's retries; the channel stays active", async () => {
    server.failNext(429, 4);
    await expect(pollChannel(t.ctx, { orgId, channelId })).rejects.toMatchObject({ code: "rate_limited" });
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("active");
    server.failNext(429, 1);
    expect(await pollChannel(t.ctx, { orgId, channelId })).toMatchObject({ inserted: 0 });
  });

  it("a revoked token marks the page reconnect_needed with an audit event; reconnecting restores it", async () => {
    server.revokeGrant();
    await expect(pollChannel(t.ctx, { orgId, channelId })).rejects.toMatchObject({ code: "reconnect_needed" });
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("reconnect_needed");
    expect(channel?.lastError).toContain("ingetrokken");
    const events = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "channel.reconnect_needed")));
    expect(events).toHaveLength(1);
    expect(await connectThroughRoutes()).toContain(channelId);
    expect((await channelFor(PAGE))?.status).toBe("active");
  });

  it("an expired token whose refresh is refused (invalid_grant) also needs reconnecting", async () => {
    await t.ctx.db
      .update(channelCredentials)
      .set({ refreshTokenEnc: t.ctx.secrets.encrypt("li-rt-unknown"), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(channelCredentials.channelId, channelId));
    await expect(pollChannel(t.ctx, { orgId, channelId })).rejects.toMatchObject({ code: "reconnect_needed" });
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.lastError).toContain("invalid_grant");
    await connectThroughRoutes();
  });

  it("keeps tokens out of the call log and items; disconnect revokes at LinkedIn with the last page of a login", async () => {
    const { accessToken } = await credentialsOf(channelId);
    const calls = await t.ctx.db.select().from(outboundCalls).where(eq(outboundCalls.channelId, channelId));
    expect(calls.length).toBeGreaterThan(5);
    expect(JSON.stringify(calls)).not.toContain(accessToken);
    const items = await t.ctx.db.select().from(outboundItems).where(eq(outboundItems.orgId, orgId));
    expect(JSON.stringify(items)).not.toContain(accessToken);
    // Both pages came from one login and share its tokens: disconnecting one keeps the other working.
    const other = await channelFor("urn:li:organization:5590121");
    expect((await credentialsOf(other?.id ?? "")).refreshToken).toBe((await credentialsOf(channelId)).refreshToken);
    const first = await disconnectChannel(t.ctx, { orgId, channelId: other?.id ?? "", actor: actor() });
    expect(first.revoked).toBe(false);
    expect(server.accessTokens.has(accessToken ?? "")).toBe(true);
    await pollChannel(t.ctx, { orgId, channelId });
    expect((await channelFor(PAGE))?.status).toBe("active");
    // The last page of the login revokes it.
    const result = await disconnectChannel(t.ctx, { orgId, channelId, actor: actor() });
    expect(result.revoked).toBe(true);
    expect(server.accessTokens.has(accessToken ?? "")).toBe(false);
  });
});
