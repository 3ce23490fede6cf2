/**
 * `spreekuur triage`: classify inbound messages.
 *
 *   spreekuur triage --format jsonl < messages.jsonl
 *     reads {"id","text"} per line (optional "visibility": "public" (default) or "private" for a
 *     direct message: personal data is then reported but not warned about), writes {"id","language","intent","sentiment","topics":[],"urgency","reasons":[],"pii":[…]}
 *   spreekuur triage "tekst"
 *     classifies one message and prints a readable Dutch report.
 *
 * Exit codes: 0 all lines classified; 1 one or more lines were invalid (each got an error line); 2 bad arguments.
 */
import type { Command } from "commander";
import { classify, INTENT_LABELS, SENTIMENT_LABELS, URGENCY_LABELS } from "../../triage/index.ts";
import { CliExit, type CliIO } from "../io.ts";
import { LineInputError, processJsonLines, requireText } from "../jsonl.ts";
import { readOrgFile } from "./guard.ts";

/** The optional "visibility" field of a JSONL line: absent means public; anything else is an error. */
export function visibilityOf(value: Record<string, unknown>): "public" | "private" {
  const visibility = value.visibility;
  if (visibility === undefined || visibility === null || visibility === "public") {
    return "public";
  }
  if (visibility === "private") {
    return "private";
  }
  throw new LineInputError("invalid_input", `"visibility" moet "public" of "private" zijn, niet ${JSON.stringify(visibility)}.`);
}

export function registerTriageCommand(program: Command, io: CliIO): void {
  program
    .command("triage")
    .description("Classify inbound messages: intent, sentiment, topics, urgency, personal data")
    .argument("[text]", "message to classify (readable report); omit with --format jsonl")
    .option("--format <format>", "jsonl: read JSON lines on stdin, write one result per line", "text")
    .option("--org <file>", "organisation profile (huisartsenpost number for emergency replies)")
    .addHelpText("after", "\nExit codes: 0 all classified, 1 some input lines were invalid, 2 bad arguments.")
    .action(async (text: string | undefined, opts: { format: string; org?: string }) => {
      const org = readOrgFile(opts.org);
      if (opts.format === "jsonl") {
        if (text !== undefined) {
          throw new CliExit(2, "geef met --format jsonl geen tekst als argument; lees de regels van stdin");
        }
        const { errors } = await processJsonLines(io, (value) => {
          const result = classify(requireText(value), { org, visibility: visibilityOf(value) });
          return {
            id: value.id ?? null,
            language: result.language,
            intent: result.intent,
            sentiment: result.sentiment,
            topics: result.topics,
            urgency: result.urgency,
            reasons: result.reasons,
            pii: result.pii.map((p) => ({ start: p.start, end: p.end, text: p.text, category: p.category })),
            ...(result.suggestedReply ? { suggestedReply: result.suggestedReply } : {}),
          };
        });
        if (errors > 0) {
          throw new CliExit(1, `${errors} regel(s) konden niet worden ingedeeld (zie de error-regels in de uitvoer)`);
        }
        return;
      }
      if (opts.format !== "text") {
        throw new CliExit(2, `onbekend formaat "${opts.format}" (kies jsonl of text)`);
      }
      if (text === undefined) {
        throw new CliExit(2, 'geef het bericht als argument, bijvoorbeeld: spreekuur triage "Al een uur in de wacht..."');
      }
      const r = classify(text, { org });
      const lines = [
        `Soort: ${INTENT_LABELS[r.intent].nl}   Toon: ${SENTIMENT_LABELS[r.sentiment].nl}   Urgentie: ${URGENCY_LABELS[r.urgency].nl}   Taal: ${r.language}`,
        `Onderwerpen: ${r.topics.length > 0 ? r.topics.join(", ") : "-"}`,
        "Waarom:",
        ...r.reasons.map((reason) => `  - ${reason}`),
        ...(r.pii.length > 0 ? ["Persoonsgegevens in het bericht:", ...r.pii.map((p) => `  - ${p.category}: "${p.text}"`)] : []),
        ...(r.suggestedReply ? ["Voorgesteld antwoord:", `  ${r.suggestedReply}`] : []),
      ];
      io.stdout.write(`${lines.join("\n")}\n`);
    });
}
