/**
 * Browser-test harness: starts the real server in-process (in-memory PGlite, built web app) on
 * loopback and launches the system chromium through playwright-core (a fresh temporary profile
 * per launch). Never downloads a browser.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { buildServer } from "../../src/server/app.ts";
import { openDatabase, type Database } from "../../src/store/db.ts";
import type { AppContext } from "../../src/lib/context.ts";
import { buildContext } from "../factories.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const WEB_ROOT = join(ROOT, "dist/web");
export const RESULTS = join(ROOT, "test-results");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Harness {
  url: string;
  ctx: AppContext;
  database: Database;
  browser: Browser;
  newPage(): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(WEB_ROOT, "index.html"))) {
    throw new Error("dist/web is missing: run `npm run build:web` first");
  }
  const database = await openDatabase({ kind: "pglite-memory" });
  await database.migrate();
  const ctx = buildContext(database.db);
  const app = await buildServer({ ctx, database, webRoot: WEB_ROOT });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  ctx.config = { ...ctx.config, publicUrl: address };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    url: address,
    ctx,
    database,
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "nl-NL" });
      const page = await context.newPage();
      return { page, context };
    },
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

/** Signs in through the login page and waits for the app shell. */
export async function signIn(page: Page, url: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel("E-mailadres").fill(account.email);
  await page.getByLabel(/^Wachtwoord$/).fill(account.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.locator("nav.mainnav").waitFor();
}

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) on the page and returns the violations, readable. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: our Content-Security-Policy (rightly) blocks injected script tags.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
  return violations.map((v) => `${v.impact ?? "?"} ${v.id}: ${v.help} @ ${JSON.stringify(v.nodes.slice(0, 3))}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}
