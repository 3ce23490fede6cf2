/** RSS 2.0 and Atom against a local feed server: parsing, conditional GET, only new items per poll. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFeed } from "../../src/channels/rss/index.ts";
import { connectWithCredentials } from "../../src/channels/service/connect-with-credentials.ts";
import { pollChannel } from "../../src/channels/service/poll-channel.ts";
import type { AppContext } from "../../src/lib/context.ts";
import { messages } from "../../src/store/schema.ts";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildContext, buildUser } from "../factories.ts";

const rssItem = (n: number, date: string) => `
  <item>
    <title>Blog ${n}: mijn ervaring met de huisarts</title>
    <link>https://blog.example/post-${n}</link>
    <guid isPermaLink="false">post-${n}</guid>
    <pubDate>${date}</pubDate>
    <dc:creator>Sanne</dc:creator>
    <description><![CDATA[<p>De assistente nam echt de tijd &amp; legde alles uit.</p>]]></description>
  </item>`;

let items = [rssItem(1, "Mon, 05 Jan 2026 09:00:00 GMT"), rssItem(2, "Tue, 06 Jan 2026 09:00:00 GMT")];
const etagOf = () => `"v${items.length}"`;
let requests: { ifNoneMatch?: string | undefined }[] = [];
let server: Server;
let feedUrl = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ ifNoneMatch: req.headers["if-none-match"] });
    if (req.url === "/atom.xml") {
      res.writeHead(200, { "content-type": "application/atom+xml" }).end(`<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nieuws uit de wijk</title>
<entry><id>urn:uuid:1</id><title>Nieuwe huisarts in Noord</title><link rel="alternate" href="https://nieuws.example/1"/><updated>2026-01-07T08:00:00Z</updated><author><name>Redactie</name></author><summary>Praktijk De Linde krijgt versterking.</summary></entry>
</feed>`);
      return;
    }
    if (req.headers["if-none-match"] === etagOf()) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/rss+xml", etag: etagOf() }).end(`<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Sanne's zorgblog</title>${items.join("")}</channel></rss>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("RSS/Atom", () => {
  let database: TestDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    ctx = buildContext(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it("parses Atom", () => {
    expect(() => parseFeed("<html><body>geen feed</body></html>")).toThrow(/geen RSS- of Atom-feed/);
  });

  it("connects a feed, polls only new items and uses conditional GET", async () => {
    const { orgId, user } = await buildUser(database.db);
    const actor = { kind: "user" as const, userId: user.id, label: "Anna" };
    await expect(connectWithCredentials(ctx, { orgId, actor, network: "rss", values: { feedUrl: "ftp://nope" } })).rejects.toMatchObject({ code: "validation" });
    const channel = await connectWithCredentials(ctx, { orgId, actor, network: "rss", values: { feedUrl } });
    expect(channel.name).toBe("Feed – Sanne's zorgblog");

    expect((await pollChannel(ctx, { orgId, channelId: channel.id })).inserted).toBe(2);
    requests = [];
    expect((await pollChannel(ctx, { orgId, channelId: channel.id })).fetched).toBe(0);
    expect(requests[0]?.ifNoneMatch).toBe('"v2"');

    items = [...items, rssItem(3, "Wed, 07 Jan 2026 09:00:00 GMT")];
    const third = await pollChannel(ctx, { orgId, channelId: channel.id });
    expect(third).toMatchObject({ fetched: 1, inserted: 1 });
    const stored = await ctx.db.select().from(messages).where(eq(messages.channelId, channel.id));
    expect(stored).toHaveLength(3);
    expect(stored.find((m) => m.externalId === "post-3")).toMatchObject({
      text: "Blog 3: mijn ervaring met de huisarts\n\nDe assistente nam echt de tijd & legde alles uit.",
      authorName: "Sanne",
      permalink: "https://blog.example/post-3",
      visibility: "public",
    });

    const atom = await connectWithCredentials(ctx, { orgId, actor, network: "rss", values: { feedUrl: feedUrl.replace("feed.xml", "atom.xml") } });
    expect(atom.name).toBe("Feed – Nieuws uit de wijk");
    expect((await pollChannel(ctx, { orgId, channelId: atom.id })).inserted).toBe(1);
  });
});
