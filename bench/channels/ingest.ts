/**
 * Ingest throughput on embedded PGlite (in memory): normalised items → triage → thread upsert →
 * idempotent insert, then the same items again (all duplicates). Run: npx tsx bench/channels/ingest.ts [count]
 */
import { performance } from "node:perf_hooks";
import type { NormalizedMessage } from "../../src/channels/contract.ts";
import { ingestMessages } from "../../src/inbox/ingest-messages.ts";
import { openDatabase } from "../../src/store/db.ts";
import { channels, organizations } from "../../src/store/schema.ts";
import { SANDBOX_SCRIPT } from "../../src/channels/sandbox/messages.ts";

const count = Number(process.argv[2] ?? 2000);
const database = await openDatabase({ kind: "pglite-memory" });
await database.migrate();
const profile = { phones: ["030 123 45 67"], emails: [], websites: [], addresses: [], staff: [] };
const [org] = await database.db.insert(organizations).values({ name: "Bench", slug: "bench", profile }).returning();
const [channel] = await database.db.insert(channels).values({ orgId: org!.id, network: "sandbox", name: "Bench", externalAccountId: "bench" }).returning();

const items: NormalizedMessage[] = Array.from({ length: count }, (_, i) => {
  const script = SANDBOX_SCRIPT[i % SANDBOX_SCRIPT.length]!;
  return {
    network: "sandbox",
    externalId: `bench-${i}`,
    threadExternalId: `thread-${i % 200}`,
    kind: script.kind,
    author: { handle: script.handle, displayName: script.name },
    text: script.text,
    media: [],
    sentAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    visibility: script.kind === "direct_message" ? "private" : "public",
  };
});

const run = async (label: string) => {
  const started = performance.now();
  const result = await ingestMessages(database.db, { orgId: org!.id, channelId: channel!.id, items, org: { name: "Bench", profile } });
  const ms = performance.now() - started;
  console.log(`${label}: ${count} items in ${ms.toFixed(0)} ms = ${((count / ms) * 1000).toFixed(0)} items/s (inserted ${result.inserted}, duplicates ${result.duplicates})`);
};
await run("first ingest (triage + insert)");
await run("re-ingest (all duplicates)");
await database.close();
