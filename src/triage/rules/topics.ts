/**
 * Topic cues. A message can have several topics; each found topic brings the matched words as
 * its reason. Patterns run on the normalised text (lower case, no diacritics), and only when
 * their words occur (see triggers.ts).
 */
import { CUE_TRIGGERS, type TriggerHits } from "./triggers.ts";

export const TOPICS = [
  "wachttijd",
  "bereikbaarheid",
  "bejegening",
  "afspraak",
  "uitslag",
  "recept_medicatie",
  "operatie",
  "kosten_parkeren",
  "digitale_dienst",
  "vaccinatie",
  "ggz",
] as const;
export type Topic = (typeof TOPICS)[number];

/** Labels for the inbox, Dutch and English. */
export const TOPIC_LABELS: Record<Topic, { nl: string; en: string }> = {
  wachttijd: { nl: "Wachttijd", en: "Waiting time" },
  bereikbaarheid: { nl: "Bereikbaarheid", en: "Reachability" },
  bejegening: { nl: "Bejegening", en: "Treatment by staff" },
  afspraak: { nl: "Afspraak", en: "Appointment" },
  uitslag: { nl: "Uitslag", en: "Test result" },
  recept_medicatie: { nl: "Recept/medicatie", en: "Prescription/medication" },
  operatie: { nl: "Operatie", en: "Surgery" },
  kosten_parkeren: { nl: "Kosten/parkeren", en: "Costs/parking" },
  digitale_dienst: { nl: "Digitale dienst (app/e-consult/portaal)", en: "Digital service (app/e-consult/portal)" },
  vaccinatie: { nl: "Vaccinatie", en: "Vaccination" },
  ggz: { nl: "GGZ", en: "Mental health care" },
};

/*
 * Each pattern is one \b(?:…|…) group instead of \b…|\b…: the same matches (the alternatives keep
 * their order), but the regex engine tests the word boundary once per position instead of once per
 * alternative, which makes these long lists about twice as fast.
 */
