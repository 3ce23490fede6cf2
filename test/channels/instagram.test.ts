/**
 * Instagram professional account end to end against the local Meta Graph server on PGlite:
 * Facebook Login through the routes (one channel per linked Instagram account, the page token kept
 * encrypted), polling comments with replies, tags and Direct messages with pagination and
 * de-duplication, "instagram" webhooks, publishing (no text-only posts; images by public URL,
 * carousels), replies, private replies and delete through the publishing service, token and
 * rate-limit handling.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelError } from "../../src/channels/contract.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import { withChannelRuntime } from "../../src/channels/service/with-channel-runtime.ts";
import { createOutboundItem } from "../../src/publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../src/publishing/publish-outbound-item.ts";
import { auditEvents, channelCredentials, channels, messages, threads, webhookEvents } from "../../src/store/schema.ts";
import { createTestApp, type Session, signIn, type TestApp } from "../api-client.ts";
import { buildUser } from "../factories.ts";
import { type IgComment, type IgMedia, META_VERIFY_TOKEN, type MetaTestServer, startMetaServer } from "./meta-server.ts";

let t: TestApp;
let server: MetaTestServer;
let admin: Session;
let orgId: string;
let userId: string;
const saved: Record<string, string | undefined> = {};
const actor = () => ({ kind: "user" as const, userId, label: "Anna" });
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const IG_ID = "17841400000000001";

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
  t = await createTestApp("pglite");
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

describe("Instagram professional account", () => {
  let channelId: string;
  let newest: IgMedia;
  let question: IgComment;
  let answer: IgComment;
  let tagged: IgMedia;
  const dmFrom = { id: "igsid-lotte", username: "lotte.v" };

  it("connects the Instagram account linked to a managed page through Facebook Login", async () => {
    const start = await admin.post("/api/channels/instagram/oauth/start", {});
    expect(start.statusCode).toBe(200);
    const authorize = new URL(start.json<{ authorizeUrl: string }>().authorizeUrl);
    expect(authorize.searchParams.get("scope")).toContain("instagram_manage_comments");
    expect(authorize.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/channels/instagram/oauth/callback");
    const approve = await fetch(authorize.toString(), { redirect: "manual" });
    const callback = new URL(approve.headers.get("location") ?? "");
    const done = await admin.get(`${callback.pathname}${callback.search}`);
    expect(done.headers.location).toBe("/instellingen/kanalen?connected=instagram");

    const listed = await admin.get("/api/channels");
    const body = listed.json<{ channels: { id: string; network: string; name: string; handle: string }[] }>();
    // Page 202 has no Instagram account: exactly one channel.
    expect(body.channels.filter((c) => c.network === "instagram")).toEqual([expect.objectContaining({ name: "Instagram – Huisartsenpraktijk De Linde", handle: "@huisartsdelinde" })]);
    for (const token of server.tokens.keys()) {
      expect(listed.body).not.toContain(token);
    }
    channelId = body.channels.find((c) => c.network === "instagram")?.id ?? "";
    const [channel] = await t.database.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel).toMatchObject({ externalAccountId: IG_ID, settings: expect.objectContaining({ pageId: "201", igUserId: IG_ID }) });
    const [creds] = await t.database.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
    expect(t.ctx.secrets.decrypt(creds?.accessTokenEnc ?? "")).toBe(server.pageTokens("201").at(-1));
    expect(server.requests.find((r) => r.path === "/v21.0/me/accounts")?.query.fields).toContain("instagram_business_account");
  });

  it("fetches comments with replies, tags and Direct messages across pages, without duplicates", async () => {
    const media: IgMedia[] = [];
    for (let i = 0; i < 30; i++) {
      media.push(server.addIgMedia({ caption: `Foto ${i} uit de praktijk`, at: minutesAgo(900 - i * 20) }));
    }
    newest = media.at(-1) as IgMedia;
    for (let i = 0; i < 60; i++) {
      server.addIgComment({ mediaId: newest.id, text: `Vraag ${i} over de griepprik`, username: `volger${i}`, userId: `ig-u${i}`, at: minutesAgo(300 - i) });
    }
    const older = media[2] as IgMedia; // on the second page of media
    question = server.addIgComment({ mediaId: older.id, text: "Moet ik voor de griepprik een afspraak maken?", username: "marieke.j", userId: "ig-marieke", at: minutesAgo(40) });
    answer = server.addIgComment({ mediaId: older.id, parentId: question.id, text: "Goede vraag, ik ook!", username: "jan.b", userId: "ig-jan", at: minutesAgo(39) });
    const own = server.addIgComment({ mediaId: older.id, parentId: question.id, text: "Nee hoor, loop gerust binnen.", username: "huisartsdelinde", userId: IG_ID, at: minutesAgo(38) });
    tagged = server.addIgMedia({ caption: "Super geholpen door @huisartsdelinde", username: "els.k", tagged: true, at: minutesAgo(20) });
    const dm = server.addIgDirectMessage({ from: dmFrom, text: "Mag ik iets vragen over mijn recept?", at: minutesAgo(10) });

    const first = await pollChannel(t.ctx, { orgId, channelId });
    expect(first.inserted).toBe(60 + 3 + 1 + 1);
    expect(server.requests.filter((r) => r.path === `/v21.0/${IG_ID}/media` && r.method === "GET")).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === `/v21.0/${newest.id}/comments`)).toHaveLength(2);

    const comment = await messageByExternalId(channelId, question.id);
    expect(comment).toMatchObject({ authorHandle: "@marieke.j", authorExternalId: "ig-marieke", visibility: "public", permalink: older.permalink, parentExternalId: older.id, direction: "inbound" });
    const reply = await messageByExternalId(channelId, answer.id);
    expect(reply).toMatchObject({ parentExternalId: question.id, threadId: comment?.threadId });
    expect(reply?.extra).toMatchObject({ kind: "reply", parentCommentId: question.id });
    const [thread] = await t.database.db.select().from(threads).where(eq(threads.id, comment?.threadId ?? ""));
    expect(thread?.externalThreadId).toBe(older.id);
    expect((await messageByExternalId(channelId, own.id))?.direction).toBe("outbound");
    const mention = await messageByExternalId(channelId, tagged.id);
    expect(mention).toMatchObject({ authorHandle: "@els.k", permalink: tagged.permalink });
    expect(mention?.extra).toMatchObject({ kind: "mention", mention: true });
    const direct = await messageByExternalId(channelId, dm.id);
    expect(direct).toMatchObject({ visibility: "private", authorExternalId: dmFrom.id, authorHandle: `@${dmFrom.username}` });

    expect((await pollChannel(t.ctx, { orgId, channelId })).inserted).toBe(0);
    server.addIgComment({ mediaId: newest.id, text: "Hoe laat gaat de praktijk open?", username: "nieuw", userId: "ig-nieuw" });
    expect((await pollChannel(t.ctx, { orgId, channelId })).inserted).toBe(1);
  });

  it("takes signed 'instagram' webhooks once and refuses bad ones", async () => {
    const handshake = await t.app.inject({ method: "GET", url: `/api/webhooks/instagram?hub.mode=subscribe&hub.verify_token=${META_VERIFY_TOKEN}&hub.challenge=abc123` });
    expect(handshake.body).toBe("abc123");
    expect((await t.app.inject({ method: "GET", url: "/api/webhooks/instagram?hub.mode=subscribe&hub.verify_token=nee&hub.challenge=abc123" })).statusCode).toBe(403);

    const events = (await t.database.db.select().from(webhookEvents)).length;
    const comment = server.addIgComment({ mediaId: newest.id, text: "Is er nog plek op zaterdag?", username: "ria.s", userId: "ig-ria" });
    const delivery = server.signedWebhook(server.igCommentWebhook(comment));
    const forged = await t.app.inject({ method: "POST", url: "/api/webhooks/instagram", headers: { ...delivery.headers, "x-hub-signature-256": `sha256=${"f".repeat(64)}` }, payload: delivery.body });
    expect(forged.statusCode).toBe(403);
    expect(await t.database.db.select().from(webhookEvents)).toHaveLength(events);
    expect(await messageByExternalId(channelId, comment.id)).toBeUndefined();

    expect((await t.app.inject({ method: "POST", url: "/api/webhooks/instagram", headers: delivery.headers, payload: delivery.body })).json()).toMatchObject({ inserted: 1 });
    expect((await t.app.inject({ method: "POST", url: "/api/webhooks/instagram", headers: delivery.headers, payload: delivery.body })).json()).toMatchObject({ inserted: 0 });
    expect(await messageByExternalId(channelId, comment.id)).toMatchObject({ authorHandle: "@ria.s", parentExternalId: newest.id });
    const polled = await pollChannel(t.ctx, { orgId, channelId });
    expect(polled.inserted).toBe(0);

    // A "page" delivery sent to the Instagram endpoint is not Instagram's: nothing stored.
    const page = server.signedWebhook({ object: "page", entry: [{ id: IG_ID, changes: [{ field: "comments", value: { id: "1", text: "x", media: { id: "2" } } }] }] });
    expect((await t.app.inject({ method: "POST", url: "/api/webhooks/instagram", headers: page.headers, payload: page.body })).json()).toMatchObject({ inserted: 0 });
  });

  it("refuses text-only posts honestly and publishes images by public URL (single and carousel)", async () => {
    const blocked = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen." });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: blocked.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "guard_blocked" });
    const textOnly = await createOutboundItem(t.ctx, { orgId, userId, kind: "post", channelId, text: "De griepprik is op zaterdag 18 oktober. Kom gerust langs!" });
    await expect(publishOutboundItem(t.ctx, { orgId, itemId: textOnly.item.id, actor: actor(), role: "webcare" })).rejects.toThrow(/alleen tekst/);
    expect(server.containers.size).toBe(0);
    expect((await t.database.db.select().from(channels).where(eq(channels.id, channelId)))[0]?.status).toBe("active");

    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    await expect(
      withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) => adapter.publish!(runtime, { text: "Wachtkamer", media: [{ data: png, mimeType: "image/png" }] })),
    ).rejects.toThrow(/openbaar internetadres/);
    const single = await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) =>
      adapter.publish!(runtime, { text: "Onze nieuwe wachtkamer", media: [{ data: png, mimeType: "image/png", url: "https://cdn.example.org/wachtkamer.png", alt: "Wachtkamer met planten" }] }),
    );
    expect(server.igMedia.get(single.externalId)).toMatchObject({ caption: "Onze nieuwe wachtkamer", media_type: "IMAGE" });
    expect(single.permalink).toBe(server.igMedia.get(single.externalId)?.permalink);
    expect([...server.containers.values()].find((c) => c.image_url === "https://cdn.example.org/wachtkamer.png")).toMatchObject({ alt_text: "Wachtkamer met planten", published: true });
    const carousel = await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) =>
      adapter.publish!(runtime, {
        text: "Open dag in beelden",
        media: [1, 2, 3].map((n) => ({ data: png, mimeType: "image/png", url: `https://cdn.example.org/open-dag-${n}.png` })),
      }),
    );
    expect(server.igMedia.get(carousel.externalId)).toMatchObject({ media_type: "CAROUSEL_ALBUM", caption: "Open dag in beelden" });
    expect(server.igMedia.get(carousel.externalId)?.children).toHaveLength(3);
  });

  it("replies, answers mentions and Direct messages, sends private replies and deletes comments", async () => {
    const stored = await messageByExternalId(channelId, question.id);
    const draft = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: stored?.id, text: "U hoeft geen afspraak te maken, loop gerust binnen op zaterdag." });
    const replied = await publishOutboundItem(t.ctx, { orgId, itemId: draft.item.id, actor: actor(), role: "webcare" });
    expect(server.igComments.get(replied.item.externalId ?? "")).toMatchObject({ parentId: question.id, from: { id: IG_ID } });

    // An answer to a reply goes under its top comment (Instagram nests one level).
    const storedAnswer = await messageByExternalId(channelId, answer.id);
    const nested = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: storedAnswer?.id, text: "Voor u geldt hetzelfde: loop gerust binnen." });
    const nestedDone = await publishOutboundItem(t.ctx, { orgId, itemId: nested.item.id, actor: actor(), role: "webcare" });
    expect(server.igComments.get(nestedDone.item.externalId ?? "")?.parentId).toBe(question.id);

    const mention = await messageByExternalId(channelId, tagged.id);
    const thanks = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: mention?.id, text: "Dank voor het delen, fijn om te horen!" });
    await publishOutboundItem(t.ctx, { orgId, itemId: thanks.item.id, actor: actor(), role: "webcare" });
    expect(server.requests.filter((r) => r.method === "POST" && r.path === `/v21.0/${IG_ID}/mentions`).at(-1)?.body).toMatchObject({ media_id: tagged.id });

    const privately = await createOutboundItem(t.ctx, { orgId, userId, kind: "private_message", channelId, inReplyToMessageId: stored?.id, text: "Wilt u ons bellen op 030 123 45 67? Dan kijken we samen wat er nodig is." });
    await publishOutboundItem(t.ctx, { orgId, itemId: privately.item.id, actor: actor(), role: "webcare" });
    expect(server.sent.at(-1)).toMatchObject({ pageId: "201", recipient: { comment_id: question.id } });

    const [dm] = await t.database.db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.authorExternalId, dmFrom.id)));
    const dmDraft = await createOutboundItem(t.ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: dm?.id, text: "Dank voor uw bericht. Belt u ons even op 030 123 45 67?" });
    await publishOutboundItem(t.ctx, { orgId, itemId: dmDraft.item.id, actor: actor(), role: "webcare" });
    expect(server.sent.at(-1)).toMatchObject({ recipient: { id: dmFrom.id } });

    await withChannelRuntime(t.ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, replied.item.externalId ?? ""));
    expect(server.igComments.has(replied.item.externalId ?? "")).toBe(false);
  });

  it("maps throttling to rate_limited and a revoked token to reconnect_needed with an audit event", async () => {
    server.failNext({ status: 400, code: 4, message: "(#4) Application request limit reached" });
    const throttled = await pollChannel(t.ctx, { orgId, channelId }).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ code: "rate_limited" });
    expect(((throttled as Error).cause as ChannelError).details.retryAfterMs).toBe(15 * 60_000);
    expect((await t.database.db.select().from(channels).where(eq(channels.id, channelId)))[0]?.status).toBe("active");

    server.setTokenState("revoked");
    await expect(pollChannel(t.ctx, { orgId, channelId })).rejects.toMatchObject({ code: "reconnect_needed" });
    expect((await t.database.db.select().from(channels).where(eq(channels.id, channelId)))[0]?.status).toBe("reconnect_needed");
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "channel.reconnect_needed")));
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ network: "instagram", reason: "auth_revoked" });
  });
});
