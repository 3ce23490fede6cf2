/**
 * `spreekuur channels list [--org slug]` and `spreekuur channels poll [--org slug]`: what is
 * connected, and fetch new inbound items now (e.g. from cron when the server is not running).
 */
import type { Command } from "commander";
import type { AppContext } from "../../lib/context.ts";
import type { CliIO } from "../io.ts";
import { CliExit } from "../io.ts";
import { dataDirOverride, openContextFor } from "./migrate.ts";

/** The channel modules load only when a channels command runs (they pull in every network adapter). */
async function load() {
  const [{ eq }, registry, polling, errors, schema] = await Promise.all([
    import("drizzle-orm"),
    import("../../channels/registry.ts"),
    import("../../channels/service/poll-channel.ts"),
    import("../../lib/errors.ts"),
    import("../../store/schema.ts"),
  ]);
  return { eq, ...registry, ...polling, ...errors, ...schema };
}

async function orgIdOf(ctx: AppContext, slug: string | undefined): Promise<string | undefined> {
  if (!slug) {
    return undefined;
  }
  const { eq, organizations, AppError } = await load();
  const [org] = await ctx.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  if (!org) {
    throw new AppError("not_found", `Organisatie "${slug}" bestaat niet.`);
  }
  return org.id;
}

export function registerChannelsCommand(program: Command, io: CliIO): void {
  const command = program.command("channels").description("Connected social-media channels");

  command
    .command("list")
    .description("List the networks this installation offers and the connected channels")
    .option("--org <slug>", "only this organisation")
    .option("-d, --data-dir <dir>", "data directory of the embedded database (env DATA_DIR)")
    .action(async (opts: { org?: string; dataDir?: string }) => {
      const { eq, listNetworks, channels, organizations } = await load();
      const { ctx, database } = await openContextFor(dataDirOverride(opts.dataDir));
      try {
        io.stdout.write("Netwerken:\n");
        for (const n of listNetworks()) {
          const state = !n.available ? "niet beschikbaar in deze versie" : n.configured ? "ingesteld" : `niet ingesteld (ontbreekt: ${n.missingEnv.join(", ")})`;
          io.stdout.write(`  ${n.network.padEnd(10)} ${state}\n`);
        }
        const orgId = await orgIdOf(ctx, opts.org);
        const rows = await ctx.db
          .select({ id: channels.id, network: channels.network, name: channels.name, status: channels.status, lastPolledAt: channels.lastPolledAt, org: organizations.slug })
          .from(channels)
          .innerJoin(organizations, eq(organizations.id, channels.orgId))
          .where(orgId ? eq(channels.orgId, orgId) : undefined);
        io.stdout.write(rows.length === 0 ? "Geen kanalen verbonden.\n" : "Kanalen:\n");
        for (const row of rows) {
          io.stdout.write(`  ${row.id}  ${row.org}  ${row.network}  ${row.status}  ${row.name}  (laatst opgehaald: ${row.lastPolledAt?.toISOString() ?? "nooit"})\n`);
        }
      } finally {
        await database.close();
      }
    });

  command
    .command("poll")
    .description("Fetch new inbound items for every active channel (or one organisation's)")
    .option("--org <slug>", "only this organisation")
    .option("-d, --data-dir <dir>", "data directory of the embedded database (env DATA_DIR)")
    .action(async (opts: { org?: string; dataDir?: string }) => {
      const { pollAllChannels } = await load();
      const { ctx, database } = await openContextFor(dataDirOverride(opts.dataDir));
      let failed = 0;
      try {
        const results = await pollAllChannels(ctx, { orgId: await orgIdOf(ctx, opts.org) });
        for (const r of results) {
          if (r.ok) {
            io.stdout.write(`${r.network} ${r.name}: ${r.inserted} nieuw, ${r.duplicates} al bekend\n`);
          } else {
            failed++;
            io.stderr.write(`${r.network} ${r.name}: mislukt: ${r.error}\n`);
          }
        }
        if (results.length === 0) {
          io.stdout.write("Geen actieve kanalen.\n");
        }
      } finally {
        await database.close();
      }
      if (failed > 0) {
        throw new CliExit(1, `${failed} kanaal/kanalen konden niet opgehaald worden.`);
      }
    });
}
