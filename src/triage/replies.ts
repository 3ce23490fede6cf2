/**
 * Suggested public replies. They never confirm a care relationship and never repeat what the
 * patient wrote (no medical details, no names): only help numbers and the way to a private channel.
 */
import type { Intent, TriageOptions } from "./index.ts";

export interface ReplyInput {
  intent: Intent;
  language: string;
  /** True when the patient posted sensitive personal data in public. */
  personalData: boolean;
}

/** Help numbers (checked against the domain notes; re-verify before each release). */
export const HELP_NUMBERS = {
  emergency: "112",
  suicidePrevention: "113",
  suicidePreventionFree: "0800-0113",
  suicidePreventionChat: "113.nl",
} as const;

export function suggestReply(input: ReplyInput, options: TriageOptions = {}): string | undefined {
  const english = input.language === "en";
  if (input.intent === "crisis") {
    return english
      ? "We are worried after reading this and want to help. Are you thinking about suicide, or worried about someone else? " +
          "Call 113 or 0800-0113 (free, anonymous, 24/7) or chat at 113.nl. In acute danger, call 112 right away. " +
          "You can also send us a private message."
      : "We schrikken van je bericht en willen je graag helpen. Denk je aan zelfdoding, of maak je je zorgen om iemand anders? " +
          "Bel 24/7 gratis en anoniem 113 of 0800-0113, of chat via 113.nl. Is er direct gevaar? Bel dan meteen 112. " +
          "Je kunt ons ook een privébericht sturen.";
  }
  if (input.intent === "emergency") {
    const org = options.org;
    const outOfHours = org?.outOfHoursPhone?.trim();
    const practicePhone = org?.phones?.find((p) => p.trim() !== "")?.trim();
    const practiceName = org?.name?.trim();
    if (english) {
      return [
        "Is this life-threatening? Call 112 now.",
        outOfHours
          ? `Urgent care outside office hours (evenings, nights, weekends): call the GP out-of-hours service (huisartsenpost) on ${outOfHours}.`
          : "Urgent care outside office hours (evenings, nights, weekends): call the GP out-of-hours service (huisartsenpost) in your region.",
        practicePhone
          ? `During office hours, call ${practiceName ?? "the practice"} on ${practicePhone}.`
          : "During office hours, call your own GP.",
        "Please do not share medical details here; send us a private message if you have questions.",
      ].join(" ");
    }
    return [
      "Is het levensbedreigend? Bel nu 112.",
      outOfHours
        ? `Dringende zorg buiten kantoortijden (avond, nacht, weekend): bel de huisartsenpost via ${outOfHours}.`
        : "Dringende zorg buiten kantoortijden (avond, nacht, weekend): bel de huisartsenpost in je regio.",
      practicePhone
        ? `Onder kantoortijden: bel ${practiceName ?? "de praktijk"} via ${practicePhone}.`
        : "Onder kantoortijden: bel je eigen huisarts.",
      "Deel hier liever geen medische details; stuur ons een privébericht als je vragen hebt.",
    ].join(" ");
  }
  if (input.personalData) {
    return english
      ? "Please note: your message is public and contains personal details. We advise you to remove it. " +
          "Send us a private message and we will help you there."
      : "Let op: je bericht is openbaar en bevat persoonlijke gegevens. We raden je aan het te verwijderen. " +
          "Stuur ons een privébericht, dan helpen we je daar verder.";
  }
  return undefined;
}
