/**
 * Mastodon end to end against the local test server: OAuth with app registration and PKCE,
 * polling with Link pagination and de-duplication, replying and posting through the guard,
 * retries on 503, a revoked token marking the channel "reconnect needed", disconnect + revoke.
 * Tokens never appear in the channel list, the call log or errors.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeOAuthConnect } from "../../src/channels/service/complete-oauth-connect.ts";
import { disconnectChannel } from "../../src/channels/service/disconnect-channel.ts";
import { listChannels } from "../../src/channels/service/list-channels.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import { startOAuthConnect } from "../../src/channels/service/start-oauth-connect.ts";
import { withChannelRuntime } from "../../src/channels/service/with-channel-runtime.ts";
import type { AppContext } from "../../src/lib/context.ts";
import { createOutboundItem } from "../../src/publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../src/publishing/publish-outbound-item.ts";
import { auditEvents, channelCredentials, channels, messages, oauthStates, outboundCalls, outboundItems, threads } from "../../src/store/schema.ts";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildContext, buildUser } from "../factories.ts";
import { startMastodonServer, type MastodonTestServer } from "./mastodon-server.ts";

let database: TestDatabase;
let ctx: AppContext;
let server: MastodonTestServer;
let orgId: string;
let userId: string;
const actor = () => ({ kind: "user" as const, userId, label: "Anna" });

async function connect(): Promise<string> {
  const { authorizeUrl } = await startOAuthConnect(ctx, { orgId, userId, network: "mastodon", settings: { instanceUrl: server.url } });
  const approve = await fetch(authorizeUrl, { redirect: "manual" });
  const callback = new URL(approve.headers.get("location") ?? "");
  const result = await completeOAuthConnect(ctx, {
    network: "mastodon",
    code: callback.searchParams.get("code") ?? "",
    state: callback.searchParams.get("state") ?? "",
  });
  return result.channels[0]?.id ?? "";
}

beforeAll(async () => {
  database = await createTestDatabase("pglite");
  ctx = buildContext(database.db);
  server = await startMastodonServer();
  const built = await buildUser(database.db, { role: "admin" });
  orgId = built.orgId;
  userId = built.user.id;
});
afterAll(async () => {
  await server.close();
  await database.close();
});

describe("Mastodon", () => {
  let channelId: string;

  it("connects with app registration, PKCE and a one-time state", async () => {
    const { authorizeUrl } = await startOAuthConnect(ctx, { orgId, userId, network: "mastodon", settings: { instanceUrl: server.url } });
    const url = new URL(authorizeUrl);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [pending] = await ctx.db.select().from(oauthStates).where(eq(oauthStates.state, url.searchParams.get("state") ?? ""));
    expect(pending?.codeVerifierEnc).toMatch(/^v1\./);
    expect(JSON.stringify(pending?.data)).not.toMatch(/client_secret|[0-9a-f]{32}/);

    channelId = await connect();
    const [channel] = await ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel).toMatchObject({ network: "mastodon", status: "active", handle: `@praktijk@${server.host}` });
    const [creds] = await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
    const token = [...server.tokens][0] ?? "";
    expect(token).toMatch(/^mastodon-token-/);
    expect(creds?.accessTokenEnc).toMatch(/^v1\./);
    expect(creds?.accessTokenEnc).not.toContain(token);
    expect(ctx.secrets.decrypt(creds?.accessTokenEnc ?? "")).toBe(token);

    // The state cannot be used twice.
    await expect(completeOAuthConnect(ctx, { network: "mastodon", code: "wrong", state: url.searchParams.get("state") ?? "" })).rejects.toMatchObject({ code: "channel_error" });
    await expect(completeOAuthConnect(ctx, { network: "mastodon", code: "x", state: url.searchParams.get("state") ?? "" })).rejects.toMatchObject({ code: "validation" });
  });

  it("polls mentions across Link pages, normalises them and never duplicates", async () => {
    const root = server.addMention({ acct: "marieke@other.example", displayName: "Marieke", text: "Kan ik zaterdag langskomen voor de griepprik?" });
    server.addMention({ acct: "jan@other.example", text: "Antwoord op Marieke", inReplyTo: root.id });
    server.addMention({ acct: "noor@other.example", text: "Mag ik u privé iets vragen over mijn uitslag?", visibility: "direct" });
    for (let i = 0; i < 45; i++) {
      server.addMention({ acct: `user${i}@other.example`, text: `Vraag nummer ${i} over de openingstijden` });
    }
    const first = await pollChannel(ctx, { orgId, channelId });
    expect(first.inserted).toBe(48);
    expect(server.requests.filter((r) => r.path === "/api/v1/notifications")).toHaveLength(2);
    const second = await pollChannel(ctx, { orgId, channelId });
    expect(second).toMatchObject({ fetched: 0, inserted: 0 });

    const stored = await ctx.db.select().from(messages).where(eq(messages.channelId, channelId));
    expect(stored).toHaveLength(48);
    const dm = stored.find((m) => m.text.includes("privé"));
    expect(dm).toMatchObject({ visibility: "private", authorHandle: "@noor@other.example", direction: "inbound" });
    expect(dm?.text.startsWith("@praktijk")).toBe(true);
    expect(dm?.extra).toMatchObject({ kind: "direct_message" });
    const reply = stored.find((m) => m.text === "@praktijk Antwoord op Marieke");
    const [replyThread] = await ctx.db.select().from(threads).where(eq(threads.id, reply?.threadId ?? ""));
    expect(replyThread?.externalThreadId).toBe(root.id);
    expect(stored.find((m) => m.externalId === root.id)?.threadId).toBe(reply?.threadId);
    // Triage ran on the inbound items.
    expect(stored.filter((m) => m.triage !== null).length).toBe(48);
  });

  it("publishes a post through the guard: a block is not sent, an ok text is", async () => {
    const blocked = await createOutboundItem(ctx, {
      orgId,
      userId,
      kind: "post",
      channelId,
      text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen.",
    });
    expect(blocked.guard.verdict).toBe("block");
    const before = server.posted.length;
    await expect(publishOutboundItem(ctx, { orgId, itemId: blocked.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "guard_blocked" });
    await expect(publishOutboundItem(ctx, { orgId, itemId: blocked.item.id, actor: actor(), role: "webcare", overrideReason: "Patiënt gaf toestemming" })).rejects.toMatchObject({ code: "guard_blocked" });
    expect(server.posted.length).toBe(before);

    const ok = await createOutboundItem(ctx, { orgId, userId, kind: "post", channelId, text: "De griepprik is op zaterdag 18 oktober. Kom gerust langs!" });
    expect(ok.guard.verdict).toBe("ok");
    const published = await publishOutboundItem(ctx, { orgId, itemId: ok.item.id, actor: actor(), role: "webcare" });
    expect(published.item).toMatchObject({ status: "published" });
    expect(server.posted.at(-1)?.content).toContain("De griepprik is op zaterdag 18 oktober.");
    expect(published.item.externalId).toBe(server.posted.at(-1)?.id);
    const audits = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "outbound.published")));
    expect(audits).toHaveLength(1);

    // Trainees never publish; a reviewer may override a block with a reason (audited).
    const again = await createOutboundItem(ctx, { orgId, userId, kind: "post", channelId, text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen." });
    await expect(publishOutboundItem(ctx, { orgId, itemId: again.item.id, actor: actor(), role: "trainee" })).rejects.toMatchObject({ code: "forbidden" });
    const overridden = await publishOutboundItem(ctx, { orgId, itemId: again.item.id, actor: actor(), role: "reviewer", overrideReason: "Petra vroeg hier zelf openbaar om, schriftelijk vastgelegd" });
    expect(overridden.item).toMatchObject({ status: "published", overrideReason: "Petra vroeg hier zelf openbaar om, schriftelijk vastgelegd" });
    const overrides = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "guard.override")));
    expect(overrides).toHaveLength(1);
  });

  it("refuses a text over the network's limit before sending", async () => {
    const long = await createOutboundItem(ctx, { orgId, userId, kind: "post", channelId, text: "Kom gerust langs voor de griepprik. ".repeat(20) });
    const before = server.posted.length;
    await expect(publishOutboundItem(ctx, { orgId, itemId: long.item.id, actor: actor(), role: "admin" })).rejects.toMatchObject({ code: "validation" });
    expect(server.posted.length).toBe(before);
  });

  it("replies in the thread, mentioning the author, private stays private", async () => {
    const [dm] = await ctx.db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.visibility, "private")));
    const draft = await createOutboundItem(ctx, {
      orgId,
      userId,
      kind: "reply",
      channelId,
      inReplyToMessageId: dm?.id,
      text: "Dank voor uw bericht. Wilt u ons bellen op 030 123 45 67? Dan kijken we samen wat er nodig is.",
    });
    const published = await publishOutboundItem(ctx, { orgId, itemId: draft.item.id, actor: actor(), role: "webcare" });
    const status = server.posted.at(-1);
    expect(status).toMatchObject({ in_reply_to_id: dm?.externalId, visibility: "direct" });
    expect(status?.content).toContain("@noor@other.example Dank voor uw bericht.");
    const outbound = await ctx.db.select().from(messages).where(eq(messages.externalId, published.item.externalId ?? ""));
    expect(outbound[0]).toMatchObject({ direction: "outbound", threadId: dm?.threadId });
  });

  it("retries a 503 and keeps the channel active; a revoked token marks it reconnect_needed", async () => {
    server.failNext(503, 2);
    server.addMention({ acct: "piet@other.example", text: "Nog een vraag" });
    const result = await pollChannel(ctx, { orgId, channelId });
    expect(result.inserted).toBe(1);

    server.failNext(503, 4);
    await expect(pollChannel(ctx, { orgId, channelId })).rejects.toMatchObject({ code: "channel_error" });
    const [afterHiccup] = await ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(afterHiccup?.status).toBe("active");
    expect(afterHiccup?.lastError).toContain("503");

    server.revokeAll();
    await expect(pollChannel(ctx, { orgId, channelId })).rejects.toMatchObject({ code: "reconnect_needed" });
    const [afterRevoke] = await ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(afterRevoke?.status).toBe("reconnect_needed");
    const events = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "channel.reconnect_needed")));
    expect(events).toHaveLength(1);
    // Reconnecting the same account makes it active again and keeps history.
    const again = await connect();
    expect(again).toBe(channelId);
    const [reconnected] = await ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(reconnected?.status).toBe("active");
  });

  it("uploads images before posting and deletes statuses (adapter through the channel runtime)", async () => {
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const created = await withChannelRuntime(ctx, { orgId, channelId }, (adapter, runtime) =>
      adapter.publish!(runtime, { text: "Onze nieuwe wachtkamer", media: [{ data: png, mimeType: "image/png", alt: "Wachtkamer" }] }),
    );
    expect(server.requests.some((r) => r.method === "POST" && r.path === "/api/v2/media")).toBe(true);
    expect(server.statuses.get(created.externalId)?.media_attachments).toHaveLength(1);
    await withChannelRuntime(ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, created.externalId));
    expect(server.statuses.has(created.externalId)).toBe(false);
    await expect(withChannelRuntime(ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, "999999"))).rejects.toMatchObject({ code: "channel_error" });
  });

  it("never exposes the token in the list, the call log or stored items", async () => {
    const token = [...server.tokens][0] ?? "";
    expect(token).not.toBe("");
    const listed = await listChannels(ctx, { orgId });
    expect(JSON.stringify(listed)).not.toContain(token);
    const calls = await ctx.db.select().from(outboundCalls).where(eq(outboundCalls.channelId, channelId));
    expect(calls.length).toBeGreaterThan(5);
    expect(JSON.stringify(calls)).not.toContain(token);
    expect(calls.every((c) => !c.url.includes("?"))).toBe(true);
    const items = await ctx.db.select().from(outboundItems).where(eq(outboundItems.orgId, orgId));
    expect(JSON.stringify(items)).not.toContain(token);
  });

  it("disconnects: revokes at the server, deletes credentials, audits", async () => {
    const token = [...server.tokens][0] ?? "";
    const result = await disconnectChannel(ctx, { orgId, channelId, actor: actor() });
    expect(result.revoked).toBe(true);
    expect(server.tokens.has(token)).toBe(false);
    expect(await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId))).toHaveLength(0);
    expect(await ctx.db.select().from(channels).where(eq(channels.id, channelId))).toHaveLength(0);
    const events = await ctx.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, "channel.disconnect")));
    expect(events).toHaveLength(1);
  });
});
