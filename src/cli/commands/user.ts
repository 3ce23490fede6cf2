/** `spreekuur user add`: add a person to an organisation (creating the account when new). */
import type { Command } from "commander";
import type { Role } from "../../store/schema.ts";
import type { CliIO } from "../io.ts";
import { dataDirOverride, openContextFor } from "./migrate.ts";
import { parseRole } from "./options.ts";

export function registerUserCommand(program: Command, io: CliIO): void {
  const user = program.command("user").description("Manage users");
  user
    .command("add")
    .description("Add a user to an organisation. Without --password a password is generated and printed once.")
    .requiredOption("--org <slug>", "slug of the organisation (see `org create`)")
    .requiredOption("--email <email>", "email address (the sign-in name)")
    .requiredOption("--name <name>", "display name, e.g. \"Anna de Vries\"")
    .requiredOption("--role <role>", "admin, webcare, reviewer or trainee", parseRole)
    .option("--password <password>", "at least 12 characters (prefer the generated one)")
    .option("-d, --data-dir <dir>", "data directory of the embedded database (env DATA_DIR)")
    .action(async (opts: { org: string; email: string; name: string; role: Role; password?: string; dataDir?: string }) => {
      const [{ addMember }, { generatePassword }, { notFound }, { findOrganisationBySlug }] = await Promise.all([
        import("../../accounts/members.ts"),
        import("../../accounts/passwords.ts"),
        import("../../lib/errors.ts"),
        import("../../organisations/get-organisation.ts"),
      ]);
      const password = opts.password ?? generatePassword();
      const { ctx, database } = await openContextFor(dataDirOverride(opts.dataDir));
      try {
        const org = await findOrganisationBySlug(ctx.db, opts.org);
        if (!org) {
          throw notFound(`Organisation "${opts.org}"`);
        }
        const member = await addMember(ctx.db, {
          orgId: org.id,
          email: opts.email,
          displayName: opts.name,
          role: opts.role,
          password,
          actor: { kind: "cli", label: "cli" },
        });
        io.stdout.write(`${member.email} is nu ${member.role} bij ${org.name}.\n`);
        if (!opts.password) {
          io.stdout.write(`Wachtwoord (wordt maar één keer getoond): ${password}\n`);
        }
      } finally {
        await database.close();
      }
    });
}
