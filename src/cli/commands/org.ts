/** `spreekuur org create`: create an organisation (a practice, hospital, physiotherapy clinic). */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { validation } from "../../lib/errors.ts";
import { OrganisationKindSchema, OrganisationProfileSchema } from "../../organisations/profile.ts";
import type { CliIO } from "../io.ts";
import { dataDirOverride, openContextFor } from "./migrate.ts";

export function registerOrgCommand(program: Command, io: CliIO): void {
  const org = program.command("org").description("Manage organisations");
  org
    .command("create")
    .description("Create an organisation. The profile file lists the practice's own public details (allow-listed by the guard).")
    .requiredOption("--name <name>", "name, e.g. \"Huisartsenpraktijk De Linde\"")
    .option("--slug <slug>", "short id used by `user add --org` (default: derived from the name)")
    .option("--kind <kind>", `one of: ${OrganisationKindSchema.options.join(", ")}`, "huisartsenpraktijk")
    .option("--profile <file>", 'JSON file: {"phones":[],"emails":[],"websites":[],"addresses":[],"staff":[],"econsultUrl"?,"outOfHoursPhone"?}')
    .option("-d, --data-dir <dir>", "data directory of the embedded database (env DATA_DIR)")
    .action(async (opts: { name: string; slug?: string; kind: string; profile?: string; dataDir?: string }) => {
      const kind = OrganisationKindSchema.safeParse(opts.kind);
      if (!kind.success) {
        throw validation(`Onbekende soort "${opts.kind}". Kies uit: ${OrganisationKindSchema.options.join(", ")}.`);
      }
      const profile = opts.profile ? readProfile(opts.profile) : undefined;
      const { createOrganisation } = await import("../../organisations/create-organisation.ts");
      const { ctx, database } = await openContextFor(dataDirOverride(opts.dataDir));
      try {
        const created = await createOrganisation(ctx.db, {
          name: opts.name,
          slug: opts.slug,
          kind: kind.data,
          profile,
          actor: { kind: "cli", label: "cli" },
        });
        io.stdout.write(`Organisatie aangemaakt: ${created.name} (slug: ${created.slug})\n`);
      } finally {
        await database.close();
      }
    });
}

function readProfile(path: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw validation(`Kan het profiel ${path} niet lezen: ${(error as Error).message}`);
  }
  const parsed = OrganisationProfileSchema.safeParse(raw);
  if (!parsed.success) {
    throw validation(
      `Het profiel ${path} klopt niet: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}
