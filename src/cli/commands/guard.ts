/**
 * `spreekuur guard`: the confidentiality guard from the command line.
 *
 *   spreekuur guard --org ORG.json --format jsonl < drafts.jsonl
 *     reads {"id","text","inReplyTo"?} per line, writes {"id","verdict","findings":[…],"suggestion"?}
 *   spreekuur guard [--org ORG.json] "tekst"
 *     checks one text and prints a readable Dutch report.
 *
 * Exit codes: 0 all lines checked; 1 one or more lines were invalid (each got an error line);
 * 2 bad arguments or an unreadable/invalid ORG.json.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { CATEGORY_LABELS, createGuard, type GuardOrgProfile, type GuardResult } from "../../guard/index.ts";
import { CliExit, type CliIO } from "../io.ts";
import { LineInputError, processJsonLines, requireText } from "../jsonl.ts";

const OrgFile = z.object({
  name: z.string().default(""),
  phones: z.array(z.string()).default([]),
  emails: z.array(z.string()).default([]),
  websites: z.array(z.string()).default([]),
  addresses: z.array(z.string()).default([]),
  staff: z.array(z.string()).default([]),
  econsultUrl: z.string().optional(),
  outOfHoursPhone: z.string().optional(),
});

export function readOrgFile(path: string | undefined): GuardOrgProfile {
  if (!path) {
    return { name: "", phones: [], emails: [], websites: [], addresses: [], staff: [] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliExit(2, `kan ${path} niet lezen als JSON: ${(error as Error).message}`);
  }
  const parsed = OrgFile.safeParse(raw);
  if (!parsed.success) {
    throw new CliExit(2, `${path} is geen geldig organisatieprofiel: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export function registerGuardCommand(program: Command, io: CliIO): void {
  program
    .command("guard")
    .description("Check outgoing text for patient-identifying data and medical-secrecy breaches")
    .argument("[text]", "text to check (readable report); omit with --format jsonl")
    .option("--org <file>", 'organisation profile: {"name","phones":[],"emails":[],"websites":[],"addresses":[],"staff":[]}')
    .option("--format <format>", "jsonl: read JSON lines on stdin, write one result per line", "text")
    .option("--in-reply-to <text>", "the inbound message this text answers (readable mode)")
    .addHelpText("after", "\nExit codes: 0 all checked, 1 some input lines were invalid, 2 bad arguments or profile.")
    .action(async (text: string | undefined, opts: { org?: string; format: string; inReplyTo?: string }) => {
      const guard = createGuard(readOrgFile(opts.org));
      if (opts.format === "jsonl") {
        if (text !== undefined) {
          throw new CliExit(2, "geef met --format jsonl geen tekst als argument; lees de regels van stdin");
        }
        const { errors } = await processJsonLines(io, (value) => {
          const inReplyTo = value.inReplyTo;
          if (inReplyTo !== undefined && inReplyTo !== null && typeof inReplyTo !== "string") {
            throw new LineInputError("invalid_input", 'Het veld "inReplyTo" moet tekst zijn.');
          }
          const result = guard.check(requireText(value), { inReplyTo: inReplyTo ?? undefined });
          return { id: value.id ?? null, ...result };
        });
        if (errors > 0) {
          throw new CliExit(1, `${errors} regel(s) konden niet worden gecontroleerd (zie de error-regels in de uitvoer)`);
        }
        return;
      }
      if (opts.format !== "text") {
        throw new CliExit(2, `onbekend formaat "${opts.format}" (kies jsonl of text)`);
      }
      if (text === undefined) {
        throw new CliExit(2, 'geef de tekst als argument, bijvoorbeeld: spreekuur guard "Beste mevrouw Jansen, ..."');
      }
      io.stdout.write(report(text, guard.check(text, { inReplyTo: opts.inReplyTo })));
    });
}

const VERDICT_NL = { ok: "OK – geen bevindingen", warn: "LET OP – controleer de waarschuwingen", block: "GEBLOKKEERD – zo niet publiceren" };

function report(text: string, result: GuardResult): string {
  const lines = [`Oordeel: ${VERDICT_NL[result.verdict]}`];
  for (const f of result.findings) {
    lines.push("");
    lines.push(`${f.severity === "block" ? "✖" : "!"} ${CATEGORY_LABELS[f.category].nl}: "${text.slice(f.start, f.end)}" (tekens ${f.start}–${f.end}, regel ${f.rule})`);
    lines.push(`  ${f.message}`);
  }
  if (result.suggestion) {
    lines.push("", "Voorstel voor een veilig antwoord:", `  ${result.suggestion}`);
  }
  return `${lines.join("\n")}\n`;
}
