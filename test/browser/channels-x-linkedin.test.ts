/**
 * Instellingen → Kanalen in chromium with X and LinkedIn configured against the local test servers:
 * connect both by clicking through their authorize pages (OAuth round trips; X with PKCE checked by
 * the server), fetch inbound items without duplicates, and publish through the guard (a blocked
 * text is not sent, an ok text reaches the network).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLinkedInServer, type LinkedInTestServer } from "../channels/linkedin-server.ts";
import { startXServer, type XTestServer } from "../channels/x-server.ts";
import { buildOrganisation, buildUser } from "../factories.ts";
import { axeViolations, type Harness, screenshot, startHarness, signIn } from "./harness.ts";

const BLOCKED = "Beste Petra de Vries, uw uitslag van de uitstrijk is goed, u hoeft niet terug te komen.";
const PAGE = "urn:li:organization:2414183";
const ENV_KEYS = [
  "X_CLIENT_ID",
  "X_API_URL",
  "X_OAUTH_URL",
  "LINKEDIN_CLIENT_ID",
  "LINKEDIN_CLIENT_SECRET",
  "LINKEDIN_API_URL",
  "LINKEDIN_OAUTH_URL",
  "SPREEKUUR_ALLOW_PRIVATE_HOSTS",
] as const;

describe("Kanalen: X en LinkedIn (chromium)", () => {
  let h: Harness;
  let x: XTestServer;
  let linkedin: LinkedInTestServer;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};

  beforeAll(async () => {
    x = await startXServer();
    linkedin = await startLinkedInServer();
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
    }
    Object.assign(process.env, {
      X_CLIENT_ID: x.clientId,
      X_API_URL: x.url,
      X_OAUTH_URL: `${x.url}/i/oauth2/authorize`,
      LINKEDIN_CLIENT_ID: linkedin.clientId,
      LINKEDIN_CLIENT_SECRET: linkedin.clientSecret,
      LINKEDIN_API_URL: linkedin.url,
      LINKEDIN_OAUTH_URL: linkedin.url,
      SPREEKUUR_ALLOW_PRIVATE_HOSTS: "127.0.0.1",
    });
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    await x?.close();
    await linkedin?.close();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = saved[key];
      }
    }
  });

  it("connects X and LinkedIn through their authorize pages, fetches and publishes", async () => {
    const org = await buildOrganisation(h.database.db, { name: "Huisartsenpraktijk Kanaal" });
    const admin = await buildUser(h.database.db, { orgId: org.id, role: "admin", email: "x-linkedin@praktijk.nl" });
    const { page, context } = await h.newPage();
    await signIn(page, h.url, { email: admin.user.email, password: admin.password });
    await page.goto(`${h.url}/instellingen/kanalen`);

    // --- X: one click, the local authorize page approves and sends us back. ---------------------
    const xCard = page.locator('li[data-network="x"]');
    await xCard.getByRole("button", { name: "Verbinden: X" }).click();
    await page.waitForURL(/\/instellingen\/kanalen\?connected=x$/);
    await page.getByText("Kanaal verbonden: x.").waitFor();
    expect(x.challenges).toHaveLength(1);
    expect(x.requests.some((r) => r.path === "/i/oauth2/authorize")).toBe(true);
    const xChannel = page.locator('li[data-channel="x"]');
    await xChannel.waitFor();
    expect(await xChannel.innerText()).toContain("@praktijkdelinde");

    x.addMention({ username: "marieke", name: "Marieke", text: "Is de griepprik ook voor mantelzorgers?" });
    x.addDm({ username: "noor", name: "Noor", text: "Mag ik u privé iets vragen?" });
    await xChannel.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText("2 nieuw, 0 al bekend.").waitFor();
    await page.locator(".message-list").getByText("@praktijkdelinde Is de griepprik ook voor mantelzorgers?").waitFor();
    await page.locator(".message-list").getByText("Mag ik u privé iets vragen?").waitFor();
    await xChannel.getByRole("button", { name: "Nu ophalen" }).click();
    // The cursor (since_id / newest DM id) means X sends nothing already known.
    await page.getByText("0 nieuw, 0 al bekend.").waitFor();
    expect(await page.locator(".message-list > li").count()).toBe(2);

    const beforeX = x.posted.length;
    await page.getByLabel("Tekst").fill(BLOCKED);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.locator('[data-verdict="block"]').waitFor();
    expect(x.posted.length).toBe(beforeX);
    const xText = "De griepprik is op zaterdag 18 oktober. Kom gerust langs!";
    await page.getByLabel("Tekst").fill(xText);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.getByText(/Geplaatst\. Controle: in orde/).waitFor();
    expect(x.posted.map((p) => p.text)).toEqual([xText]);
    await screenshot(page, "channels-x-published");

    // --- LinkedIn: one channel per administered page. ---------------------------------------------
    const linkedinCard = page.locator('li[data-network="linkedin"]');
    await linkedinCard.getByRole("button", { name: "Verbinden: LinkedIn" }).click();
    await page.waitForURL(/\/instellingen\/kanalen\?connected=linkedin$/);
    await page.getByText("Kanaal verbonden: linkedin.").waitFor();
    await expect.poll(() => page.locator('li[data-channel="linkedin"]').count()).toBe(2);
    const pageChannel = page.locator('li[data-channel="linkedin"][aria-label="LinkedIn – Huisartsenpraktijk De Linde"]');

    const post = linkedin.addOrgPost(PAGE, "De griepprik komt eraan.");
    linkedin.addComment({ postUrn: post.id, text: "Moet ik een afspraak maken voor de griepprik?" });
    await pageChannel.getByRole("button", { name: "Nu ophalen" }).click();
    await page.getByText("1 nieuw, 0 al bekend.").waitFor();
    await page.locator(".message-list").getByText("Moet ik een afspraak maken voor de griepprik?").waitFor();

    const liText = "Ook dit jaar is er een griepprik (meer informatie volgt op onze website).";
    await page.getByLabel("Tekst").fill(liText);
    await page.getByRole("button", { name: "Plaatsen" }).click();
    await page.getByText(/Geplaatst\./).waitFor();
    expect(linkedin.postedPosts.map((p) => [p.author, p.commentary])).toEqual([
      [PAGE, "Ook dit jaar is er een griepprik \\(meer informatie volgt op onze website\\)."],
    ]);
    await screenshot(page, "channels-linkedin-published");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
