/**
 * Instellingen → Kanalen in a real browser: connect the sandbox and a local Mastodon test server
 * (OAuth round trip), fetch twice without duplicates, and post through the guard: a blocked text
 * shows its findings and is not sent, an ok text reaches the Mastodon server.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundItems } from "../../src/store/schema.ts";
import { startMastodonServer, type MastodonTestServer } from "../channels/mastodon-server.ts";
import { buildOrganisation, buildUser } from "../factories.ts";
import { axeViolations, type Harness, screenshot, startHarness, signIn } from "./harness.ts";

const BLOCKED = "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen.";
const OK = "De griepprik is op zaterdag 18 oktober. Kom gerust langs!";

describe("Kanalen (chromium)", () => {
  let h: Harness;
  let mastodon: MastodonTestServer;
  beforeAll(async () => {
    h = await startHarness();
    mastodon = await startMastodonServer();
  });
  afterAll(async () => {
    await mastodon?.close();
    await h?.close();
  });

  it("connects sandbox and Mastodon, fetches without duplicates and publishes through the guard", async () => {
    const org = await buildOrganisation(h.database.db, { name: "Huisartsenpraktijk Kanaal" });
    const admin = await buildUser(h.database.db, { orgId: org.id, role: "admin", email: "kanalen@praktijk.nl" });
    const { page, context } = await h.newPage();
    await signIn(page, h.url, { email: admin.user.email, password: admin.password });
    await page.goto(`${h.url}/instellingen/kanalen`);

    // Networks without an adapter in this build are listed as such.
    await page.locator('[data-network="sandbox"]').waitFor();

    // Sandbox: one click, clearly labelled.
    await page.getByRole("button", { name: "Sandbox starten" }).click();
    const sandboxCard = page.locator('li[data-channel="sandbox"]');
    await sandboxCard.waitFor();
    expect(await sandboxCard.innerText()).toContain("Sandbox – oefenomgeving");
    expect(await sandboxCard.innerText()).toContain("actief");

    await sandboxCard.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText(/\d+ nieuw, 0 al bekend/).waitFor();
    const firstStatus = await page.locator(".alert-success").innerText();
    const inserted = Number(/(\d+) nieuw/.exec(firstStatus)?.[1]);
    expect(inserted).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".message-list > li").count()).toBe(inserted);
    // Every message carries its triage labels (in Dutch).
    expect(await page.locator(".message-list [data-intent]").count()).toBe(inserted);
    expect(await page.locator(".message-list").innerText()).toMatch(/Vraag|Klacht|Compliment/);
    await sandboxCard.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText(/^0 nieuw, \d+ al bekend\.$/).waitFor();
    expect(await page.locator(".message-list > li").count()).toBe(inserted);

    // Mastodon: type the server, OAuth round trip through the local test server.
    const mastodonCard = page.locator('li[data-network="mastodon"]');
    await mastodonCard.getByLabel("Adres van je Mastodon-server").fill(mastodon.url);
    await mastodonCard.getByRole("button", { name: /Verbinden/ }).click();
    await page.waitForURL(/\/instellingen\/kanalen\?connected=mastodon/);
    await page.getByText("Kanaal verbonden: mastodon.").waitFor();
    const channelCard = page.locator('li[data-channel="mastodon"]');
    await channelCard.waitFor();

    mastodon.addMention({ acct: "marieke@other.example", displayName: "Marieke", text: "Is de griepprik ook voor mantelzorgers?" });
    await channelCard.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText("1 nieuw, 0 al bekend").waitFor();
    await page.locator(".message-list").getByText("Is de griepprik ook voor mantelzorgers?").waitFor();

    // A blocked text shows its findings and is not sent.
    const before = mastodon.posted.length;
    await page.getByLabel("Tekst").fill(BLOCKED);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    const blocked = page.locator('[data-verdict="block"]');
    await blocked.waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
      console.log(await page.locator("main").innerText());
      throw e;
    });
    expect(await blocked.innerText()).toContain("Geblokkeerd door de controle");
    expect(await blocked.locator("li").count()).toBeGreaterThan(0);
    await screenshot(page, "channels-guard-blocked");
    expect(mastodon.posted.length).toBe(before);

    // An ok text is published to the local Mastodon server.
    await page.getByLabel("Tekst").fill(OK);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.getByText(/Geplaatst\. Controle: in orde/).waitFor();
    expect(mastodon.posted.length).toBe(before + 1);
    expect(mastodon.posted.at(-1)?.content).toContain(OK);
    const items = await h.database.db.select().from(outboundItems).where(eq(outboundItems.orgId, org.id));
    expect(items.map((i) => i.status).sort()).toEqual(["draft", "published"]);
    await screenshot(page, "channels-published");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("connects an RSS feed as a listening source and shows its items once", async () => {
    let posts = 1;
    const post = (n: number) =>
      `<item><title>Mijn nieuwe heup, week ${n}</title><link>https://blog.example/heup-${n}</link><guid>heup-${n}</guid>` +
      `<pubDate>Mon, 0${n} Feb 2026 09:00:00 GMT</pubDate><description>Week ${n} na de operatie: de fysio in het ziekenhuis was top.</description></item>`;
    const feed: Server = createServer((_req, res) => {
      const items = Array.from({ length: posts }, (_, i) => post(i + 1)).join("");
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Heupblog</title>${items}</channel></rss>`);
    });
    await new Promise<void>((resolve) => feed.listen(0, "127.0.0.1", resolve));
    try {
      const org = await buildOrganisation(h.database.db, { name: "Ziekenhuis Feed" });
      const admin = await buildUser(h.database.db, { orgId: org.id, role: "admin", email: "feed@ziekenhuis.nl" });
      const { page, context } = await h.newPage();
      await signIn(page, h.url, { email: admin.user.email, password: admin.password });
      await page.goto(`${h.url}/instellingen/kanalen`);

      // A bad address is refused with a clear message and connects nothing.
      const rssCard = page.locator('li[data-network="rss"]');
      await rssCard.getByLabel("Adres van de feed").fill("geen adres");
      await rssCard.getByRole("button", { name: /Verbinden/ }).click();
      await page.locator(".alert-error, [role=alert]").first().waitFor();
      expect(await page.locator('li[data-channel="rss"]').count()).toBe(0);

      await rssCard.getByLabel("Adres van de feed").fill(`http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`);
      await rssCard.getByRole("button", { name: /Verbinden/ }).click();
      const channelCard = page.locator('li[data-channel="rss"]');
      await channelCard.waitFor();
      expect(await channelCard.innerText()).toContain("Heupblog");
      await channelCard.getByRole("button", { name: "Nu ophalen" }).click();
      await page.getByText("1 nieuw, 0 al bekend").waitFor();
      posts = 2;
      await channelCard.getByRole("button", { name: "Nu ophalen" }).click();
      // The feed adapter asks only for items after the last one it saw: the new post, once.
      await expect.poll(() => page.locator(".message-list > li").count()).toBe(2);
      await channelCard.getByRole("button", { name: "Nu ophalen" }).click();
      await page.getByText("0 nieuw, 0 al bekend").waitFor();
      expect(await page.locator(".message-list > li").count()).toBe(2);
      expect(await page.locator(".message-list").innerText()).toContain("Week 2 na de operatie");
      // Listening only: no composer for a feed.
      expect(await page.getByRole("button", { name: "Plaatsen" }).count()).toBe(0);
      await context.close();
    } finally {
      feed.closeAllConnections();
      await new Promise((resolve) => feed.close(resolve));
    }
  });
});
