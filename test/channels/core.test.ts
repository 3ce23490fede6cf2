/**
 * The channel core on PGlite and PostgreSQL: idempotent ingest (also two concurrent ingests of the
 * same items), thread urgency only rising, the sandbox replay over time, signed webhooks with
 * delivery de-duplication, and token refresh under a row lock.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedMessage } from "../../src/channels/contract.ts";
import { ChannelError } from "../../src/channels/contract.ts";
import { ADAPTERS, appKeysOf, listNetworks, requireConfigured } from "../../src/channels/registry.ts";
import { signSandboxWebhook } from "../../src/channels/sandbox/index.ts";
import { SANDBOX_SCRIPT } from "../../src/channels/sandbox/messages.ts";
import { connectWithCredentials } from "../../src/channels/service/connect-with-credentials.ts";
import { saveCredentials } from "../../src/channels/service/credentials.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import { receiveWebhook } from "../../src/channels/service/receive-webhook.ts";
import { withChannelRuntime } from "../../src/channels/service/with-channel-runtime.ts";
import { ingestMessages } from "../../src/inbox/ingest-messages.ts";
import type { AppContext } from "../../src/lib/context.ts";
import { createOutboundItem } from "../../src/publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../src/publishing/publish-outbound-item.ts";
import { channelCredentials, channels, messages, outboundItems, threads, webhookEvents } from "../../src/store/schema.ts";
import { createTestDatabase, STORE_KINDS, type TestDatabase } from "../db.ts";
import { buildContext, buildUser } from "../factories.ts";

function item(id: string, text: string, thread = id): NormalizedMessage {
  return {
    network: "sandbox",
    externalId: id,
    threadExternalId: thread,
    kind: "comment",
    author: { handle: "@iemand", displayName: "Iemand" },
    text,
    media: [],
    sentAt: new Date("2026-01-05T10:00:00Z"),
    visibility: "public",
  };
}

describe.each(STORE_KINDS)("channel core on %s", (kind) => {
  let database: TestDatabase;
  let ctx: AppContext;
  let orgId: string;
  let userId: string;
  let clock = Date.now();
  const actor = () => ({ kind: "user" as const, userId, label: "Anna" });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ctx = buildContext(database.db, { now: () => new Date(clock) });
    const built = await buildUser(database.db, { role: "admin" });
    orgId = built.orgId;
    userId = built.user.id;
  });
  afterAll(async () => {
    await database.close();
  });

  it("ingests idempotently, also when two ingests of the same items run at once", async () => {
    const channel = await connectWithCredentials(ctx, { orgId, actor: actor(), network: "sandbox", values: {} });
    const items = [
      item("x-1", "Wanneer is de griepprik?", "post-1"),
      item("x-2", "Ik zie het niet meer zitten en wil er een eind aan maken.", "post-1"),
      item("x-3", "Dank voor de goede zorg!"),
    ];
    const [a, b] = await Promise.all([
      ingestMessages(ctx.db, { orgId, channelId: channel.id, items }),
      ingestMessages(ctx.db, { orgId, channelId: channel.id, items }),
    ]);
    expect((a?.inserted ?? 0) + (b?.inserted ?? 0)).toBe(3);
    expect((a?.duplicates ?? 0) + (b?.duplicates ?? 0)).toBe(3);
    const again = await ingestMessages(ctx.db, { orgId, channelId: channel.id, items });
    expect(again).toMatchObject({ inserted: 0, duplicates: 3 });
    const stored = await ctx.db.select().from(messages).where(eq(messages.channelId, channel.id));
    expect(stored).toHaveLength(3);
    const rows = await ctx.db.select().from(threads).where(eq(threads.channelId, channel.id));
    expect(rows).toHaveLength(2);
    // The crisis message raised its thread to the top; a later calm message does not lower it.
    const crisis = stored.find((m) => m.externalId === "x-2");
    expect(crisis?.triage?.intent).toBe("crisis");
    await ingestMessages(ctx.db, { orgId, channelId: channel.id, items: [item("x-4", "Fijne dag verder", "post-1")] });
    const [postThread] = await ctx.db.select().from(threads).where(and(eq(threads.channelId, channel.id), eq(threads.externalThreadId, "post-1")));
    expect(postThread?.urgency).toBe("critical");
  });

  it("replays the sandbox script over time, without duplicates", async () => {
    const [channel] = await ctx.db.select().from(channels).where(and(eq(channels.orgId, orgId), eq(channels.network, "sandbox")));
    expect(channel).toBeDefined();
    clock = Date.now();
    const first = await pollChannel(ctx, { orgId, channelId: channel?.id ?? "" });
    const immediate = SANDBOX_SCRIPT.filter((s) => s.after === 0).length;
    expect(first.inserted).toBe(immediate);
    expect((await pollChannel(ctx, { orgId, channelId: channel?.id ?? "" })).inserted).toBe(0);
    clock = Date.now() + 2 * 3600_000;
    const later = await pollChannel(ctx, { orgId, channelId: channel?.id ?? "" });
    expect(later.inserted).toBe(SANDBOX_SCRIPT.length - immediate);
    const stored = await ctx.db.select().from(messages).where(eq(messages.channelId, channel?.id ?? ""));
    expect(stored).toHaveLength(SANDBOX_SCRIPT.length + 4);
    expect(stored.filter((m) => m.visibility === "private").length).toBe(SANDBOX_SCRIPT.filter((s) => s.kind === "direct_message").length);
    clock = Date.now();
  });

  it("accepts signed webhooks once per delivery and rejects bad signatures", async () => {
    const env = { SANDBOX_WEBHOOK_SECRET: "geheim-webhook" };
    const body = Buffer.from(JSON.stringify({ account: "sandbox", messages: [{ id: "wh-1", text: "Via webhook: is de praktijk morgen open?", handle: "@wh" }] }));
    const request = (signature: string, delivery = "d-1") => ({
      headers: { "x-sandbox-signature": signature, "x-sandbox-delivery": delivery },
      query: {},
      rawBody: body,
    });
    await expect(receiveWebhook(ctx, { network: "sandbox", method: "POST", request: request("sha256=00"), env })).rejects.toMatchObject({ code: "forbidden" });
    const good = signSandboxWebhook(body, env.SANDBOX_WEBHOOK_SECRET);
    const first = await receiveWebhook(ctx, { network: "sandbox", method: "POST", request: request(good), env });
    expect(first).toMatchObject({ kind: "received", inserted: 1 });
    const repeat = await receiveWebhook(ctx, { network: "sandbox", method: "POST", request: request(good), env });
    expect(repeat).toMatchObject({ inserted: 0, duplicateDelivery: true });
    // Same items under a new delivery id: stored once anyway.
    const redelivered = await receiveWebhook(ctx, { network: "sandbox", method: "POST", request: request(good, "d-2"), env });
    expect(redelivered).toMatchObject({ inserted: 0, duplicates: 1 });
    expect(await ctx.db.select().from(messages).where(eq(messages.externalId, "wh-1"))).toHaveLength(1);
    expect(await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.network, "sandbox"))).toHaveLength(2);

    // A delivery whose first attempt stopped before ingest finished is processed when it is retried.
    const lost = Buffer.from(JSON.stringify({ account: "sandbox", messages: [{ id: "wh-lost", text: "Kan ik morgen een afspraak maken?", handle: "@wh" }] }));
    await ctx.db.insert(webhookEvents).values({ network: "sandbox", channelId: null, deliveryId: "d-3:sandbox", signatureValid: true, payload: {} });
    const retried = await receiveWebhook(ctx, {
      network: "sandbox",
      method: "POST",
      request: { headers: { "x-sandbox-signature": signSandboxWebhook(lost, env.SANDBOX_WEBHOOK_SECRET), "x-sandbox-delivery": "d-3" }, query: {}, rawBody: lost },
      env,
    });
    expect(retried).toMatchObject({ inserted: 1, duplicateDelivery: false });
    const [event] = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.deliveryId, "d-3:sandbox"));
    expect(event?.processedAt).toBeInstanceOf(Date);
  });

  it("refreshes an expired token under a row lock exactly once for concurrent callers", async () => {
    const [channel] = await ctx.db.select().from(channels).where(and(eq(channels.orgId, orgId), eq(channels.network, "sandbox")));
    const channelId = channel?.id ?? "";
    await saveCredentials(ctx.db, ctx.secrets, channelId, { accessToken: "old-token", refreshToken: "refresh-1", expiresAt: new Date(clock - 1000) }, new Date(clock));
    const sandbox = ADAPTERS.sandbox!;
    let refreshes = 0;
    const original = sandbox.refresh;
    sandbox.refresh = async () => {
      refreshes++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { accessToken: `new-token-${refreshes}`, expiresAt: new Date(clock + 3600_000) };
    };
    try {
      const call = () =>
        withChannelRuntime(ctx, { orgId, channelId }, (_adapter, runtime) => {
          if (runtime.credentials.accessToken === "old-token") {
            return Promise.reject(new ChannelError("auth_expired", "expired"));
          }
          return Promise.resolve(runtime.credentials.accessToken);
        });
      const results = await Promise.all([call(), call()]);
      expect(results).toEqual(["new-token-1", "new-token-1"]);
      expect(refreshes).toBe(1);
      const [row] = await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
      expect(ctx.secrets.decrypt(row?.accessTokenEnc ?? "")).toBe("new-token-1");
      expect(ctx.secrets.decrypt(row?.refreshTokenEnc ?? "")).toBe("refresh-1");
      const [after] = await ctx.db.select().from(channels).where(eq(channels.id, channelId));
      expect(after?.status).toBe("active");
    } finally {
      if (original) {
        sandbox.refresh = original;
      } else {
        delete sandbox.refresh;
      }
    }
  });
});

describe("structure", () => {
  it("only the publishing module calls adapter publish/reply/sendPrivateMessage", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          walk(path);
        } else if (path.endsWith(".ts") && /\badapter\.(publish|reply|sendPrivateMessage)\s*\(/.test(readFileSync(path, "utf8"))) {
          offenders.push(path);
        }
      }
    };
    walk("src");
    expect(offenders).toEqual([join("src", "publishing", "publish-outbound-item.ts")]);
  });

  it("lists a network whose app keys are missing as not configured, naming the env vars", () => {
    const env = { LINKEDIN_CLIENT_ID: "abc", LINKEDIN_API_VERSION: "202606", OTHER: "no" };
    expect(listNetworks(env).find((n) => n.network === "linkedin")).toMatchObject({ available: true, configured: false, missingEnv: ["LINKEDIN_CLIENT_SECRET"] });
    expect(() => requireConfigured(ADAPTERS.linkedin!, env)).toThrow(/LINKEDIN_CLIENT_SECRET/);
    expect(appKeysOf("linkedin", { ...env, LINKEDIN_CLIENT_SECRET: "s" })).toEqual({ LINKEDIN_CLIENT_ID: "abc", LINKEDIN_CLIENT_SECRET: "s", LINKEDIN_API_VERSION: "202606" });
    expect(listNetworks({ ...env, LINKEDIN_CLIENT_SECRET: "s" }).find((n) => n.network === "linkedin")?.configured).toBe(true);
    // Instagram runs on the Facebook app: it is configured by, and receives, the FACEBOOK_* keys.
    const meta = { FACEBOOK_APP_ID: "1", FACEBOOK_APP_SECRET: "geheim", INSTAGRAM_GRAPH_URL: "http://127.0.0.1:9/v21.0", X_CLIENT_ID: "x" };
    expect(listNetworks(meta).find((n) => n.network === "instagram")?.configured).toBe(true);
    expect(appKeysOf("instagram", meta)).toEqual({ FACEBOOK_APP_ID: "1", FACEBOOK_APP_SECRET: "geheim", INSTAGRAM_GRAPH_URL: "http://127.0.0.1:9/v21.0" });
    expect(appKeysOf("facebook", meta)).toEqual({ FACEBOOK_APP_ID: "1", FACEBOOK_APP_SECRET: "geheim" });
  });

  it("every network adapter in the registry declares limits and capabilities", () => {
    for (const adapter of Object.values(ADAPTERS)) {
      expect(adapter.limits.maxImages).toBeGreaterThanOrEqual(0);
      if (adapter.capabilities.publish) {
        expect(adapter.limits.maxLength).toBeGreaterThan(0);
        expect(typeof adapter.publish).toBe("function");
      }
    }
    expect(SANDBOX_SCRIPT.length).toBeGreaterThanOrEqual(40);
  });
});

describe("revoked tokens", () => {
  it("mark the channel reconnect_needed, audit it and mail the organisation's admins", async () => {
    const received: { to: string[]; body: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      onData(stream, session, callback) {
        let body = "";
        stream.on("data", (chunk: Buffer) => (body += chunk.toString()));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as { port: number }).port;
    const database = await createTestDatabase("pglite");
    const base = buildContext(database.db);
    const ctx = { ...base, config: { ...base.config, smtpUrl: `smtp://127.0.0.1:${port}` } };
    const sandbox = ADAPTERS.sandbox!;
    const original = sandbox.fetchInbound;
    try {
      const { orgId, user } = await buildUser(database.db, { role: "admin", email: "beheer@praktijk.nl" });
      await buildUser(database.db, { orgId, role: "webcare", email: "webcare@praktijk.nl" });
      const channel = await connectWithCredentials(ctx, { orgId, actor: { kind: "user", userId: user.id, label: "Anna" }, network: "sandbox", values: {} });
      sandbox.fetchInbound = () => Promise.reject(new ChannelError("auth_revoked", "token revoked by the user"));
      await expect(pollChannel(ctx, { orgId, channelId: channel.id })).rejects.toMatchObject({ code: "reconnect_needed" });
      const [after] = await database.db.select().from(channels).where(eq(channels.id, channel.id));
      expect(after?.status).toBe("reconnect_needed");
      expect(received).toHaveLength(1);
      expect(received[0]?.to).toEqual(["beheer@praktijk.nl"]);
      expect(received[0]?.body).toContain("opnieuw");
      // While reconnect is needed, nothing is fetched or sent.
      await expect(pollChannel(ctx, { orgId, channelId: channel.id })).rejects.toMatchObject({ code: "reconnect_needed" });
    } finally {
      sandbox.fetchInbound = original;
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await database.close();
    }
  });
});

describe("ingest and publish edge cases", () => {
  it("stores our own echoed posts as outbound without triage, and records a failed publish", async () => {
    const database = await createTestDatabase("pglite");
    const ctx = buildContext(database.db);
    const sandbox = ADAPTERS.sandbox!;
    const original = sandbox.publish;
    try {
      const { orgId, user } = await buildUser(database.db, { role: "webcare" });
      const channel = await connectWithCredentials(ctx, { orgId, actor: { kind: "cli", label: "cli" }, network: "sandbox", values: {} });
      const own = { ...item("self-1", "Wij zijn morgen gesloten."), fromSelf: true };
      await ingestMessages(ctx.db, { orgId, channelId: channel.id, items: [own] });
      const [stored] = await ctx.db.select().from(messages).where(eq(messages.externalId, "self-1"));
      expect(stored).toMatchObject({ direction: "outbound", triage: null });

      sandbox.publish = () => Promise.reject(new ChannelError("transient", "network down"));
      const draft = await createOutboundItem(ctx, { orgId, userId: user.id, kind: "post", channelId: channel.id, text: "Kom gerust langs voor de griepprik." });
      await expect(publishOutboundItem(ctx, { orgId, itemId: draft.item.id, actor: { kind: "user", userId: user.id, label: "W" }, role: "webcare" })).rejects.toMatchObject({ code: "channel_error" });
      const [failed] = await ctx.db.select().from(outboundItems).where(eq(outboundItems.id, draft.item.id));
      expect(failed).toMatchObject({ status: "failed", externalId: null });
      expect(failed?.error).toContain("network down");
      const [after] = await ctx.db.select().from(channels).where(eq(channels.id, channel.id));
      expect(after?.status).toBe("active");
    } finally {
      sandbox.publish = original;
      await database.close();
    }
  });
});
