/**
 * Channel routes through the real server (buildServer): roles, sandbox connect/poll/messages,
 * Mastodon OAuth via the callback route, posting and replying through the guard, webhooks without
 * session or CSRF, and no token in any response.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSandboxWebhook } from "../../src/channels/sandbox/index.ts";
import { outboundItems } from "../../src/store/schema.ts";
import { createTestApp, signIn, type Session, type TestApp } from "../api-client.ts";
import { buildUser } from "../factories.ts";
import { startMastodonServer, type MastodonTestServer } from "./mastodon-server.ts";

let t: TestApp;
let mastodon: MastodonTestServer;
let admin: Session;
let webcare: Session;
let trainee: Session;

beforeAll(async () => {
  t = await createTestApp("pglite");
  mastodon = await startMastodonServer();
  const a = await buildUser(t.database.db, { role: "admin" });
  const w = await buildUser(t.database.db, { role: "webcare", orgId: a.orgId });
  const tr = await buildUser(t.database.db, { role: "trainee", orgId: a.orgId });
  admin = await signIn(t.app, a.user.email, a.password);
  webcare = await signIn(t.app, w.user.email, w.password);
  trainee = await signIn(t.app, tr.user.email, tr.password);
});
afterAll(async () => {
  await mastodon.close();
  await t.close();
});

describe("channel routes", () => {
  let sandboxId: string;
  let mastodonId: string;

  it("lists networks with their configuration state", async () => {
    const response = await webcare.get("/api/channels");
    expect(response.statusCode).toBe(200);
    const body = response.json<{ networks: { network: string; configured: boolean; available: boolean }[]; channels: unknown[] }>();
    expect(body.networks.find((n) => n.network === "sandbox")).toMatchObject({ available: true, configured: true });
    expect(body.networks.map((n) => n.network)).toEqual(["facebook", "instagram", "mastodon", "bluesky", "x", "linkedin", "rss", "sandbox"]);
    expect(body.channels).toEqual([]);
  });

  it("lets only admins connect", async () => {
    expect((await webcare.post("/api/channels/sandbox/connect", {})).statusCode).toBe(403);
    expect((await trainee.post("/api/channels/mastodon/oauth/start", { instanceUrl: mastodon.url })).statusCode).toBe(403);
    const unknown = await admin.post("/api/channels/myspace/connect", {});
    expect(unknown.statusCode).toBe(400);
    const connected = await admin.post("/api/channels/sandbox/connect", {});
    expect(connected.statusCode).toBe(201);
    sandboxId = connected.json<{ channel: { id: string; sandbox: boolean } }>().channel.id;
    expect(connected.json<{ channel: { sandbox: boolean } }>().channel.sandbox).toBe(true);
  });

  it("polls and lists normalised, triaged messages without duplicates", async () => {
    const first = await webcare.post(`/api/channels/${sandboxId}/poll`);
    expect(first.statusCode).toBe(200);
    const inserted = first.json<{ inserted: number }>().inserted;
    expect(inserted).toBeGreaterThan(0);
    expect((await webcare.post(`/api/channels/${sandboxId}/poll`)).json<{ inserted: number }>().inserted).toBe(0);
    expect((await trainee.post(`/api/channels/${sandboxId}/poll`)).statusCode).toBe(403);
    const list = await trainee.get(`/api/channels/${sandboxId}/messages`);
    const messages = list.json<{ messages: { externalId: string; triage: { intent: string } | null }[] }>().messages;
    expect(messages).toHaveLength(inserted);
    expect(new Set(messages.map((m) => m.externalId)).size).toBe(inserted);
    expect(messages.every((m) => m.triage !== null)).toBe(true);
  });

  it("connects Mastodon through OAuth start and the callback route", async () => {
    const start = await admin.post("/api/channels/mastodon/oauth/start", { instanceUrl: mastodon.url });
    expect(start.statusCode).toBe(200);
    const approve = await fetch(start.json<{ authorizeUrl: string }>().authorizeUrl, { redirect: "manual" });
    const callback = new URL(approve.headers.get("location") ?? "");
    expect(callback.pathname).toBe("/api/channels/mastodon/oauth/callback");
    const done = await admin.get(`${callback.pathname}${callback.search}`);
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe("/instellingen/kanalen?connected=mastodon");
    const replay = await admin.get(`${callback.pathname}${callback.search}`);
    expect(String(replay.headers.location)).toMatch(/^\/instellingen\/kanalen\?error=/);

    const list = await admin.get("/api/channels");
    const token = [...mastodon.tokens][0] ?? "";
    expect(token).not.toBe("");
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain("accessToken");
    mastodonId = list.json<{ channels: { id: string; network: string }[] }>().channels.find((c) => c.network === "mastodon")?.id ?? "";
    expect(mastodonId).not.toBe("");
  });

  it("posts through the guard: a block answers 422 with findings and sends nothing", async () => {
    const before = mastodon.posted.length;
    const blocked = await webcare.post(`/api/channels/${mastodonId}/posts`, {
      text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen.",
    });
    expect(blocked.statusCode).toBe(422);
    const problem = blocked.json<{ code: string; errors: { message: string }[] }>();
    expect(problem.code).toBe("guard_blocked");
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(mastodon.posted.length).toBe(before);

    expect((await trainee.post(`/api/channels/${mastodonId}/posts`, { text: "Kom gerust langs." })).statusCode).toBe(403);
    expect((await webcare.post(`/api/channels/${mastodonId}/posts`, { text: "   " })).statusCode).toBe(400);

    const ok = await webcare.post(`/api/channels/${mastodonId}/posts`, { text: "De griepprik is op zaterdag 18 oktober. Kom gerust langs!" });
    expect(ok.statusCode).toBe(201);
    const body = ok.json<{ item: { status: string; externalId: string }; guard: { verdict: string } }>();
    expect(body).toMatchObject({ item: { status: "published" }, guard: { verdict: "ok" } });
    expect(mastodon.posted.at(-1)?.id).toBe(body.item.externalId);
    const items = await t.database.db.select().from(outboundItems).where(eq(outboundItems.channelId, mastodonId));
    expect(items.map((i) => i.status).sort()).toEqual(["draft", "published"]);
  });

  it("replies to a message through the guard", async () => {
    mastodon.addMention({ acct: "kees@other.example", text: "Is de praktijk morgen open?" });
    await webcare.post(`/api/channels/${mastodonId}/poll`);
    const list = await webcare.get(`/api/channels/${mastodonId}/messages`);
    const message = list.json<{ messages: { id: string; externalId: string }[] }>().messages[0];
    const reply = await webcare.post(`/api/messages/${message?.id ?? ""}/reply`, { text: "Ja, morgen zijn we open van 8 tot 17 uur." });
    expect(reply.statusCode).toBe(201);
    expect(mastodon.posted.at(-1)).toMatchObject({ in_reply_to_id: message?.externalId });
    expect(mastodon.posted.at(-1)?.content).toContain("@kees@other.example Ja, morgen zijn we open");
  });

  it("accepts signed webhooks without session or CSRF and rejects unsigned ones", async () => {
    process.env.SANDBOX_WEBHOOK_SECRET = "route-secret";
    try {
      const payload = JSON.stringify({ account: "sandbox", messages: [{ id: "route-wh-1", text: "Hallo via webhook" }] });
      const bad = await t.app.inject({ method: "POST", url: "/api/webhooks/sandbox", headers: { "content-type": "application/json", "x-sandbox-signature": "sha256=00" }, payload });
      expect(bad.statusCode).toBe(403);
      const good = await t.app.inject({
        method: "POST",
        url: "/api/webhooks/sandbox",
        headers: { "content-type": "application/json", "x-sandbox-signature": signSandboxWebhook(payload, "route-secret"), "x-sandbox-delivery": "r-1" },
        payload,
      });
      expect(good.statusCode).toBe(200);
      expect(good.json()).toMatchObject({ received: true, inserted: 1 });
      expect((await t.app.inject({ method: "POST", url: "/api/webhooks/mastodon", payload: "{}" })).statusCode).toBe(404);
    } finally {
      delete process.env.SANDBOX_WEBHOOK_SECRET;
    }
  });

  it("disconnects (admin only)", async () => {
    expect((await webcare.delete(`/api/channels/${sandboxId}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/channels/${sandboxId}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/channels/${sandboxId}/messages`)).statusCode).toBe(404);
  });
});
