/**
 * RSS 2.0 and Atom feeds as read-only listening sources (patient blogs, news mentions).
 * Polling uses conditional GET (ETag / If-Modified-Since); the cursor remembers the validators,
 * the newest item date and the ids seen at that date, so a re-poll yields only new items.
 */
import { createHash } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { ChannelError, type ChannelAdapter, type HttpClient, type NormalizedMessage } from "../contract.ts";
import { htmlToText } from "../text.ts";

const MAX_TEXT = 4000;

interface RssCursor {
  etag?: string | undefined;
  lastModified?: string | undefined;
  newest?: string | undefined;
  seen?: string[] | undefined;
}

export interface ParsedFeed {
  title: string;
  items: { id: string; title: string; text: string; link?: string | undefined; author?: string | undefined; date: Date }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  isArray: (name) => name === "item" || name === "entry" || name === "link",
  processEntities: true,
  htmlEntities: true,
});

function asText(value: unknown): string {
  if (value === undefined || value === null) {
    return "";
  }
  if (typeof value === "string" || typeof value === "number") {
    return String(value);
  }
  if (typeof value === "object" && "#text" in value) {
    return String((value as { "#text": unknown })["#text"]);
  }
  return "";
}

function parseDate(...values: unknown[]): Date | undefined {
  for (const value of values) {
    const text = asText(value).trim();
    if (text) {
      const date = new Date(text);
      if (!Number.isNaN(date.getTime())) {
        return date;
      }
    }
  }
  return undefined;
}

/** Parses RSS 2.0 or Atom; throws a `rejected` ChannelError for anything else. */
export function parseFeed(xml: string, now: Date = new Date()): ParsedFeed {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new ChannelError("rejected", `Dit is geen geldige feed: ${(error as Error).message}`);
  }
  const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
  if (rss?.channel) {
    const channel = rss.channel;
    const items = ((channel.item as Record<string, unknown>[] | undefined) ?? []).map((item) => {
      const link = asText((item.link as unknown[] | undefined)?.[0]);
      const title = htmlToText(asText(item.title));
      const body = htmlToText(asText(item["content:encoded"]) || asText(item.description));
      const date = parseDate(item.pubDate, item["dc:date"]) ?? now;
      return {
        id: asText(item.guid) || link || hashOf(title + body),
        title,
        text: body,
        link: link || undefined,
        author: asText(item["dc:creator"]) || asText(item.author) || undefined,
        date,
      };
    });
    return { title: htmlToText(asText(channel.title)) || "RSS-feed", items };
  }
  const feed = doc.feed as Record<string, unknown> | undefined;
  if (feed) {
    const items = ((feed.entry as Record<string, unknown>[] | undefined) ?? []).map((entry) => {
      const links = (entry.link as Record<string, unknown>[] | undefined) ?? [];
      const alternate = links.find((l) => !l["@rel"] || l["@rel"] === "alternate") ?? links[0];
      const link = alternate ? asText(alternate["@href"]) : "";
      const title = htmlToText(asText(entry.title));
      const body = htmlToText(asText(entry.content) || asText(entry.summary));
      const author = entry.author as { name?: unknown } | undefined;
      return {
        id: asText(entry.id) || link || hashOf(title + body),
        title,
        text: body,
        link: link || undefined,
        author: author ? asText(author.name) || undefined : undefined,
        date: parseDate(entry.published, entry.updated) ?? now,
      };
    });
    return { title: htmlToText(asText(feed.title)) || "Atom-feed", items };
  }
  throw new ChannelError("rejected", "Dit is geen RSS- of Atom-feed.");
}

function hashOf(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}

function feedUrlOf(value: unknown): string {
  const raw = typeof value === "string" ? value.trim() : "";
  try {
    const url = new URL(raw);
    if (url.protocol === "http:" || url.protocol === "https:") {
      return url.toString();
    }
  } catch {
    // fall through
  }
  throw new ChannelError("rejected", `"${raw}" is geen geldig feedadres (begin met https://).`);
}

async function download(http: HttpClient, url: string, cursor: RssCursor) {
  const headers: Record<string, string> = { accept: "application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.5" };
  if (cursor.etag) {
    headers["if-none-match"] = cursor.etag;
  }
  if (cursor.lastModified) {
    headers["if-modified-since"] = cursor.lastModified;
  }
  const response = await http.request({ url, headers });
  if (response.status === 304) {
    return null;
  }
  if (response.status >= 400) {
    throw new ChannelError("rejected", `De feed gaf status ${response.status}`, { status: response.status });
  }
  return { text: response.text, etag: response.headers.get("etag") ?? undefined, lastModified: response.headers.get("last-modified") ?? undefined };
}

export const rssAdapter: ChannelAdapter = {
  network: "rss",
  displayName: "RSS/Atom",
  requiredEnv: [],
  capabilities: { inbound: true, publish: false, reply: false, privateMessage: false, delete: false, webhooks: false },
  limits: { maxLength: 0, maxImages: 0 },
  connect: {
    type: "credentials",
    fields: [{ name: "feedUrl", label: { nl: "Adres van de feed", en: "Feed URL" }, secret: false, placeholder: "https://voorbeeld.nl/feed.xml" }],
    async connect({ values, http }) {
      const url = feedUrlOf(values.feedUrl);
      const downloaded = await download(http, url, {});
      const feed = parseFeed(downloaded?.text ?? "");
      return { externalAccountId: url, name: `Feed – ${feed.title}`, settings: { feedUrl: url }, credentials: {} };
    },
  },
  async fetchInbound(runtime, rawCursor) {
    const url = feedUrlOf(runtime.channel.settings.feedUrl);
    const cursor: RssCursor = rawCursor ? (JSON.parse(rawCursor) as RssCursor) : {};
    const downloaded = await download(runtime.http, url, cursor);
    if (!downloaded) {
      return { items: [], cursor: rawCursor };
    }
    const feed = parseFeed(downloaded.text, runtime.now());
    const newest = cursor.newest ? new Date(cursor.newest) : undefined;
    const seen = new Set(cursor.seen ?? []);
    const fresh = feed.items.filter((item) => !newest || item.date > newest || (item.date.getTime() === newest.getTime() && !seen.has(item.id)));
    const items: NormalizedMessage[] = fresh.map((item) => ({
      network: "rss",
      externalId: item.id,
      threadExternalId: item.id,
      kind: "feed_item",
      author: { displayName: item.author ?? feed.title, handle: undefined },
      text: `${item.title}${item.text ? `\n\n${item.text}` : ""}`.slice(0, MAX_TEXT),
      media: [],
      sentAt: item.date,
      permalink: item.link,
      visibility: "public",
    }));
    const maxDate = [...feed.items.map((i) => i.date), ...(newest ? [newest] : [])].reduce<Date | undefined>((a, b) => (!a || b > a ? b : a), undefined);
    const atMax = maxDate ? feed.items.filter((i) => i.date.getTime() === maxDate.getTime()).map((i) => i.id) : [];
    const next: RssCursor = {
      etag: downloaded.etag,
      lastModified: downloaded.lastModified,
      newest: maxDate?.toISOString(),
      seen: newest && maxDate && maxDate.getTime() === newest.getTime() ? [...new Set([...seen, ...atMax])].slice(-200) : atMax,
    };
    items.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    return { items, cursor: JSON.stringify(next) };
  },
};
