/**
 * Facebook Page end to end against the local Meta Graph server (test/channels/meta-server.ts) on
 * PGlite: Facebook Login through the routes (one channel per page, tokens encrypted and never
 * returned), polling feed comments / visitor posts / tags / Messenger / reviews with pagination and
 * de-duplication, webhooks (handshake, signature, duplicate delivery), publishing, replies, private
 * replies and delete through the publishing service (the guard runs first), token classification
 * and Meta's rate limits.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelError } from "../../src/channels/contract.ts";
import { CURSOR_OVERLAP_S, graphError, graphTime, parseCursor, parseUsage } from "../../src/channels/meta/graph.ts";
import { disconnectChannel } from "../../src/channels/service/disconnect-channel.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import { withChannelRuntime } from "../../src/channels/service/with-channel-runtime.ts";
import { createOutboundItem } from "../../src/publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../src/publishing/publish-outbound-item.ts";
import { auditEvents, channelCredentials, channels, messages, outboundCalls, threads, webhookEvents } from "../../src/store/schema.ts";
import { createTestApp, type Session, signIn, type TestApp } from "../api-client.ts";
import { buildUser } from "../factories.ts";
import { type FbComment, type FbPost, META_VERIFY_TOKEN, type MetaTestServer, startMetaServer } from "./meta-server.ts";

let t: TestApp;
let server: MetaTestServer;
let admin: Session;
let orgId: string;
let userId: string;
let offsetMs = 0;
const saved: Record<string, string | undefined> = {};
const actor = () => ({ kind: "user" as const, userId, label: "Anna" });
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

async function connectFacebook(): Promise<{ location: string }> {
  const start = await admin.post("/api/channels/facebook/oauth/start", {});
  expect(start.statusCode).toBe(200);
  const approve = await fetch(start.json<{ authorizeUrl: string }>().authorizeUrl, { redirect: "manual" });
  const callback = new URL(approve.headers.get("location") ?? "");
  const done = await admin.get(`${callback.pathname}${callback.search}`);
  return { location: String(done.headers.location) };
}

async function channelOf(pageId: string) {
  const [row] = await t.database.db.select().from(channels).where(and(eq(channels.orgId, orgId), eq(channels.network, "facebook"), eq(channels.externalAccountId, pageId)));
  if (!row) {
    throw new Error(`no channel for page ${pageId}`);
  }
  return row;
}

async function messageByExternalId(channelId: string, externalId: string) {
  const [row] = await t.database.db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId)));
  return row;
}

beforeAll(async () => {
  server = await startMetaServer();
  for (const [key, value] of Object.entries(server.env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  t = await createTestApp("pglite", { now: () => new Date(Date.now() + offsetMs) });
  const built = await buildUser(t.database.db, { role: "admin" });
  orgId = built.orgId;
  userId = built.user.id;
  admin = await signIn(t.app, built.user.email, built.password);
});
afterAll(async () => {
  await t?.close();
  await server?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
});

describe("Meta Graph helpers", () => {
  const response = (status: number, error: object | undefined, headers: Record<string, string> = {}) => ({
    status,
    json: error ? { error } : undefined,
    text: "",
    headers: new Headers(headers),
  });

  it("classifies Meta's documented error codes", () => {
    const kind = (status: number, code?: number, subcode?: number) =>
      graphError(response(status, code === undefined ? undefined : { message: "x", type: "OAuthException", code, error_subcode: subcode }), "Facebook", "test").kind;
    expect(kind(400, 190, 463)).toBe("auth_expired");
    expect(kind(400, 190, 467)).toBe("auth_expired");
    expect(kind(400, 190, 460)).toBe("auth_revoked");
    expect(kind(400, 190, 458)).toBe("auth_revoked");
    expect(kind(400, 190)).toBe("auth_revoked");
    expect(kind(400, 102)).toBe("auth_revoked");
    for (const code of [4, 17, 32, 613, 80001, 80014]) {
      expect(kind(400, code)).toBe("rate_limited");
    }
    expect(kind(500, 1)).toBe("transient");
    expect(kind(400, 2)).toBe("transient");
    expect(kind(400, 100)).toBe("rejected");
    expect(kind(400, 10, 2018278)).toBe("rejected");
    // A bare 401 without Meta's code (a proxy, an edge) is a hiccup, never a disconnect.
    expect(kind(401)).toBe("transient");
    expect(kind(404)).toBe("rejected");
    const throttled = graphError(
      response(400, { message: "(#80001) There have been too many calls to this Page account.", code: 80001 }, {
        "x-business-use-case-usage": JSON.stringify({ "201": [{ type: "pages", call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 7 }] }),
      }),
      "Facebook",
      "tijdlijn ophalen",
    );
    expect(throttled).toMatchObject({ kind: "rate_limited", details: { retryAfterMs: 7 * 60_000, networkCode: 80001 } });
    expect(throttled.message).toContain("Facebook vraagt ons te wachten");
  });

  it("reads usage headers, Graph times and cursors", () => {
    expect(parseUsage(new Headers({ "x-app-usage": '{"call_count":91,"total_cputime":5,"total_time":7}' })).percent).toBe(91);
    expect(parseUsage(new Headers({ "x-app-usage": "not json" })).percent).toBe(0);
    expect(graphTime("2026-01-05T10:00:00+0000", new Date(0)).toISOString()).toBe("2026-01-05T10:00:00.000Z");
    expect(graphTime(1767607200, new Date(0)).toISOString()).toBe("2026-01-05T10:00:00.000Z");
    expect(graphTime(1767607200123, new Date(0)).toISOString()).toBe("2026-01-05T10:00:00.123Z");
    expect(graphTime("onzin", new Date(5)).getTime()).toBe(5);
    expect(parseCursor("{kapot")).toEqual({ since: 0 });
    expect(parseCursor('{"since":12,"pauseUntil":99}')).toEqual({ since: 12, pauseUntil: 99 });
  });
});

describe("Facebook Page", () => {
  let main: string;
  let second: string;
  let busyPost: FbPost;
  let patientComment: FbComment;
  let answerComment: FbComment;
  const dmFrom = { id: "psid-noor", name: "Noor Bakker" };

  it("lists Facebook as configured and connects every managed page through Facebook Login", async () => {
    const list = await admin.get("/api/channels");
    expect(list.json<{ networks: { network: string; configured: boolean; connect: unknown }[] }>().networks.find((n) => n.network === "facebook")).toMatchObject({
      configured: true,
      connect: { type: "oauth" },
    });
    const start = await admin.post("/api/channels/facebook/oauth/start", {});
    const authorize = new URL(start.json<{ authorizeUrl: string }>().authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(server.oauthUrl);
    expect(authorize.searchParams.get("client_id")).toBe(server.env.FACEBOOK_APP_ID);
    expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/channels/facebook/oauth/callback");
    expect(authorize.searchParams.get("scope")).toContain("pages_messaging");
    expect(authorize.searchParams.get("code_challenge")).toBeNull();

    const approve = await fetch(authorize.toString(), { redirect: "manual" });
    const callback = new URL(approve.headers.get("location") ?? "");
    expect(callback.pathname).toBe("/api/channels/facebook/oauth/callback");
    const done = await admin.get(`${callback.pathname}${callback.search}`);
    expect(done.headers.location).toBe("/instellingen/kanalen?connected=facebook");
    // The state is used once.
    const replay = await admin.get(`${callback.pathname}${callback.search}`);
    expect(String(replay.headers.location)).toMatch(/^\/instellingen\/kanalen\?error=/);

    // code → short token → long-lived token → /me/accounts followed across its pages.
    const tokenCalls = server.requests.filter((r) => r.path === "/v21.0/oauth/access_token");
    expect(tokenCalls.map((r) => r.query.grant_type ?? "code")).toEqual(["code", "fb_exchange_token"]);
    expect(server.requests.filter((r) => r.path === "/v21.0/me/accounts")).toHaveLength(2);
    expect([...server.subscribed].sort()).toEqual(["201", "202"]);

    const listed = await admin.get("/api/channels");
    const body = listed.json<{ channels: { id: string; network: string; name: string; status: string }[] }>();
    expect(body.channels.filter((c) => c.network === "facebook").map((c) => c.name).sort()).toEqual([
      "Facebook – Fysiotherapie De Linde",
      "Facebook – Huisartsenpraktijk De Linde",
    ]);
    for (const token of server.tokens.keys()) {
      expect(listed.body).not.toContain(token);
    }
    expect(listed.body).not.toContain("accessToken");

    main = (await channelOf("201")).id;
    second = (await channelOf("202")).id;
    const [creds] = await t.database.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, main));
    const pageToken = server.pageTokens("201").at(-1) ?? "";
    expect(pageToken).toMatch(/^EAApage201x/);
    expect(creds?.accessTokenEnc).toMatch(/^v1\./);
    expect(creds?.accessTokenEnc).not.toContain(pageToken);
    expect(t.ctx.secrets.decrypt(creds?.accessTokenEnc ?? "")).toBe(pageToken);
    expect(server.tokens.get(t.ctx.secrets.decrypt(creds?.secretEnc ?? ""))?.kind).toBe("user");
    expect(creds?.expiresAt).toBeNull();
  });

  it("fetches comments, replies, visitor posts, tags, Messenger and reviews across pages, normalised, without duplicates", async () => {
    const posts: FbPost[] = [];
    for (let i = 0; i < 30; i++) {
      posts.push(server.addPost({ message: `Bericht ${i} van de praktijk`, at: minutesAgo(600 - i * 10) }));
    }
    busyPost = posts.at(-1) as FbPost;
    for (let i = 0; i < 60; i++) {
      server.addComment({ postId: busyPost.id, message: `Vraag ${i} over de griepprik`, from: { id: `u${i}`, name: `Persoon ${i}` }, at: minutesAgo(200 - i) });
    }
    const oldPost = posts[1] as FbPost; // on the second page of the feed
    patientComment = server.addComment({ postId: oldPost.id, message: "Kan ik zaterdag langskomen voor de griepprik?", from: { id: "u-marieke", name: "Marieke Jansen" }, at: minutesAgo(30) });
    answerComment = server.addComment({ postId: oldPost.id, parentId: patientComment.id, message: "Ik wil dat ook weten!", from: { id: "u-jan", name: "Jan" }, at: minutesAgo(29) });
    const ownAnswer = server.addComment({ postId: oldPost.id, parentId: patientComment.id, message: "Ja, dat kan van 9 tot 12 uur.", at: minutesAgo(28) });
    const visitor = server.addPost({ from: { id: "u-kees", name: "Kees de Boer" }, message: "Waarom is de praktijk vandaag dicht?", at: minutesAgo(20) });
    const tagged = server.addPost({ from: { id: "u-els", name: "Els" }, message: "Goed geholpen bij De Linde vandaag", at: minutesAgo(15), tagsPage: true });
    const dm = server.addMessengerMessage({ from: dmFrom, text: "Mag ik u privé iets vragen over mijn uitslag?", at: minutesAgo(10) });
    const review = server.addRating({ reviewer: { id: "u-piet", name: "Piet" }, text: "Fijne praktijk, altijd goed geholpen.", at: minutesAgo(5) });
    server.addRating({ reviewer: { id: "u-stil", name: "Stil" }, at: minutesAgo(4) }); // no text: nothing to answer

    const first = await pollChannel(t.ctx, { orgId, channelId: main });
    expect(first.inserted).toBe(60 + 3 + 1 + 1 + 1 + 1);
    expect(server.requests.filter((r) => r.path === "/v21.0/201/feed")).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === `/v21.0/${busyPost.id}/comments`)).toHaveLength(1);

    const stored = await t.database.db.select().from(messages).where(eq(messages.channelId, main));
    expect(stored).toHaveLength(first.inserted);
    const comment = await messageByExternalId(main, patientComment.id);
    expect(comment).toMatchObject({ direction: "inbound", authorName: "Marieke Jansen", authorExternalId: "u-marieke", visibility: "public", permalink: patientComment.permalink_url, parentExternalId: oldPost.id });
    expect(comment?.extra).toMatchObject({ kind: "comment" });
    const reply = await messageByExternalId(main, answerComment.id);
    expect(reply).toMatchObject({ parentExternalId: patientComment.id, threadId: comment?.threadId });
    expect(reply?.extra).toMatchObject({ kind: "reply", parentCommentId: patientComment.id });
    const [thread] = await t.database.db.select().from(threads).where(eq(threads.id, comment?.threadId ?? ""));
    expect(thread?.externalThreadId).toBe(oldPost.id);
    expect((await messageByExternalId(main, ownAnswer.id))?.direction).toBe("outbound");
    expect((await messageByExternalId(main, visitor.id))?.extra).toMatchObject({ kind: "post" });
    expect((await messageByExternalId(main, tagged.id))?.extra).toMatchObject({ kind: "mention" });
    const direct = await messageByExternalId(main, dm.id);
    expect(direct).toMatchObject({ visibility: "private", authorExternalId: dmFrom.id, authorName: dmFrom.name });
    expect(direct?.extra).toMatchObject({ kind: "direct_message" });
    const [dmThread] = await t.database.db.select().from(threads).where(eq(threads.id, direct?.threadId ?? ""));
    expect(dmThread).toMatchObject({ externalThreadId: `messenger:${dmFrom.id}`, visibility: "private" });
    expect((await messageByExternalId(main, review.storyId))?.extra).toMatchObject({ kind: "review", recommendationType: "positive" });
    expect(stored.filter((m) => m.direction === "inbound").every((m) => m.triage !== null)).toBe(true);

    const again = await pollChannel(t.ctx, { orgId, channelId: main });
    expect(again.inserted).toBe(0);
    const [channel] = await t.database.db.select().from(channels).where(eq(channels.id, main));
    // The cursor trails the newest item by the overlap window (items that show up late are still read).
    expect(JSON.parse(channel?.cursor ?? "{}").since).toBeGreaterThanOrEqual(Math.floor(review.created.getTime() / 1000) - CURSOR_OVERLAP_S);
    expect(again.duplicates).toBeGreaterThan(0);
    expect(await t.database.db.select().from(messages).where(eq(messages.channelId, main))).toHaveLength(first.inserted);
    // A comment that appears in the API late, dated a minute before the newest item seen, is still read.
    const late = server.addComment({ postId: busyPost.id, message: "Laat zichtbaar: kan ik ook op zaterdag terecht?", from: { id: "u-late", name: "Late Lotte" }, at: new Date(review.created.getTime() - 60_000) });
    expect((await pollChannel(t.ctx, { orgId, channelId: main })).inserted).toBe(1);
    expect(await messageByExternalId(main, late.id)).toBeDefined();

    server.addComment({ postId: busyPost.id, message: "Nog een vraag over de openingstijden", from: { id: "u-x", name: "X" } });
    expect((await pollChannel(t.ctx, { orgId, channelId: main })).inserted).toBe(1);
  });

  it("answers the webhook handshake only with the right verify token", async () => {
    const good = await t.app.inject({ method: "GET", url: `/api/webhooks/facebook?hub.mode=subscribe&hub.verify_token=${META_VERIFY_TOKEN}&hub.challenge=1158201444` });
    expect(good.statusCode).toBe(200);
    expect(good.body).toBe("1158201444");
    const bad = await t.app.inject({ method: "GET", url: "/api/webhooks/facebook?hub.mode=subscribe&hub.verify_token=fout&hub.challenge=1158201444" });
    expect(bad.statusCode).toBe(403);
    expect(bad.body).not.toContain("1158201444");
  });

  it("stores signed webhooks once, refuses a bad signature and stays in step with polling", async () => {
    const eventsBefore = (await t.database.db.select().from(webhookEvents)).length;
    const messagesBefore = (await t.database.db.select().from(messages).where(eq(messages.channelId, main))).length;
    const comment = server.addComment({ postId: busyPost.id, message: "Zijn er nog plekken voor de griepprik?", from: { id: "u-ria", name: "Ria" } });
    const delivery = server.signedWebhook(server.feedCommentWebhook(comment));

    const forged = await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: { ...delivery.headers, "x-hub-signature-256": `sha256=${"0".repeat(64)}` }, payload: delivery.body });
    expect(forged.statusCode).toBe(403);
    const wrongSecret = server.signedWebhook(server.feedCommentWebhook(comment), "een-ander-geheim");
    expect((await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: wrongSecret.headers, payload: wrongSecret.body })).statusCode).toBe(403);
    const unsigned = await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: { "content-type": "application/json" }, payload: delivery.body });
    expect(unsigned.statusCode).toBe(403);
    expect(await t.database.db.select().from(webhookEvents)).toHaveLength(eventsBefore);
    expect(await t.database.db.select().from(messages).where(eq(messages.channelId, main))).toHaveLength(messagesBefore);

    const ok = await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: delivery.headers, payload: delivery.body });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ received: true, inserted: 1 });
    const repeated = await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: delivery.headers, payload: delivery.body });
    expect(repeated.json()).toMatchObject({ received: true, inserted: 0 });
    const stored = await messageByExternalId(main, comment.id);
    expect(stored).toMatchObject({ authorName: "Ria", visibility: "public", parentExternalId: busyPost.id });
    // The next poll sees the same comment and does not store it again.
    const polled = await pollChannel(t.ctx, { orgId, channelId: main });
    expect(polled.inserted).toBe(0);
    expect(polled.duplicates).toBeGreaterThanOrEqual(1);

    // Messenger by webhook lands in the same private thread as the polled conversation.
    const dm = server.addMessengerMessage({ from: dmFrom, text: "Ik heb nog een vraag over mijn recept." });
    const dmDelivery = server.signedWebhook(server.messengerWebhook("201", dm));
    expect((await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: dmDelivery.headers, payload: dmDelivery.body })).json()).toMatchObject({ inserted: 1 });
    const viaHook = await messageByExternalId(main, dm.id);
    const [firstDm] = await t.database.db.select().from(messages).where(and(eq(messages.channelId, main), eq(messages.visibility, "private"), eq(messages.authorExternalId, dmFrom.id)));
    expect(viaHook).toMatchObject({ visibility: "private", threadId: firstDm?.threadId });

    // A delivery for a page nobody connected is accepted and stores nothing; malformed JSON is a 400.
    const stranger = server.signedWebhook({ object: "page", entry: [{ id: "999", time: 1, changes: [{ field: "feed", value: { item: "comment", verb: "add", comment_id: "1_2", post_id: "999_1", message: "Hallo" } }] }] });
    expect((await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: stranger.headers, payload: stranger.body })).json()).toMatchObject({ inserted: 0 });
    const broken = server.signedWebhook("{niet-json");
    const brokenAnswer = await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: broken.headers, payload: broken.body });
    expect(brokenAnswer.statusCode).toBe(400);
  });

  it("publishes, replies, answers privately and deletes through the guard", async () => {
    const feedPosts = () => server.requests.filter((r) => r.method === "POST" && r.path === "/v21.0/201/feed").length;
    const blocked = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId: main, text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen." });
    expect(blocked.guard.verdict).toBe("block");
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: blocked.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "guard_blocked" });
    expect(feedPosts()).toBe(0);

    const ok = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId: main, text: "De griepprik is op zaterdag 18 oktober. Kom gerust langs!" });
    const published = await publishOutboundItem(t.ctx, { orgId, itemId: ok.item.id, actor: actor(), role: "webcare" });
    const post = server.posts.get(published.item.externalId ?? "");
    expect(post).toMatchObject({ message: "De griepprik is op zaterdag 18 oktober. Kom gerust langs!", pageId: "201" });
    expect(published.item).toMatchObject({ status: "published", permalink: post?.permalink_url });
    expect(feedPosts()).toBe(1);

    // A public reply goes under the comment; an answer to a reply goes under its parent comment.
    const patient = await messageByExternalId(main, patientComment.id);
    const replyDraft = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId: main, inReplyToMessageId: patient?.id, text: "Ja, zaterdag bent u welkom tussen 9 en 12 uur." });
    const replied = await publishOutboundItem(t.ctx, { orgId, itemId: replyDraft.item.id, actor: actor(), role: "webcare" });
    expect(server.comments.get(replied.item.externalId ?? "")).toMatchObject({ parentId: patientComment.id, from: { id: "201" } });
    const answer = await messageByExternalId(main, answerComment.id);
    const nested = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId: main, inReplyToMessageId: answer?.id, text: "Ook voor u geldt: zaterdag van 9 tot 12 uur." });
    const nestedDone = await publishOutboundItem(t.ctx, { orgId, itemId: nested.item.id, actor: actor(), role: "webcare" });
    expect(server.comments.get(nestedDone.item.externalId ?? "")?.parentId).toBe(patientComment.id);
    // Our own reply comes back in the next poll and is not stored twice.
    await pollChannel(t.ctx, { orgId, channelId: main });
    expect(await t.database.db.select().from(messages).where(and(eq(messages.channelId, main), eq(messages.externalId, replied.item.externalId ?? "")))).toHaveLength(1);

    // Private reply to a public comment: one message, with recipient.comment_id.
    const privateDraft = await createOutboundItem(t.ctx, { orgId, userId, kind: "private_message", channelId: main, inReplyToMessageId: patient?.id, text: "Wilt u ons bellen op 030 123 45 67? Dan kijken we samen wat er nodig is." });
    await publishOutboundItem(t.ctx, { orgId, itemId: privateDraft.item.id, actor: actor(), role: "webcare" });
    expect(server.sent.at(-1)).toMatchObject({ pageId: "201", recipient: { comment_id: patientComment.id }, messaging_type: "RESPONSE" });
    const secondPrivate = await createOutboundItem(t.ctx, { orgId, userId, kind: "private_message", channelId: main, inReplyToMessageId: patient?.id, text: "Nog een bericht van ons." });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: secondPrivate.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "channel_error" });
    expect((await channelOf("201")).status).toBe("active");

    // Answering a Messenger message uses the Send API with the person's id.
    const [dm] = await t.database.db.select().from(messages).where(and(eq(messages.channelId, main), eq(messages.authorExternalId, dmFrom.id)));
    const dmDraft = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId: main, inReplyToMessageId: dm?.id, text: "Dank voor uw bericht. Belt u ons even op 030 123 45 67?" });
    const dmDone = await publishOutboundItem(t.ctx, { orgId, itemId: dmDraft.item.id, actor: actor(), role: "webcare" });
    expect(server.sent.at(-1)).toMatchObject({ recipient: { id: dmFrom.id }, text: "Dank voor uw bericht. Belt u ons even op 030 123 45 67?" });
    expect(dmDone.item.externalId).toBe(server.sent.at(-1)?.message_id);
    // Outside Messenger's 24-hour window Meta refuses; the error says so in Dutch.
    const late = server.addMessengerMessage({ from: { id: "psid-oud", name: "Oud" }, text: "Hallo, een vraag van eergisteren", at: minutesAgo(48 * 60) });
    const lateHook = server.signedWebhook(server.messengerWebhook("201", late));
    await t.app.inject({ method: "POST", url: "/api/webhooks/facebook", headers: lateHook.headers, payload: lateHook.body });
    const lateStored = await messageByExternalId(main, late.id);
    const lateDraft = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId: main, inReplyToMessageId: lateStored?.id, text: "Excuses voor de late reactie, belt u ons even?" });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: lateDraft.item.id, actor: actor(), role: "webcare" })).rejects.toThrow(/24 uur/);

    // Photos are uploaded unpublished and attached; delete removes the post.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const withPhotos = await withChannelRuntime(t.ctx, { orgId, channelId: main }, (adapter, runtime) =>
      adapter.publish!(runtime, { text: "Onze nieuwe wachtkamer", media: [{ data: png, mimeType: "image/png", alt: "Wachtkamer" }, { data: png, mimeType: "image/png" }] }),
    );
    const photoPost = server.posts.get(withPhotos.externalId);
    expect(photoPost?.attached_media).toHaveLength(2);
    expect(photoPost?.attached_media.every((id) => server.photos.get(id)?.published === true && server.photos.get(id)?.type === "image/png")).toBe(true);
    await withChannelRuntime(t.ctx, { orgId, channelId: main }, (adapter, runtime) => adapter.delete!(runtime, withPhotos.externalId));
    expect(server.posts.has(withPhotos.externalId)).toBe(false);
    expect(server.deleted).toContain(withPhotos.externalId);
    await expect(withChannelRuntime(t.ctx, { orgId, channelId: main }, (adapter, runtime) => adapter.delete!(runtime, "201_404"))).rejects.toMatchObject({ code: "channel_error" });
  });

  it("skips a refused optional source (Messenger without permission) with a visible warning; the rest still arrives", async () => {
    server.addPost({ pageId: "201", from: { id: "p-77", name: "Sanne Visser" }, message: "Wat zijn de openingstijden tussen kerst en oud en nieuw?", tagsPage: false });
    server.failNext({ status: 403, code: 200, message: "(#200) Requires pages_messaging permission to manage the object", pathEndsWith: "/conversations" });
    const result = await pollChannel(t.ctx, { orgId, channelId: main });
    expect(result.warnings).toEqual([expect.stringContaining("Messenger-gesprekken overgeslagen")]);
    expect(result.inserted).toBeGreaterThan(0);
    const stored = await t.database.db.select().from(messages).where(eq(messages.channelId, main));
    expect(stored.some((m) => m.text.includes("openingstijden tussen kerst"))).toBe(true);
    expect((await channelOf("201")).lastError).toContain("pages_messaging");
    expect((await channelOf("201")).status).toBe("active");
    // The next poll without the refusal clears the warning.
    expect((await pollChannel(t.ctx, { orgId, channelId: main })).warnings).toEqual([]);
    expect((await channelOf("201")).lastError).toBeNull();
  });

  it("honours Meta's rate limits: retries a 429, stops on code 4 and pauses when usage is high", async () => {
    server.failNext({ status: 429, code: 4, message: "(#4) Application request limit reached", headers: { "retry-after": "0" } });
    const start = server.requests.length;
    await pollChannel(t.ctx, { orgId, channelId: main });
    const [throttledCall, retriedCall] = server.requests.slice(start);
    expect(retriedCall?.path).toBe(throttledCall?.path);
    expect((await channelOf("201")).lastError).toBeNull();

    server.failNext({
      status: 403,
      code: 80001,
      message: "(#80001) There have been too many calls to this Page account. Wait a bit and try again.",
      headers: { "x-business-use-case-usage": JSON.stringify({ "201": [{ type: "pages", call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 7 }] }) },
    });
    const throttled = await pollChannel(t.ctx, { orgId, channelId: main }).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ code: "rate_limited" });
    expect(((throttled as Error).cause as ChannelError).details.retryAfterMs).toBe(7 * 60_000);
    const afterThrottle = await channelOf("201");
    expect(afterThrottle.status).toBe("active");
    expect(afterThrottle.lastError).toContain("80001");

    // Usage at 95 %: one call, then the poll stops, keeps its position and pauses.
    const fresh = server.addComment({ postId: busyPost.id, message: "Is de praktijk morgen open?", from: { id: "u-y", name: "Y" } });
    const cursorBefore = JSON.parse(afterThrottle.cursor ?? "{}") as { since: number };
    server.setUsage({ "x-app-usage": JSON.stringify({ call_count: 95, total_cputime: 12, total_time: 14 }) });
    const before = server.requests.length;
    const paused = await pollChannel(t.ctx, { orgId, channelId: main });
    expect(server.requests.length - before).toBe(1);
    expect(paused.inserted).toBe(1);
    expect(await messageByExternalId(main, fresh.id)).toBeDefined();
    const pausedCursor = JSON.parse((await channelOf("201")).cursor ?? "{}") as { since: number; pauseUntil: number };
    expect(pausedCursor.since).toBe(cursorBefore.since);
    expect(pausedCursor.pauseUntil).toBeGreaterThan(Date.now() + 14 * 60_000);
    const during = server.requests.length;
    expect(await pollChannel(t.ctx, { orgId, channelId: main })).toMatchObject({ fetched: 0 });
    expect(server.requests.length).toBe(during);

    server.setUsage(null);
    offsetMs = 16 * 60_000;
    try {
      await pollChannel(t.ctx, { orgId, channelId: main });
      expect(server.requests.length).toBeGreaterThan(during + 3);
      expect(JSON.parse((await channelOf("201")).cursor ?? "{}").pauseUntil).toBeUndefined();
    } finally {
      offsetMs = 0;
    }
  });

  it("classifies expired and revoked tokens: the channel needs reconnecting, audited; reconnecting restores it", async () => {
    server.setTokenState("expired", "202");
    // Expired (190/463): Facebook page tokens cannot be refreshed, so the core asks for a reconnect.
    await expect(pollChannel(t.ctx, { orgId, channelId: second })).rejects.toThrow(/Session has expired/);
    expect((await channelOf("202")).status).toBe("reconnect_needed");
    server.setTokenState("password_changed", "201");
    await expect(pollChannel(t.ctx, { orgId, channelId: main })).rejects.toMatchObject({ code: "reconnect_needed" });
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "channel.reconnect_needed")));
    expect(events.map((e) => (e.data as { reason: string }).reason).sort()).toEqual(["auth_expired", "auth_revoked"]);
    expect(events.map((e) => e.targetId).sort()).toEqual([main, second].sort());

    const { location } = await connectFacebook();
    expect(location).toBe("/instellingen/kanalen?connected=facebook");
    expect((await channelOf("201")).id).toBe(main);
    expect((await channelOf("201")).status).toBe("active");
    // Reconnected: polling works again (it threw reconnect_needed before).
    await expect(pollChannel(t.ctx, { orgId, channelId: main })).resolves.toMatchObject({ inserted: expect.any(Number) });
  });

  it("keeps tokens out of the call log and revokes on disconnect", async () => {
    const calls = await t.database.db.select().from(outboundCalls).where(eq(outboundCalls.channelId, main));
    expect(calls.length).toBeGreaterThan(10);
    const log = JSON.stringify(calls);
    for (const token of server.tokens.keys()) {
      expect(log).not.toContain(token);
    }
    expect(calls.every((c) => !c.url.includes("?"))).toBe(true);

    const [creds] = await t.database.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, second));
    const userToken = t.ctx.secrets.decrypt(creds?.secretEnc ?? "");
    const [mainCreds] = await t.database.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, main));
    expect(t.ctx.secrets.decrypt(mainCreds?.secretEnc ?? "")).toBe(userToken);
    const revokes = () => server.requests.filter((r) => r.method === "DELETE" && r.path === "/v21.0/me/permissions" && r.token === userToken).length;
    // Both pages came from one Facebook Login: disconnecting one must not end the other's grant.
    const first = await disconnectChannel(t.ctx, { orgId, channelId: second, actor: actor() });
    expect(first.revoked).toBe(false);
    expect(revokes()).toBe(0);
    expect(server.tokens.get(userToken)?.state).not.toBe("revoked");
    // The other page's grant is intact: polling it still works.
    await expect(pollChannel(t.ctx, { orgId, channelId: main })).resolves.toMatchObject({ fetched: expect.any(Number) });
    // The last channel of that login revokes the app's permissions.
    const result = await disconnectChannel(t.ctx, { orgId, channelId: main, actor: actor() });
    expect(result.revoked).toBe(true);
    expect(revokes()).toBe(1);
    expect(server.tokens.get(userToken)?.state).toBe("revoked");
    expect(await t.database.db.select().from(channels).where(eq(channels.id, main))).toHaveLength(0);
    expect(await t.database.db.select().from(channels).where(eq(channels.id, second))).toHaveLength(0);
    expect(await t.database.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, second))).toHaveLength(0);
  });
});
