/**
 * Instellingen → Kanalen in chromium with Facebook and Instagram against the local Meta Graph
 * server: connect both by clicking through the (local) Facebook Login dialog, fetch comments and
 * Messenger/Direct messages, post through the guard (a blocked text is not sent, an ok text reaches
 * the page; Instagram refuses a text-only post with a clear Dutch message), and reply to a comment.
 * The Kanalen page has no reply button, so replies go through the same API from the browser session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { type MetaTestServer, startMetaServer } from "../channels/meta-server.ts";
import { buildOrganisation, buildUser } from "../factories.ts";
import { axeViolations, type Harness, screenshot, startHarness, signIn } from "./harness.ts";

const BLOCKED = "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen.";
const OK = "De griepprik is op zaterdag 18 oktober. Kom gerust langs!";

/** Replies to a stored message from inside the signed-in page (session cookie + CSRF token). */
async function replyFromBrowser(page: Page, channelId: string, externalId: string, text: string) {
  return page.evaluate(
    async ({ channelId, externalId, text }) => {
      const me = (await (await fetch("/api/me")).json()) as { csrfToken: string };
      const list = (await (await fetch(`/api/channels/${channelId}/messages`)).json()) as { messages: { id: string; externalId: string }[] };
      const message = list.messages.find((m) => m.externalId === externalId);
      const response = await fetch(`/api/messages/${message?.id ?? "missing"}/reply`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: JSON.stringify({ text }),
      });
      return { status: response.status, body: (await response.json()) as { item?: { externalId?: string; status?: string } } };
    },
    { channelId, externalId, text },
  );
}

describe("Kanalen: Facebook and Instagram (chromium)", () => {
  let h: Harness;
  let meta: MetaTestServer;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    meta = await startMetaServer();
    for (const [key, value] of Object.entries({ ...meta.env, SPREEKUUR_ALLOW_PRIVATE_HOSTS: "127.0.0.1" })) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    await meta?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  });

  it("connects Facebook and Instagram through the login dialog, fetches, posts through the guard and replies", async () => {
    const org = await buildOrganisation(h.database.db, { name: "Huisartsenpraktijk Meta" });
    const admin = await buildUser(h.database.db, { orgId: org.id, role: "admin", email: "meta@praktijk.nl" });
    const { page, context } = await h.newPage();
    await signIn(page, h.url, { email: admin.user.email, password: admin.password });
    await page.goto(`${h.url}/instellingen/kanalen`);

    // Facebook: no fields, one button; the local Login dialog sends us straight back.
    const facebookCard = page.locator('li[data-network="facebook"]');
    await facebookCard.getByRole("button", { name: "Verbinden: Facebook" }).click();
    await page.waitForURL(/\/instellingen\/kanalen\?connected=facebook/);
    await page.getByText("Kanaal verbonden: facebook.").waitFor();
    await expect.poll(() => page.locator('li[data-channel="facebook"]').count()).toBe(2);
    const pageCard = page.getByRole("listitem", { name: "Facebook – Huisartsenpraktijk De Linde" });
    expect(await pageCard.innerText()).toContain("actief");

    const post = meta.addPost({ message: "Griepprik op zaterdag" });
    const comment = meta.addComment({ postId: post.id, message: "Moet ik voor de griepprik een afspraak maken?", from: { id: "u-marieke", name: "Marieke Jansen" } });
    meta.addMessengerMessage({ from: { id: "psid-noor", name: "Noor Bakker" }, text: "Mag ik u privé iets vragen over mijn recept?" });
    await pageCard.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText("2 nieuw, 0 al bekend").waitFor();
    await page.locator(".message-list").getByText("Moet ik voor de griepprik een afspraak maken?").waitFor();
    expect(await page.locator(".message-list").innerText()).toContain("Noor Bakker");
    await pageCard.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText(/^0 nieuw, \d+ al bekend\.$/).waitFor();
    expect(await page.locator(".message-list > li").count()).toBe(2);

    // A blocked text shows its findings and nothing reaches Facebook; an ok text is posted.
    const feedPosts = () => meta.requests.filter((r) => r.method === "POST" && r.path === "/v21.0/201/feed").length;
    await page.getByLabel("Tekst").fill(BLOCKED);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.locator('[data-verdict="block"]').waitFor();
    expect(feedPosts()).toBe(0);
    await page.getByLabel("Tekst").fill(OK);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.getByText(/Geplaatst\. Controle: in orde/).waitFor();
    expect(feedPosts()).toBe(1);
    expect([...meta.posts.values()].some((p) => p.message === OK && p.pageId === "201")).toBe(true);
    await screenshot(page, "channels-meta-facebook");

    const channels = (await page.evaluate(async () => (await (await fetch("/api/channels")).json()) as { channels: { id: string; network: string; name: string }[] })).channels;
    const facebookId = channels.find((c) => c.name === "Facebook – Huisartsenpraktijk De Linde")?.id ?? "";
    const reply = await replyFromBrowser(page, facebookId, comment.id, "U hoeft geen afspraak te maken, loop gerust binnen op zaterdag.");
    expect(reply.status).toBe(201);
    expect(meta.comments.get(reply.body.item?.externalId ?? "")).toMatchObject({ parentId: comment.id, from: { id: "201" } });

    // Instagram: same Meta app, one channel for the linked professional account.
    await page.locator('li[data-network="instagram"]').getByRole("button", { name: "Verbinden: Instagram" }).click();
    await page.waitForURL(/\/instellingen\/kanalen\?connected=instagram/);
    await page.getByText("Kanaal verbonden: instagram.").waitFor();
    const igCard = page.locator('li[data-channel="instagram"]');
    await igCard.waitFor();
    expect(await igCard.innerText()).toContain("@huisartsdelinde");

    const media = meta.addIgMedia({ caption: "Open dag" });
    const igComment = meta.addIgComment({ mediaId: media.id, text: "Hoe laat begint de open dag?", username: "lotte.v", userId: "ig-lotte" });
    await igCard.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText("1 nieuw, 0 al bekend").waitFor();
    await page.locator(".message-list").getByText("Hoe laat begint de open dag?").waitFor();

    // Instagram has no text-only posts: the page says so in Dutch and nothing is created.
    await page.getByLabel("Tekst").fill(OK);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.getByText(/Instagram kent geen berichten met alleen tekst/).waitFor();
    expect(meta.containers.size).toBe(0);
    await screenshot(page, "channels-meta-instagram");

    const listed = await page.evaluate(async () => (await (await fetch("/api/channels")).json()) as { channels: { id: string; network: string }[] });
    const instagramId = listed.channels.find((c) => c.network === "instagram")?.id ?? "";
    const igReply = await replyFromBrowser(page, instagramId, igComment.id, "De open dag begint om 10 uur, welkom!");
    expect(igReply.status).toBe(201);
    expect(meta.igComments.get(igReply.body.item?.externalId ?? "")).toMatchObject({ parentId: igComment.id });

    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
