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

const TOPIC_CUES: Record<Topic, RegExp> = {
  wachttijd:
    /\bwacht\w*|\bduurt (?:zo |erg |veel te |echt |wel |nogal )?lang\b|\bte laat\b|\buitloop\b|\bliep (?:\w+ )?uit\b|\bloopt (?:\w+ )?uit\b|\bpas over (?:\d+|<num>|een|twee|drie|vier|zes) (?:weken|maanden)\b|\bpas (?:in|eind) (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b|\bwaiting\b|\bwait(?:ed)?\b|\bwaitlist\b|\bqueue\b/,
  bereikbaarheid:
    /\bbereikbaar\w*|\bonbereikbaar\b|\bin de wacht\b|\bnummer \d+ in de (?:wacht)?rij\b|\bkrijg (?:ik )?niemand\b|\bniemand (?:neemt|nam) op\b|\bneemt (?:niet|nooit|nie) op\b|\bnemen (?:niet|nooit) op\b|\bbandje\b|\bbezet\b|\bin gesprek\b|\bterug bel\w*|\bterugbel\w*|\bbel(?:t|len)? (?:niet|nooit) terug\b|\bdoor te komen\b|\bkom(?:t)? (?:er )?niet door\b|\btelefoon\w*|\bcan'?t get through\b|\bon hold\b|\bnobody answers\b|\bno one answers\b|\bphone\b/,
  bejegening:
    /\bonbeschoft\w*|\bbot(?:te)?\b|\bbotweg\b|\bbejegening\b|\bgrof\b|\bonvriendelijk\w*|\barrogant\w*|\bneerbuigend\w*|\bniet serieus (?:genomen|nemen)\b|\bnam (?:me|mij) niet serieus\b|\bnemen (?:me|mij) niet serieus\b|\bafgeblaft\b|\bafgesnauwd\b|\bsnauw\w*|\bluister(?:t|de|en)? (?:niet|nie|slecht|goed|echt)\b|\bonheus\b|\bkortaf\b|\bvriendelijk\w*|\blief\b|\blieve (?:assistente|dokter|huisarts|mensen|verpleegkundige|zuster|fysio|team|doktersassistente)\b|\bbetrokken\b|\bbegripvol\w*|\bmenselijk\w*|\bempathi\w*|\bgeduldig\w*|\bzorgzaam\b|\bhartelijk\w*|\brespectloos\b|\bunfriendly\b|\bfriendly\b|\brude\b|\bdismissive\b|\bcaring\b|\bkind\b|\bpatient with me\b/,
  afspraak:
    /\bafspraak\w*|\bafspraken\b|\bafgezegd\b|\bafzeggen\b|\bverzet(?:ten)?\b|\binge?pland\b|\bingeplant\b|\binplannen\b|\bspreekuur\b|(?<![-\w])consult\b|\bappointment\w*|\bbook(?:ed|ing)?\b|\bterecht(?:kunnen)?\b|\bno[- ]show\b|\blangskomen\b|\blangs (?:komen|kunnen komen)\b/,
  uitslag:
    /\buitslag\w*|\bbloeduitslag\w*|\bbloedonderzoek\w*|\bbloedprik\w*|\bbloed (?:laten )?prikken\b|\bbloedwaarden\b|\blab\b|\blaboratorium\b|\bscan\b|\bmri\b|\bct-scan\b|\bctscan\b|\brontgen\w*|\becho\b|\bbiopt\w*|\bkweek\b|\bresults?\b|\buitslagen\b|\bpa-uitslag\b|\bpauitslag\b|\bbevolkingsonderzoek\b|\bonderzoek(?:en)?\b/,
  recept_medicatie:
    /\brecept\w*|\bherhaal recept\w*|\bherhaalrecept\w*|\bherhaalmedicatie\b|\bmedicijn\w*|\bmedicatie\w*|\bapothe\w*|\bpil(?:len|letje|letjes)?\b|\btablet(?:ten)?\b|\bantibiotica\b|\bkuur\b|\bprednison\b|\bparacetamol\b|\bibuprofen\b|\boxazepam\b|\binsuline\b|\bpuffer\w*|\bzalf\b|\bcreme\b|\bbijwerking\w*|\bdosering\b|\bprescription\w*|\bmedication\w*|\bmeds\b|\bpharmac\w*|\bmethylfenidaat\b|\bantidepressiva\b|\bsertraline\b|\bmetformine\b|\bomeprazol\b|\bpcm\b|\bstrip\b|\bdiclofenac\b|\bmorfine\b|\bslaappil\w*|\bmiddeltje\b|\boogdruppels\b|\bdruppels\b/,
  operatie:
    /\boperatie\w*|\bgeopereerd\b|\bopereren\b|\bingreep\b|\bchirurg\w*|\b(?:op|naar|de|in) (?:de )?ok\b|\bok-\w+|\bnarcose\b|\bhechting\w*|\bheupoperatie\b|\bknieoperatie\b|\bnieuwe (?:heup|knie)\b|\bsurgery\b|\boperation\b|\bkijkoperatie\b|\bamandelen knippen\b|\bstaaroperatie\b|\bverdoving\b/,
  kosten_parkeren:
    /\bparkeer\w*|\bparkeren\b|\bkosten\b|\bkost\b|\bkostte\b|\bbetalen\b|\bbetaald\b|\brekening\w*|\bfactu\w*|\beigen risico\b|\bverzeker\w*|\bvergoed\w*|\bduur\b|\bprijs\w*|€|\beuro\b|\bparking\b|\bbill\b|\bcosts?\b|\binsurance\b|\bpay\b|\bpaid\b/,
  digitale_dienst:
    /\bapp\b|\bapps\b|\be-consult\w*|\beconsult\w*|\bportaal\b|\bpatientenportaal\b|\bmijngezondheid\w*|\bwebsite\w*|\bsite\b|\bonline\b|\binlog\w*|\bdigid\b|\bwachtwoord\b|\bchat\b|\bvideobel\w*|\bbeeldbel\w*|\bmail\b|\bmailen\b|\bgemaild\b|\be-mail\w*|\bemail\w*|\bdigita\w*|\bportal\b|\blogin\b|\bupdate\b|\bstoring\b|\bmijn dossier\b|\bmijndossier\b|\bformulier\b|\bqr\b/,
  vaccinatie:
    /\bvaccin\w*|\bprik\b|\bprikje\b|\bgriepprik\w*|\bcoronaprik\w*|\bboosterprik\w*|\bbooster\b|\bhpv\b|\binent\w*|\bflu shot\b|\bjab\b|\bpneumokok\w*|\brs-virus\b|\brsvirus\b|\bprikpost\b|\bprikdag\b|\bggd\b/,
  ggz:
    /\bggz\b|\bpsycholo\w*|\bpsychiat\w*|\bpoh-ggz\b|\bpoh ggz\b|\bpohggz\b|\bpoh\b|\btherapeut\b|\btherapie\b|\bdepressie\w*|\bdepressief\b|\bangststoornis\b|\bpaniekaanval\w*|\bburn-out\b|\bburnout\b|\badhd\b|\bautisme\b|\bpsychisch\w*|\bmentale (?:gezondheid|klachten)\b|\bmental health\b|\btherapy\b|\bpsychologist\b|\bcrisisdienst\b|\b113\b|\bpsychose\b|\beetstoornis\b|\btrauma\w*|\bptss\b|\bsomber\w*|\bwachtlijst ggz\b|\bpraatgroep\w*|\blotgenot\w*/,
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