const TOPIC_CUES: Record<Topic, RegExp> = {
  wachttijd:
    /\b(?:wacht(?!kamer|woord)\w*|duurt (?:zo |erg |veel te |echt |wel |nogal )?lang\b|te laat\b|uitloop\b|liep (?:\w+ )?uit\b|loopt (?:\w+ )?uit\b|pas over (?:\d+|<num>|een|twee|drie|vier|zes) (?:weken|maanden)\b|pas (?:in|eind) (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b|waiting\b|wait(?:ed)?\b|waitlist\b|queue\b)/,
  bereikbaarheid:
    /\b(?:bereikbaar\w*|onbereikbaar\b|in de wacht\b|nummer \d+ in de (?:wacht)?rij\b|krijg (?:ik )?niemand\b|niemand (?:neemt|nam) op\b|neemt (?:niet|nooit|nie) op\b|nemen (?:niet|nooit) op\b|bandje\b|bezet\b|in gesprek\b|terug bel\w*|terugbel\w*|bel(?:t|len)? (?:niet|nooit) terug\b|door te komen\b|kom(?:t)? (?:er )?niet door\b|telefoon\w*|can'?t get through\b|on hold\b|nobody answers\b|no one answers\b|phone\b)/,
  bejegening:
    /\b(?:onbeschoft\w*|bot(?:te)?\b|botweg\b|bejegening\b|grof\b|onvriendelijk\w*|arrogant\w*|neerbuigend\w*|niet serieus (?:genomen|nemen)\b|nam (?:me|mij) niet serieus\b|nemen (?:me|mij) niet serieus\b|afgeblaft\b|afgesnauwd\b|snauw\w*|luister(?:t|de|en)? (?:niet|nie|slecht|goed|echt)\b|onheus\b|kortaf\b|vriendelijk\w*|lief\b|lieve (?:assistente|dokter|huisarts|mensen|verpleegkundige|zuster|fysio|team|doktersassistente)\b|betrokken\b|begripvol\w*|menselijk\w*|empathi\w*|geduldig\w*|zorgzaam\b|hartelijk\w*|respectloos\b|onprofessioneel\b|niet professioneel\b|tussen de oren\b|(?:lachte|lachten) (?:me|mij) uit\b|uitgelachen\b|(?:neemt|nam|nemen) (?:je|me|mij|ons) (?:wel |echt |gewoon )?serieus\b|als een zeur\b|genegeerd\b|geen tijd voor\b|(?:nam|neemt|namen|nemen) (?:echt |ook |alle |de )*tijd\b|attent\b|listen(?:s|ed|ing)?\b|unfriendly\b|friendly\b|rude\b|dismissive\b|caring\b|(?:so|very|really) kind\b|kind to (?:me|us|my)\b|patient with me\b)/,
  afspraak:
    /\b(?:afspraak\w*|afspraken\b|afgezegd\b|afzeggen\b|verzet(?:ten)?\b|inge?pland\b|ingeplant\b|inplannen\b|spreekuur\b)|(?<![-\w])consult\b|\b(?:appointment\w*|book(?:ed|ing)?\b|terecht(?:kunnen)?\b|no[- ]show\b|langskomen\b|langs (?:komen|kunnen komen)\b)/,
  uitslag:
    /\b(?:uitslag\w*|bloeduitslag\w*|bloedonderzoek\w*|bloedprik\w*|bloed (?:laten )?prikken\b|bloedwaarden\b|lab\b|laboratorium\b|scan\b|mri\b|ct-scan\b|ctscan\b|rontgen\w*|echo\b|biopt\w*|kweek\b|results?\b|uitslagen\b|pa-uitslag\b|pauitslag\b|bevolkingsonderzoek\b|onderzoek(?:en)?\b)/,
  recept_medicatie:
    /\b(?:recept\w*|herhaal recept\w*|herhaalrecept\w*|herhaalmedicatie\b|medicijn\w*|medicatie\w*|apothe\w*|pil(?:len|letje|letjes)?\b|tablet(?:ten)?\b|antibiotica\b|kuur\b|prednison\b|paracetamol\b|ibuprofen\b|oxazepam\b|insuline\b|puffer\w*|zalf\b|creme\b|bijwerking\w*|dosering\b|prescription\w*|medication\w*|meds\b|pharmac\w*|methylfenidaat\b|antidepressiva\b|sertraline\b|metformine\b|omeprazol\b|pcm\b|strip\b|diclofenac\b|morfine\b|slaappil\w*|middeltje\b|oogdruppels\b|druppels\b)/,
  operatie:
    /\b(?:operatie\w*|geopereerd\b|opereren\b|ingreep\b|chirurg\w*|(?:op|naar|de|in) (?:de )?ok\b|ok-\w+|narcose\b|hechting\w*|heupoperatie\b|knieoperatie\b|nieuwe (?:heup|knie)\b|surgery\b|operation\b|kijkoperatie\b|amandelen knippen\b|staaroperatie\b|verdoving\b)/,
  kosten_parkeren:
    /\b(?:parkeer\w*|parkeren\b|kosten\b|kost\b|kostte\b|betalen\b|betaald\b|rekening\w*|factu\w*|eigen risico\b|verzeker\w*|vergoed\w*|duur\b|prijs\w*)|€|\b(?:euro\b|parking\b|bill\b|costs?\b|insurance\b|pay\b|paid\b)/,
  digitale_dienst:
    /\b(?:app\b|apps\b|e-consult\w*|econsult\w*|portaal\b|patientenportaal\b|mijngezondheid\w*|website\w*|site\b|online\b|inlog\w*|digid\b|wachtwoord\b|chat\b|videobel\w*|beeldbel\w*|mail\b|mailen\b|gemaild\b|e-mail\w*|email\w*|digita\w*|portal\b|login\b|update\b|storing\b|mijn dossier\b|mijndossier\b|formulier\b|qr\b)/,
  vaccinatie:
    /\b(?:vaccin\w*|prik\b|prikje\b|griepprik\w*|coronaprik\w*|boosterprik\w*|booster\b|hpv\b|inent\w*|flu shot\b|jab\b|pneumokok\w*|rs-virus\b|rsvirus\b|prikpost\b|prikdag\b|ggd\b)/,
  ggz:
    /\b(?:ggz\b|psycholo\w*|psychiat\w*|poh-ggz\b|poh ggz\b|pohggz\b|poh\b|therapeut\b|therapie\b|depressie\w*|depressief\b|angststoornis\b|paniekaanval\w*|burn-out\b|burnout\b|adhd\b|autisme\b|psychisch\w*|mentale (?:gezondheid|klachten)\b|mental health\b|therapy\b|psychologist\b|crisisdienst\b|113\b|psychose\b|eetstoornis\b|trauma\w*|ptss\b|somber\w*|wachtlijst ggz\b|praatgroep\w*|lotgenot\w*)/,
};

export interface TopicMatch {
  topic: Topic;
  match: string;
}

const TOPIC_GATES = TOPICS.map((topic) => CUE_TRIGGERS.register(TOPIC_CUES[topic]));

/** All topics whose cue words occur in the normalised text, in the order of `TOPICS`. */
export function detectTopics(normalized: string, hits: TriggerHits = CUE_TRIGGERS.scan(normalized)): TopicMatch[] {
  const found: TopicMatch[] = [];
  for (let i = 0; i < TOPICS.length; i++) {
    const topic = TOPICS[i] as Topic;
    if (!hits.mayMatch(TOPIC_GATES[i] as number)) {
      continue;
    }
    const m = TOPIC_CUES[topic].exec(normalized);
    if (m) {
      found.push({ topic, match: m[0] });
    }
  }
  return found;
}
