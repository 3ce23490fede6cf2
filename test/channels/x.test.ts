/**
 * X (API v2) end to end against the local X server (test/channels/x-server.ts) on PGlite:
 * OAuth 2.0 + PKCE through the routes (the server checks the verifier), encrypted tokens,
 * mentions and DMs with next_token pagination and de-duplication, publishing / replying / DMs /
 * deleting through the publishing service (guard first; X's weighted length before sending),
 * expired token → refresh under the row lock with the rotated refresh token stored,
 * invalid_grant → reconnect_needed + audit, 429 with x-rate-limit-reset honoured, revoke.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeOAuthConnect } from "../../src/channels/service/complete-oauth-connect.ts";
import { disconnectChannel } from "../../src/channels/service/disconnect-channel.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import { startOAuthConnect } from "../../src/channels/service/start-oauth-connect.ts";
import { withChannelRuntime } from "../../src/channels/service/with-channel-runtime.ts";
import { countXLength, findUrls } from "../../src/channels/x/length.ts";
import { xAdapter } from "../../src/channels/x/index.ts";
import { createOutboundItem } from "../../src/publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../src/publishing/publish-outbound-item.ts";
import { auditEvents, channelCredentials, channels, messages, oauthStates, outboundCalls, outboundItems, threads } from "../../src/store/schema.ts";
import { createTestApp, signIn, type Session, type TestApp } from "../api-client.ts";
import { buildUser } from "../factories.ts";
import { startXServer, type XTestServer } from "./x-server.ts";

let t: TestApp;
let server: XTestServer;
let admin: Session;
let orgId: string;
let userId: string;
const actor = () => ({ kind: "user" as const, userId, label: "Anna" });
const ENV_KEYS = ["X_CLIENT_ID", "X_CLIENT_SECRET", "X_API_URL", "X_OAUTH_URL"] as const;

async function connectThroughRoutes(): Promise<string> {
  const start = await admin.post("/api/channels/x/oauth/start", {});
  expect(start.statusCode).toBe(200);
  const approve = await fetch(start.json<{ authorizeUrl: string }>().authorizeUrl, { redirect: "manual" });
  expect(approve.status).toBe(302);
  const callback = new URL(approve.headers.get("location") ?? "");
  expect(callback.pathname).toBe("/api/channels/x/oauth/callback");
  const done = await admin.get(`${callback.pathname}${callback.search}`);
  expect(done.headers.location).toBe("/instellingen/kanalen?connected=x");
  const [channel] = await t.ctx.db.select().from(channels).where(and(eq(channels.orgId, orgId), eq(channels.network, "x")));
  return channel?.id ?? "";
}

async function credentialsOf(channelId: string) {
  const [row] = await t.ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
  return {
    row,
    accessToken: t.ctx.secrets.decryptOptional(row?.accessTokenEnc ?? null),
    refreshToken: t.ctx.secrets.decryptOptional(row?.refreshTokenEnc ?? null),
  };
}

beforeAll(async () => {
  server = await startXServer();
  process.env.X_CLIENT_ID = server.clientId;
  process.env.X_API_URL = server.url;
  process.env.X_OAUTH_URL = `${server.url}/i/oauth2/authorize`;
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

describe("X weighted length", () => {
  it("counts as X does: URLs 23, emoji and CJK 2, Latin 1, NFC first", () => {
    expect(countXLength("Hallo")).toBe(5);
    expect(countXLength("Kijk op https://www.thuisarts.nl/griep/wat-kan-ik-zelf-doen-bij-griep?bron=praktijk")).toBe(8 + 23);
    expect(countXLength("Zie thuisarts.nl/griep.")).toBe(4 + 23 + 1);
    expect(countXLength("praktijk.com")).toBe(23);
    expect(countXLength("日本語")).toBe(6);
    expect(countXLength("👍🏽")).toBe(2);
    expect(countXLength("👨‍👩‍👧")).toBe(2);
    expect(countXLength("🇳🇱")).toBe(2);
    expect(countXLength("© 2026")).toBe(6);
    expect(countXLength("—")).toBe(1);
    expect(countXLength("…")).toBe(2);
    // e + combining acute is NFC-normalised to é.
    expect(countXLength("e\u0301")).toBe(1);
    // Abbreviations and e-mail addresses are not links.
    expect(findUrls("o.a. bijv. m.b.t. info@praktijk.nl")).toEqual([]);
    expect(countXLength("a".repeat(280))).toBe(280);
    expect(xAdapter.limits.countLength?.(`${"a".repeat(270)} 🙂🙂🙂🙂🙂`)).toBe(281);
  });
});

describe("X", () => {
  let channelId: string;

  it("connects through the routes with PKCE (S256) checked by the server; tokens encrypted, never returned", async () => {
    const start = await admin.post("/api/channels/x/oauth/start", {});
    const authorize = new URL(start.json<{ authorizeUrl: string }>().authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${server.url}/i/oauth2/authorize`);
    expect(authorize.searchParams.get("scope")?.split(" ").sort()).toEqual(["dm.read", "dm.write", "media.write", "offline.access", "tweet.read", "tweet.write", "users.read"]);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("client_id")).toBe(server.clientId);

    // A wrong verifier is refused by the server: nothing is stored.
    const approve = await fetch(authorize, { redirect: "manual" });
    const callback = new URL(approve.headers.get("location") ?? "");
    const state = callback.searchParams.get("state") ?? "";
    await t.ctx.db.update(oauthStates).set({ codeVerifierEnc: t.ctx.secrets.encrypt("a-verifier-that-does-not-match-the-challenge-at-all") }).where(eq(oauthStates.state, state));
    await expect(completeOAuthConnect(t.ctx, { network: "x", state, code: callback.searchParams.get("code") ?? "" })).rejects.toMatchObject({ code: "channel_error" });
    expect(await t.ctx.db.select().from(channels).where(eq(channels.network, "x"))).toHaveLength(0);

    channelId = await connectThroughRoutes();
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel).toMatchObject({ status: "active", handle: "@praktijkdelinde", externalAccountId: server.me.id });
    const { row, accessToken, refreshToken } = await credentialsOf(channelId);
    expect(server.accessTokens.has(accessToken ?? "")).toBe(true);
    expect(server.refreshTokens.has(refreshToken ?? "")).toBe(true);
    expect(row?.accessTokenEnc).toMatch(/^v1\./);
    expect(row?.accessTokenEnc).not.toContain(accessToken);
    expect(row?.refreshTokenEnc).not.toContain(refreshToken);
    // Two hours, as X issues them.
    expect(Math.abs((row?.expiresAt?.getTime() ?? 0) - (Date.now() + 7200_000))).toBeLessThan(60_000);

    const list = await admin.get("/api/channels");
    expect(list.body).not.toContain(accessToken);
    expect(list.body).not.toContain(refreshToken);
    expect(list.json<{ networks: { network: string; configured: boolean }[] }>().networks.find((n) => n.network === "x")).toMatchObject({ configured: true });
  });

  it("polls mentions and DMs across next_token pages, normalises them and never duplicates", async () => {
    const root = server.addMention({ username: "marieke", name: "Marieke", text: "Kan ik zaterdag langskomen voor de griepprik?" });
    server.addMention({ username: "jan", name: "Jan", text: "Goede vraag, ik ook", inReplyTo: root.id });
    for (let i = 0; i < 120; i++) {
      server.addMention({ username: `vraagsteller${i}`, text: `Vraag nummer ${i} over de openingstijden` });
    }
    const dm = server.addDm({ username: "noor", name: "Noor", text: "Mag ik u privé iets vragen over mijn afspraak?" });

    const first = await pollChannel(t.ctx, { orgId, channelId });
    expect(first.inserted).toBe(123);
    const mentionCalls = server.requests.filter((r) => r.path === `/2/users/${server.me.id}/mentions`);
    expect(mentionCalls).toHaveLength(2);
    expect(mentionCalls[0]?.query.get("expansions")).toBe("author_id");
    expect(mentionCalls[0]?.query.get("tweet.fields")).toContain("conversation_id");
    expect(mentionCalls[1]?.query.get("pagination_token")).toBeTruthy();

    const second = await pollChannel(t.ctx, { orgId, channelId });
    expect(second).toMatchObject({ fetched: 0, inserted: 0 });
    const lastMentions = server.requests.filter((r) => r.path.endsWith("/mentions")).at(-1);
    expect(lastMentions?.query.get("since_id")).toBe([...server.tweets.values()].filter((x) => x.mentionsMe).at(-1)?.id);

    const stored = await t.ctx.db.select().from(messages).where(eq(messages.channelId, channelId));
    expect(stored).toHaveLength(123);
    const reply = stored.find((m) => m.text.includes("Goede vraag"));
    expect(reply).toMatchObject({ authorHandle: "@jan", authorName: "Jan", visibility: "public", parentExternalId: root.id, direction: "inbound" });
    expect(reply?.extra).toMatchObject({ kind: "reply" });
    expect(reply?.permalink).toBe(`https://x.com/jan/status/${reply?.externalId}`);
    const rootRow = stored.find((m) => m.externalId === root.id);
    expect(rootRow?.threadId).toBe(reply?.threadId);
    expect(rootRow?.extra).toMatchObject({ kind: "mention" });
    const dmRow = stored.find((m) => m.externalId === dm.id);
    expect(dmRow).toMatchObject({ visibility: "private", authorHandle: "@noor", text: "Mag ik u privé iets vragen over mijn afspraak?" });
    expect(dmRow?.extra).toMatchObject({ kind: "direct_message", dmConversationId: dm.dm_conversation_id });
    const [dmThread] = await t.ctx.db.select().from(threads).where(eq(threads.id, dmRow?.threadId ?? ""));
    expect(dmThread?.externalThreadId).toBe(`dm:${dm.dm_conversation_id}`);
    expect(stored.filter((m) => m.triage !== null)).toHaveLength(123);

    // Only what is new comes in next time, mentions and DMs alike.
    server.addMention({ username: "piet", text: "Is de praktijk morgen open?" });
    server.addDm({ username: "noor", text: "Nog een vraag" });
    const third = await pollChannel(t.ctx, { orgId, channelId });
    expect(third).toMatchObject({ inserted: 2, duplicates: 0 });
  });

  it("publishes through the guard and enforces X's weighted length before sending", async () => {
    const before = server.posted.length;
    const blocked = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen." });
    expect(blocked.guard.verdict).toBe("block");
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: blocked.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "guard_blocked" });
    expect(server.posted.length).toBe(before);

    // 276 characters, but the five emoji weigh 2 each: 281, over X's limit, refused before sending.
    const emoji = `${"Kom gerust langs voor de griepprik. ".repeat(8).slice(0, 271)}🙂🙂🙂🙂🙂`;
    expect([...emoji].length).toBeLessThanOrEqual(280);
    expect(countXLength(emoji)).toBe(281);
    const heavy = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: emoji });
    expect(heavy.guard.verdict).not.toBe("block");
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: heavy.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "validation" });
    expect(server.posted.length).toBe(before);

    // 300 characters with a long link, but the link counts 23: within the limit, sent.
    const link = "https://www.thuisarts.nl/griep/ik-heb-griep-wat-kan-ik-zelf-doen-en-wanneer-bel-ik-de-huisarts";
    const withLink = `${"De griepprik is op zaterdag 18 oktober. Kom gerust langs! ".repeat(4).slice(0, 200)} Meer informatie: ${link}`;
    expect(withLink.length).toBeGreaterThan(280);
    const ok = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: withLink });
    expect(ok.guard.verdict).not.toBe("block");
    const published = await publishOutboundItem(t.ctx, { orgId, itemId: ok.item.id, actor: actor(), role: "webcare" });
    expect(published.item).toMatchObject({ status: "published", externalId: server.posted.at(-1)?.id });
    expect(server.posted.at(-1)?.text).toBe(withLink);
    expect(published.item.permalink).toBe(`https://x.com/praktijkdelinde/status/${published.item.externalId}`);

    // The same text again: X answers 403 duplicate; the item fails with a Dutch reason.
    const again = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: withLink });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: again.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "channel_error" });
    const [failed] = await t.ctx.db.select().from(outboundItems).where(eq(outboundItems.id, again.item.id));
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toContain("dezelfde tekst al eerder is geplaatst");
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("active");
  });

  it("replies in the thread, sends DMs (new and in a conversation) and refuses when X does", async () => {
    const [mention] = await t.ctx.db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.authorHandle, "@marieke")));
    const draft = await createOutboundItem(t.ctx, {
      orgId,
      userId,
      kind: "reply",
      channelId,
      inReplyToMessageId: mention?.id,
      text: "De griepprik is op zaterdag 18 oktober. Informatie over wie een uitnodiging krijgt staat op onze website.",
    });
    const published = await publishOutboundItem(t.ctx, { orgId, itemId: draft.item.id, actor: actor(), role: "webcare" });
    const tweet = server.posted.at(-1);
    expect(tweet?.referenced_tweets).toEqual([{ type: "replied_to", id: mention?.externalId }]);
    const outbound = await t.ctx.db.select().from(messages).where(eq(messages.externalId, published.item.externalId ?? ""));
    expect(outbound[0]).toMatchObject({ direction: "outbound", threadId: mention?.threadId });

    // A private follow-up to a public mention opens a DM with its author.
    const privately = await createOutboundItem(t.ctx, {
      orgId,
      userId,
      kind: "private_message",
      channelId,
      inReplyToMessageId: mention?.id,
      text: "Wilt u ons bellen? Dan kijken we samen wat er nodig is.",
    });
    await publishOutboundItem(t.ctx, { orgId, itemId: privately.item.id, actor: actor(), role: "webcare" });
    expect(server.sentDms.at(-1)).toMatchObject({ sender_id: server.me.id, text: "Wilt u ons bellen? Dan kijken we samen wat er nodig is." });
    expect(server.sentDms.at(-1)?.dm_conversation_id).toContain(mention?.authorExternalId ?? "?");

    // A reply to a DM stays in that DM conversation.
    const [dm] = await t.ctx.db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.visibility, "private"), eq(messages.direction, "inbound")));
    const dmReply = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: dm?.id, text: "Natuurlijk, stel uw vraag gerust via dit bericht." });
    await publishOutboundItem(t.ctx, { orgId, itemId: dmReply.item.id, actor: actor(), role: "webcare" });
    expect(server.sentDms.at(-1)?.dm_conversation_id).toBe((dm?.extra as { dmConversationId?: string }).dmConversationId);
    expect(server.requests.at(-1)?.path).toBe(`/2/dm_conversations/${(dm?.extra as { dmConversationId?: string }).dmConversationId}/messages`);

    // Someone who does not accept DMs: 403, a Dutch reason, nothing sent.
    server.closedDms.add(mention?.authorExternalId ?? "");
    const sentBefore = server.sentDms.length;
    const refused = await createOutboundItem(t.ctx, { orgId, userId, kind: "private_message", channelId, inReplyToMessageId: mention?.id, text: "Wilt u ons even bellen?" });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: refused.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({
      message: expect.stringContaining("geen privébericht") as unknown as string,
    });
    expect(server.sentDms.length).toBe(sentBefore);
  });

  it("uploads images (with alt text) before posting, and deletes", async () => {
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const created = await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) =>
      adapter.publish!(runtime, { text: "Onze nieuwe wachtkamer", media: [{ data: png, mimeType: "image/png", alt: "Wachtkamer met groene stoelen" }] }),
    );
    const tweet = server.tweets.get(created.externalId);
    expect(tweet?.media_ids).toHaveLength(1);
    expect(server.media.get(tweet?.media_ids[0] ?? "")).toMatchObject({ bytes: png.length, mimeType: "image/png", category: "tweet_image", alt: "Wachtkamer met groene stoelen" });
    await expect(
      withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) =>
        adapter.publish!(runtime, { text: "Te veel", media: Array.from({ length: 5 }, () => ({ data: png, mimeType: "image/png" })) }),
      ),
    ).rejects.toMatchObject({ code: "channel_error" });

    await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, created.externalId));
    expect(server.tweets.has(created.externalId)).toBe(false);
    await expect(withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, created.externalId))).rejects.toMatchObject({
      code: "channel_error",
      message: expect.stringContaining("niet gevonden") as unknown as string,
    });
  });

  it("refreshes an expired token under the row lock, stores the rotated refresh token and retries", async () => {
    const old = await credentialsOf(channelId);
    server.expireAccessTokens();
    server.addMention({ username: "kees", text: "Hebben jullie ook een avondspreekuur?" });
    const result = await pollChannel(t.ctx, { orgId, channelId });
    expect(result.inserted).toBe(1);
    const fresh = await credentialsOf(channelId);
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(fresh.refreshToken).not.toBe(old.refreshToken);
    expect(server.refreshTokens.has(fresh.refreshToken ?? "")).toBe(true);
    // Rotation: the old refresh token no longer works at X.
    expect(server.refreshTokens.has(old.refreshToken ?? "")).toBe(false);
    expect((fresh.row?.expiresAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(7000_000);

    // A token whose expiry we know has passed is refreshed before calling X at all.
    await t.ctx.db.update(channelCredentials).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(channelCredentials.channelId, channelId));
    const mark = server.requests.length;
    await pollChannel(t.ctx, { orgId, channelId });
    const calls = server.requests.slice(mark).map((r) => r.path);
    expect(calls[0]).toBe("/2/oauth2/token");
    expect(calls.filter((p) => p === "/2/oauth2/token")).toHaveLength(1);
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("active");
  });

  it("honours a 429 with x-rate-limit-reset, and reports rate_limited once retries are spent", async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 1;
    server.failNext(429, 1, { "x-rate-limit-reset": String(resetAt) });
    const mark = server.requests.length;
    await pollChannel(t.ctx, { orgId, channelId });
    const [limited, retried] = server.requests.slice(mark);
    expect(limited?.path).toBe(retried?.path);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(resetAt * 1000 - (limited?.at ?? 0) - 50);

    server.failNext(429, 4, { "x-rate-limit-reset": String(Math.floor(Date.now() / 1000)) });
    await expect(pollChannel(t.ctx, { orgId, channelId })).rejects.toMatchObject({ code: "rate_limited" });
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("active");
    expect(channel?.lastError).toContain("Rate limited");
  });

  it("marks the channel reconnect_needed when the grant is revoked (invalid_grant), with an audit event", async () => {
    server.revokeGrant();
    await expect(pollChannel(t.ctx, { orgId, channelId })).rejects.toMatchObject({ code: "reconnect_needed" });
    const [channel] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("reconnect_needed");
    expect(channel?.lastError).toContain("invalid_grant");
    const events = await t.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "channel.reconnect_needed")));
    expect(events).toHaveLength(1);
    // Reconnecting the same account makes the same channel active again.
    expect(await connectThroughRoutes()).toBe(channelId);
    const [reconnected] = await t.ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(reconnected?.status).toBe("active");
  });

  it("treats an unknown refresh token (X's invalid_request) as revoked too", async () => {
    await t.ctx.db
      .update(channelCredentials)
      .set({ refreshTokenEnc: t.ctx.secrets.encrypt("x-rt-never-issued"), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(channelCredentials.channelId, channelId));
    await expect(pollChannel(t.ctx, { orgId, channelId })).rejects.toMatchObject({ code: "reconnect_needed" });
    expect(await connectThroughRoutes()).toBe(channelId);
  });

  it("never writes tokens to the call log or outbound items", async () => {
    const { accessToken, refreshToken } = await credentialsOf(channelId);
    const calls = await t.ctx.db.select().from(outboundCalls).where(eq(outboundCalls.channelId, channelId));
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.every((c) => !c.url.includes("?"))).toBe(true);
    const items = await t.ctx.db.select().from(outboundItems).where(eq(outboundItems.orgId, orgId));
    for (const token of [accessToken, refreshToken]) {
      expect(token).toBeTruthy();
      expect(JSON.stringify(calls)).not.toContain(token);
      expect(JSON.stringify(items)).not.toContain(token);
    }
  });

  it("disconnects: revokes access and refresh token at X", async () => {
    const { accessToken, refreshToken } = await credentialsOf(channelId);
    const result = await disconnectChannel(t.ctx, { orgId, channelId, actor: actor() });
    expect(result.revoked).toBe(true);
    expect(server.accessTokens.has(accessToken ?? "")).toBe(false);
    expect(server.refreshTokens.has(refreshToken ?? "")).toBe(false);
    expect(await t.ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId))).toHaveLength(0);
  });
});

describe("X confidential client", () => {
  it("authenticates at the token endpoint with HTTP Basic when X_CLIENT_SECRET is set", async () => {
    const confidential = await startXServer({ clientSecret: "s3cret" });
    try {
      const env = { X_CLIENT_ID: confidential.clientId, X_API_URL: confidential.url, X_OAUTH_URL: `${confidential.url}/i/oauth2/authorize` };
      // Without the secret the server refuses the client.
      const first = await startOAuthConnect(t.ctx, { orgId, userId, network: "x", settings: {}, env });
      const back = new URL((await fetch(first.authorizeUrl, { redirect: "manual" })).headers.get("location") ?? "");
      await expect(
        completeOAuthConnect(t.ctx, { network: "x", state: back.searchParams.get("state") ?? "", code: back.searchParams.get("code") ?? "", env }),
      ).rejects.toMatchObject({ message: expect.stringContaining("X_CLIENT_SECRET") as unknown as string });

      const withSecret = { ...env, X_CLIENT_SECRET: "s3cret" };
      const second = await startOAuthConnect(t.ctx, { orgId, userId, network: "x", settings: {}, env: withSecret });
      const ok = new URL((await fetch(second.authorizeUrl, { redirect: "manual" })).headers.get("location") ?? "");
      const done = await completeOAuthConnect(t.ctx, { network: "x", state: ok.searchParams.get("state") ?? "", code: ok.searchParams.get("code") ?? "", env: withSecret });
      expect(done.channels).toHaveLength(1);
      const tokenCall = confidential.requests.filter((r) => r.path === "/2/oauth2/token").at(-1);
      expect(tokenCall?.authorization).toBe(`Basic ${Buffer.from(`${confidential.clientId}:s3cret`).toString("base64")}`);
      await disconnectChannel(t.ctx, { orgId, channelId: done.channels[0]?.id ?? "", actor: actor(), env: withSecret });
    } finally {
      await confidential.close();
    }
  });
});
