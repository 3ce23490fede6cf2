/**
 * Bluesky against a real local AT Protocol network from @atproto/dev-env: PLC, PDS and the
 * AppView (which needs PostgreSQL — a dedicated database in the test cluster — and Redis, started
 * here on a free loopback port and stopped by PID). Connect with handle + app password, poll
 * mentions and replies, reply in the thread (root/parent refs), publish with a link
 * facet, and renew an expired session.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, Socket } from "node:net";
import { AtpAgent, RichText } from "@atproto/api";
import { TestNetwork } from "@atproto/dev-env";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectWithCredentials } from "../../src/channels/service/connect-with-credentials.ts";
import { saveCredentials } from "../../src/channels/service/credentials.ts";
import { withChannelRuntime } from "../../src/channels/service/with-channel-runtime.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import type { AppContext } from "../../src/lib/context.ts";
import { createOutboundItem } from "../../src/publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../src/publishing/publish-outbound-item.ts";
import { channelCredentials, channels, messages } from "../../src/store/schema.ts";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildContext, buildUser } from "../factories.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function redisBinary(): string {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("redis-server is not installed; the Bluesky integration tests need it (Debian: apt-get install redis-server).");
  }
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.connect(port, "127.0.0.1");
    });
    if (ok) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

let redis: ChildProcess | undefined;
let network: TestNetwork;
let bskyDbUrl = "";
let bskyDbName = "";
let database: TestDatabase;
let ctx: AppContext;
let orgId: string;
let userId: string;
let patient: AtpAgent;
let practice: AtpAgent;

beforeAll(async () => {
  const binary = redisBinary();
  const redisPort = await freePort();
  redis = spawn(binary, ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await waitForPort(redisPort);
  process.env.REDIS_HOST = `127.0.0.1:${redisPort}`;

  const adminUrl = inject("postgresUrl");
  bskyDbName = `bsky_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${bskyDbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${bskyDbName}`;
  bskyDbUrl = url.toString();

  network = await TestNetwork.create({ dbPostgresUrl: bskyDbUrl, dbPostgresSchema: "spreekuur" });

  patient = new AtpAgent({ service: network.pds.url });
  await patient.createAccount({ handle: "marieke.test", email: "marieke@example.test", password: "patient-password" });
  practice = new AtpAgent({ service: network.pds.url });
  await practice.createAccount({ handle: "praktijk.test", email: "praktijk@example.test", password: "practice-password" });

  database = await createTestDatabase("pglite");
  ctx = buildContext(database.db);
  const built = await buildUser(database.db, { role: "admin" });
  orgId = built.orgId;
  userId = built.user.id;
}, 180_000);

afterAll(async () => {
  await network?.close();
  if (redis?.pid) {
    process.kill(redis.pid, "SIGTERM");
  }
  await database?.close();
  if (bskyDbName) {
    const admin = new pg.Client({ connectionString: inject("postgresUrl") });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${bskyDbName} WITH (FORCE)`);
    await admin.end();
  }
});

async function patientPost(text: string, reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }) {
  const rt = new RichText({ text });
  await rt.detectFacets(patient);
  const created = await patient.post({ text: rt.text, facets: rt.facets, ...(reply ? { reply } : {}) });
  await network.processAll();
  return created;
}

describe("Bluesky on a local AT Protocol network", () => {
  let channelId: string;
  const actor = () => ({ kind: "user" as const, userId, label: "Anna" });

  it("connects with handle and app password; a wrong password is a clear error", async () => {
    const { data } = await practice.com.atproto.server.createAppPassword({ name: "spreekuur" });
    await expect(
      connectWithCredentials(ctx, { orgId, actor: actor(), network: "bluesky", values: { handle: "praktijk.test", appPassword: "wrong-wrong", serviceUrl: network.pds.url } }),
    ).rejects.toMatchObject({ code: "validation" });
    const channel = await connectWithCredentials(ctx, {
      orgId,
      actor: actor(),
      network: "bluesky",
      values: { handle: "praktijk.test", appPassword: data.password, serviceUrl: network.pds.url },
    });
    channelId = channel.id;
    expect(channel).toMatchObject({ network: "bluesky", handle: "@praktijk.test", externalAccountId: practice.session?.did });
    const [creds] = await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
    expect(ctx.secrets.decrypt(creds?.secretEnc ?? "")).toBe(data.password);
  });

  it("polls mentions and replies, normalised and without duplicates", async () => {
    await patientPost("Hoi @praktijk.test, kan ik zaterdag langskomen voor de griepprik?");
    const ours = await practice.post({ text: "De griepprik komt eraan!" });
    await network.processAll();
    await patientPost("Moet ik daarvoor een afspraak maken?", { root: ours, parent: ours });

    const first = await pollChannel(ctx, { orgId, channelId });
    expect(first.inserted).toBe(2);
    expect((await pollChannel(ctx, { orgId, channelId })).inserted).toBe(0);
    const stored = await ctx.db.select().from(messages).where(eq(messages.channelId, channelId));
    const mention = stored.find((m) => m.text.includes("griepprik?"));
    expect(mention).toMatchObject({ authorHandle: "@marieke.test", visibility: "public", direction: "inbound" });
    expect(mention?.externalId).toMatch(/^at:\/\/did:plc:/);
    const reply = stored.find((m) => m.text.includes("afspraak"));
    expect(reply?.parentExternalId).toBe(ours.uri);
  });

  it("replies in the thread with root and parent refs, through the guard", async () => {
    const [reply] = await ctx.db.select().from(messages).where(eq(messages.channelId, channelId)).then((rows) => rows.filter((m) => m.text.includes("afspraak")));
    const draft = await createOutboundItem(ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: reply?.id, text: "Nee hoor, u kunt zaterdag tussen 9 en 12 uur gewoon langskomen." });
    const published = await publishOutboundItem(ctx, { orgId, itemId: draft.item.id, actor: actor(), role: "webcare" });
    await network.processAll();
    const { data } = await patient.getPostThread({ uri: reply?.externalId ?? "", depth: 1 });
    const replies = (data.thread as { replies?: { post: { uri: string; record: { text: string; reply?: { root: { uri: string } } } } }[] }).replies ?? [];
    const ours = replies.find((r) => r.post.uri === published.item.externalId);
    expect(ours?.post.record.text).toBe("Nee hoor, u kunt zaterdag tussen 9 en 12 uur gewoon langskomen.");
    expect(ours?.post.record.reply?.root.uri).not.toBe(reply?.externalId);

    // Our own reply, echoed back by notifications later, is never a second inbound message.
    const blocked = await createOutboundItem(ctx, { orgId, userId, kind: "reply", channelId, inReplyToMessageId: reply?.id, text: "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen." });
    await expect(publishOutboundItem(ctx, { orgId, itemId: blocked.item.id, actor: actor(), role: "webcare" })).rejects.toMatchObject({ code: "guard_blocked" });
  });

  it("publishes a post with a link facet", async () => {
    const draft = await createOutboundItem(ctx, { orgId, userId, kind: "post", channelId, text: "Lees meer over de griepprik op https://www.thuisarts.nl/griep" });
    const published = await publishOutboundItem(ctx, { orgId, itemId: draft.item.id, actor: actor(), role: "webcare" });
    await network.processAll();
    const { data } = await practice.getPostThread({ uri: published.item.externalId ?? "", depth: 0 });
    const post = (data.thread as unknown as { post: { record: { text: string; facets?: { features: { $type: string; uri?: string }[] }[] } } }).post;
    expect(post.record.text).toContain("thuisarts.nl/griep");
    expect(post.record.facets?.[0]?.features[0]).toMatchObject({ $type: "app.bsky.richtext.facet#link", uri: "https://www.thuisarts.nl/griep" });
  });

  it("uploads images with alt text and deletes a post (adapter through the channel runtime)", async () => {
    // A 1×1 PNG.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const created = await withChannelRuntime(ctx, { orgId, channelId }, (adapter, runtime) =>
      adapter.publish!(runtime, { text: "Zo ziet onze nieuwe wachtkamer eruit.", media: [{ data: png, mimeType: "image/png", alt: "Lege wachtkamer met groene stoelen" }] }),
    );
    await network.processAll();
    const { data } = await practice.getPostThread({ uri: created.externalId, depth: 0 });
    const record = (data.thread as unknown as { post: { record: { embed?: { $type: string; images: { alt: string }[] } } } }).post.record;
    expect(record.embed?.$type).toBe("app.bsky.embed.images");
    expect(record.embed?.images[0]?.alt).toBe("Lege wachtkamer met groene stoelen");

    await withChannelRuntime(ctx, { orgId, channelId }, (adapter, runtime) => adapter.delete!(runtime, created.externalId));
    await network.processAll();
    await expect(practice.getPostThread({ uri: created.externalId, depth: 0 })).rejects.toMatchObject({ error: "NotFound" });
  });

  it("renews an expired session with the refresh token and keeps the channel active", async () => {
    const [creds] = await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
    const refresh = ctx.secrets.decrypt(creds?.refreshTokenEnc ?? "");
    // A genuine access token of this PDS (its dev key), expired a minute ago.
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ scope: "com.atproto.appPass" })
      .setProtectedHeader({ typ: "at+jwt", alg: "HS256" })
      .setAudience(network.pds.ctx.cfg.service.did)
      .setSubject(practice.session?.did ?? "")
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(network.pds.jwtSecretKey());
    await saveCredentials(ctx.db, ctx.secrets, channelId, { accessToken: expired, refreshToken: refresh, secret: ctx.secrets.decrypt(creds?.secretEnc ?? "") }, new Date());
    await patientPost("@praktijk.test nog een vraag: tot hoe laat zijn jullie open?");
    const result = await pollChannel(ctx, { orgId, channelId });
    expect(result.inserted).toBe(1);
    const [channel] = await ctx.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.status).toBe("active");
    const [after] = await ctx.db.select().from(channelCredentials).where(eq(channelCredentials.channelId, channelId));
    expect(ctx.secrets.decrypt(after?.accessTokenEnc ?? "")).not.toBe(expired);
  });

  it("connects from Instellingen → Kanalen in chromium with handle and app password, and fetches", async () => {
    // The web app is built by the test command before the unit tests (npm run build:web).
    const { signIn, startHarness } = await import("../browser/harness.ts");
    const h = await startHarness();
    try {
      const { data } = await practice.com.atproto.server.createAppPassword({ name: "spreekuur-web" });
      const admin = await buildUser(h.database.db, { role: "admin", email: "bluesky@praktijk.nl" });
      const { page, context } = await h.newPage();
      await signIn(page, h.url, { email: admin.user.email, password: admin.password });
      await page.goto(`${h.url}/instellingen/kanalen`);
      const card = page.locator('li[data-network="bluesky"]');
      await card.getByLabel("Handle (bijv. praktijk.bsky.social)").fill("praktijk.test");
      await card.getByLabel("Server (leeg = standaard)").fill(network.pds.url);
      // A wrong app password is refused with a message; nothing is connected.
      await card.getByLabel("App-wachtwoord").fill("fout-fout-fout");
      await card.getByRole("button", { name: /Verbinden/ }).click();
      await page.locator(".alert-error").first().waitFor();
      expect(await page.locator('li[data-channel="bluesky"]').count()).toBe(0);

      await card.getByLabel("App-wachtwoord").fill(data.password);
      await card.getByRole("button", { name: /Verbinden/ }).click();
      const channelCard = page.locator('li[data-channel="bluesky"]');
      await channelCard.waitFor();
      expect(await channelCard.innerText()).toContain("praktijk.test");
      // The app password never reaches the page.
      expect(await page.content()).not.toContain(data.password);

      await patientPost("@praktijk.test is de praktijk op 24 december open?");
      await channelCard.getByRole("button", { name: "Nu ophalen" }).click();
      await page.getByText(/^\d+ nieuw, 0 al bekend\.$/).waitFor();
      await page.locator(".message-list").getByText("is de praktijk op 24 december open?").waitFor();
      await context.close();
    } finally {
      await h.close();
    }
  });
});
