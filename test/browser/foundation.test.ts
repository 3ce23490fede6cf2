/**
 * The foundation in a real browser: first-run setup, sign-out and sign-in, organisation isolation
 * as the user sees it, the language switch, keyboard navigation and axe-core accessibility checks.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOrganisation, buildUser } from "../factories.ts";
import { axeViolations, type Harness, screenshot, startHarness } from "./harness.ts";

const ADMIN = { name: "Anna de Vries", email: "anna@delinde.nl", password: "veilig-wachtwoord-2026" };
const NAV_NL = ["Inbox", "Publiceren", "Rapportage", "Training", "Instellingen"];
const NAV_EN = ["Inbox", "Publishing", "Reports", "Training", "Settings"];

async function navLabels(page: Page): Promise<string[]> {
  return page.locator("nav.mainnav a").allInnerTexts();
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel(/E-mailadres|Email address/).fill(email);
  await page.getByLabel(/^(Wachtwoord|Password)$/).fill(password);
  await page.getByRole("button", { name: /Inloggen|Sign in/ }).click();
  await page.locator("nav.mainnav").waitFor();
}

describe("web app foundation (chromium)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it("runs first-run setup and lands in the Dutch shell with the five sections", async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.url);
    await page.getByRole("heading", { name: "Spreekuur inrichten" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("nl");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Naam van de praktijk of instelling").fill("Huisartsenpraktijk De Linde");
    await page.getByLabel("Uw naam").fill(ADMIN.name);
    await page.getByLabel("E-mailadres").fill(ADMIN.email);
    await page.getByLabel("Wachtwoord (minstens 12 tekens)").fill("kort");
    await expect.poll(() => page.getByText("Kies een wachtwoord van minstens 12 tekens.").isVisible()).toBe(true);
    await page.getByLabel("Wachtwoord (minstens 12 tekens)").fill(ADMIN.password);
    await page.getByLabel("Herhaal het wachtwoord").fill(ADMIN.password);
    await page.getByRole("button", { name: "Organisatie aanmaken" }).click();

    await page.locator("nav.mainnav").waitFor();
    expect(await navLabels(page)).toEqual(NAV_NL);
    expect(await page.getByTestId("org-name").innerText()).toBe("Huisartsenpraktijk De Linde");
    expect(new URL(page.url()).pathname).toBe("/inbox");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "shell-nl");

    // The profile the guard allow-lists is editable by the admin.
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Instellingen" }).click();
    await page.getByLabel("Telefoonnummers").fill("030 234 56 78");
    await page.getByLabel(/Namen van medewerkers/).fill("dokter Van Dijk\nassistente Joyce");
    await page.getByLabel("Telefoonnummer huisartsenpost (buiten kantoortijd)").fill("0900 450 12 12");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Opgeslagen.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "settings-organisation");

    for (const section of ["Gebruikers", "Beveiliging", "Auditlog"]) {
      await page.getByRole("navigation", { name: "Onderdelen" }).getByRole("link", { name: section }).click();
      await page.getByRole("heading", { level: 1, name: new RegExp(section) }).waitFor();
      expect(await axeViolations(page), section).toEqual([]);
    }
    await page.getByRole("cell", { name: "setup.complete" }).waitFor();
    await context.close();
  });

  it("signs out and in again; the session survives a reload", async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.url);
    await page.locator("nav.mainnav").waitFor({ state: "detached" }).catch(() => undefined);
    await page.getByRole("heading", { name: "Inloggen" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("E-mailadres").fill(ADMIN.email);
    await page.getByLabel(/^Wachtwoord$/).fill("helemaal-verkeerd-1");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.getByRole("alert").getByText("E-mailadres, wachtwoord of code klopt niet.").waitFor();

    await page.getByLabel(/^Wachtwoord$/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Inloggen" }).click();
    await page.locator("nav.mainnav").waitFor();
    await page.reload();
    await page.locator("nav.mainnav").waitFor();
    expect(await page.getByTestId("org-name").innerText()).toBe("Huisartsenpraktijk De Linde");

    await page.getByRole("button", { name: "Uitloggen" }).click();
    await page.getByRole("heading", { name: "Inloggen" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Inloggen" }).waitFor();
    await context.close();
  });

  it("shows another organisation's admin nothing of De Linde", async () => {
    const db = h.database.db;
    const west = await buildOrganisation(db, { name: "Ziekenhuis West" });
    const b = await buildUser(db, { orgId: west.id, role: "admin", email: "admin@west.nl", displayName: "Bas Bakker" });
    const { page, context } = await h.newPage();
    await page.goto(h.url);
    await signIn(page, b.user.email, b.password);
    expect(await page.getByTestId("org-name").innerText()).toBe("Ziekenhuis West");

    await page.goto(`${h.url}/instellingen/organisatie`);
    await expect.poll(() => page.getByLabel("Naam", { exact: true }).inputValue()).toBe("Ziekenhuis West");
    await page.goto(`${h.url}/instellingen/gebruikers`);
    await page.getByRole("cell", { name: "admin@west.nl" }).waitFor();
    await page.goto(`${h.url}/instellingen/audit`);
    await page.getByRole("table").waitFor();
    for (const path of ["/inbox", "/instellingen/organisatie", "/instellingen/gebruikers", "/instellingen/audit"]) {
      await page.goto(`${h.url}${path}`);
      await page.locator("main h1").waitFor();
      await page.waitForLoadState("networkidle");
      const text = await page.locator("body").innerText();
      expect(text, path).not.toContain("De Linde");
      expect(text, path).not.toContain("anna@delinde.nl");
      expect(text, path).not.toContain("Van Dijk");
    }

    // Even with De Linde's ids in hand, the API answers "not found" for B's session.
    const { id: lindeAdminId } = (await h.database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, ADMIN.email) })) ?? { id: "" };
    const attempt = await page.evaluate(async (userId) => {
      const me = await (await fetch("/api/me")).json();
      const res = await fetch(`/api/organisation/members/${userId}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: JSON.stringify({ role: "trainee" }),
      });
      return { status: res.status, body: await res.json() };
    }, lindeAdminId);
    expect(attempt.status).toBe(404);
    expect(attempt.body.code).toBe("not_found");
    await context.close();
  });

  it("switches to English, remembers it after a reload, and switches back", async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.url);
    await signIn(page, ADMIN.email, ADMIN.password);
    expect(await navLabels(page)).toEqual(NAV_NL);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect.poll(() => navLabels(page)).toEqual(NAV_EN);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.reload();
    await page.locator("nav.mainnav").waitFor();
    expect(await navLabels(page)).toEqual(NAV_EN);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await screenshot(page, "shell-en");
    expect(await axeViolations(page)).toEqual([]);

    // The language is stored on the user too: a fresh browser signs in in English.
    const fresh = await h.newPage();
    await fresh.page.goto(h.url);
    await signIn(fresh.page, ADMIN.email, ADMIN.password);
    expect(await navLabels(fresh.page)).toEqual(NAV_EN);
    await fresh.context.close();

    await page.getByRole("button", { name: "Schakel naar Nederlands" }).click();
    await expect.poll(() => navLabels(page)).toEqual(NAV_NL);
    await context.close();
  });

  it("can be used with the keyboard: skip link, then the navigation", async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.url);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${h.url}/inbox`);
    await page.locator("nav.mainnav").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Direct naar de inhoud");
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.textContent)) !== "Publiceren" && guard++ < 15) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Publiceren" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/publiceren");
    expect(await page.locator('nav.mainnav a[aria-current="page"]').innerText()).toBe("Publiceren");
    await context.close();
  });
});
