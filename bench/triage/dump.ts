/**
 * Dumps `classify()` for a fixed, large set of texts as JSONL (one line per text), so a change
 * that should not alter behaviour (a speed-up) can be checked by diffing two dumps:
 *   npx tsx bench/triage/dump.ts > before.jsonl   …change…   npx tsx bench/triage/dump.ts > after.jsonl
 * Texts: the triage corpus, the guard corpus (drafts and the inbound messages they answer), the
 * 280-character posts of the benchmark, and upper-case and run-together variants of each message.
 */
import { classify } from "../../src/triage/index.ts";
import { loadCorpus } from "../guard/corpus.ts";
import { loadTriageCorpus } from "./corpus.ts";

const base: string[] = loadTriageCorpus().map((e) => e.text);
for (const item of loadCorpus()) {
  base.push(item.text);
  if (item.inReplyTo) {
    base.push(item.inReplyTo);
  }
}
// Texts the corpora lack: other scripts and languages, odd Unicode, emoji only, identifiers, long input.
base.push(
  "Merhaba, doktor randevusu için çok bekledim, şikayetçiyim",
  "Ich möchte einen Termin, bitte. Grüße aus Düsseldorf, Straße 5",
  "Здравствуйте, я хочу записаться к врачу",
  "مرحبا، أريد موعدا مع الطبيب",
  "😀😀😀 🙏 ❤️",
  "\ud800 losse surrogaat \udc00 en 𝐀𝐁𝐂 wiskundige letters",
  "ZO BOOS!!! NIEMAND NEEMT OP 😡 #schandalig @HuisartsDeLinde",
  "Mijn BSN is 111222333, bel me op 06-12345678 of mail jan.jansen@example.nl, NL91ABNA0417164300, 1234 AB",
  "Ik woon op de Kerkstraat 12a in Utrecht, patiëntnummer 12345678, geboren 12-03-1980",
  "mevrouw De Vries en dhr. P.J. Jansen, Hoi Marieke! Beste Jan, groetjes van Ingrid Kuipers",
  "ik wil dood. ".repeat(600),
  "a".repeat(25_000),
  "ik heb pijn op de borst ".repeat(1_200),
);
const texts: string[] = [...base];
for (const text of base) {
  texts.push(text.toUpperCase(), text.replace(/\s+/g, "  "), `${text}\n${text.toLowerCase()}`);
}
for (let i = 0, k = 0; i < 2_000; i++) {
  let post = "";
  while (post.length < 280) {
    post += `${base[k++ % base.length]} `;
  }
  texts.push(post.slice(0, 280));
}
const org = { phones: ["030-1234567"], outOfHoursPhone: "0900-4501212" };
const lines: string[] = [];
texts.forEach((text, i) => lines.push(JSON.stringify({ i, text, result: classify(text, { org }) })));
process.stdout.write(`${lines.join("\n")}\n`);
