/**
 * Hand-written crisis and emergency cues (Dutch first, some English, a few German/Turkish words).
 * They run on the normalised text (lower case, no diacritics) and override the model: a crisis
 * or emergency cue that is not suppressed always makes the message critical.
 *
 * Suppression (each one named in the reasons, so a human can double-check):
 * - ontkenning: a negation in the three words before the cue ("ik ben niet suïcidaal", "geen pijn op de borst");
 * - verleden + herstel: a past-time marker and a recovery marker ("vorig jaar had ik pijn op de borst, nu gaat het goed");
 * - nieuws/voorlichting: topical words (zelfmoord, beroerte) in reporting, campaign or information context without a
 *   person in need now ("de 113-campagne", "herken de signalen van een beroerte");
 * - overdrijving/grap: idioms such as "ik ga dood van het lachen" and "deze wachttijd is om zelfmoord te plegen".
 *   The latter is treated as sarcasm (a complaint), but flagged: urgency high and a reason asking a human to look.
 */

import { isSpaceAt } from "../normalize.ts";
import { CUE_TRIGGERS, type TriggerHits } from "./triggers.ts";

export type SafetyKind = "crisis" | "emergency";
export type Suppression = "ontkenning" | "verleden en herstel" | "nieuws/voorlichting" | "overdrijving/grap";

export interface SafetyFinding {
  kind: SafetyKind;
  rule: string;
  /** The matched (normalised) words. */
  match: string;
  suppressedBy?: Suppression | undefined;
}

export interface SafetyVerdict {
  crisis: SafetyFinding[];
  emergency: SafetyFinding[];
  suppressed: SafetyFinding[];
  /** A suicide idiom used as hyperbole about something else (sarcasm): not crisis, but worth a look. */
  hyperbole: boolean;
}

interface Cue {
  rule: string;
  re: RegExp;
  /** Topical cues (a word like "zelfmoord") need a person in the sentence and are muted in news context. */
  topical?: boolean;
  /** Trigger id of `re` (see triggers.ts): the regex only runs when its words occur. */
  gate?: number;
}

/*
 * In the cues below (and HYPERBOLE_RE) an optional space inside a phrase is spelled out ("aan
 * doen|aandoen", not "aan ?doen"): the same strings, but the trigger index (triggers.ts) then
 * knows the phrase needs the word "doen" or "aandoen", so the regex runs on far fewer messages.
 * And each cue is one \b(?:…|…) group rather than \b…|\b…: the same alternatives in the same
 * order, but the engine tests the word boundary once per position instead of once per alternative.
 */
const CRISIS_CUES: Cue[] = [
  { rule: "crisis.niet_meer_leven", re: /\b(?:(?:het )?heeft (?:allemaal|het leven) geen zin meer\b|wat heeft (?:het )?leven (?:nog )?voor zin\b|(?:geen|niet|nergens) (?:meer )?zin (?:meer )?in (?:het )?leven\b|ook niet in (?:het )?leven\b|touw (?:gekocht|gehaald)\b|(?:niet|nie) meer (?:willen |wil |verder )?(?:leven|verder leven)\b|leven (?:heeft|had) (?:voor mij |echt )?geen zin(?: meer)?\b|geen zin meer (?:in|om te) leven\b|(?:wil|wilt|wou|wilde) niet meer verder\b|weet niet (?:meer )?of ik (?:nog )?(?:wel )?(?:verder )?wil leven\b)/g },
  { rule: "crisis.wil_dood", re: /\b(?:dood (?:wil|wilt|wou|wilde|willen)\b|als ik dood (?:was|ben|zou zijn)\b|(?:wil|wilt|wou|wilde|willen) (?:gewoon |echt |liever |het liefst |zo graag |alleen maar )?dood\b|was ik (?:maar )?dood\b|wou dat ik dood was\b|dood willen\b|wil er niet meer zijn\b|wil(?:t)? (?:gewoon )?(?:niet meer|nooit meer) wakker (?:te )?worden\b|wil (?:gewoon )?verdwijnen\b)/g },
  { rule: "crisis.niet_meer_zitten", re: /\bzie (?:het|t|'t|het leven|het allemaal|t allemaal|alles)? ?(?:echt |gewoon |helemaal |totaal |allemaal )?(?:niet|nie|niks) meer zitten\b/g },
  { rule: "crisis.eind_aan_maken", re: /\b(?:(?:eind|einde|end) aan (?:maken|te maken|mijn leven|m'n leven|mn leven|het leven|zijn leven|haar leven|z'n leven)\b|er (?:een )?(?:eind|einde) aan (?:maken|te maken|gaan maken)\b|maak(?:t)? er (?:een )?(?:eind|einde) aan\b)/g },
  { rule: "crisis.zichzelf_iets_aandoen", re: /\b(?:(?:mezelf|mijzelf|zichzelf|haarzelf|hemzelf|mzelf|me|zich) (?:iets|wat|wat ergs|iets ergs|iets vreselijks) (?:gaan |te )?(?:aan doen|aandoen|aan te doen|aan gaan doen)\b|(?:mezelf|mijzelf|zichzelf|me|zich) (?:van kant|om zeep|van het leven) (?:te |gaan )?(?:maken|brengen|beroven|helpen)\b|(?:mezelf|mijzelf|zichzelf|me|zich) (?:op (?:te )?hangen|opte hangen|ophangen)\b|touw (?:ligt |hangt )?(?:al )?klaar\b)/g },
  { rule: "crisis.springen", re: /\b(?:van (?:het|de|een) (?:dak|brug|flat|balkon) (?:af )?(?:wil|wilt|gaat|ga|gaan) (?:te )?springen\b|(?:zit|sta|lig|ben) (?:nu )?(?:op|bij) het spoor\b|(?:voor|onder) (?:de|een) (?:trein|metro) (?:te |gaan )?(?:springen|spring|gooien|liggen|gaan liggen)\b|spring(?:en)? (?:voor|onder) (?:de|een) (?:trein|metro)\b|van (?:het|de|een) (?:dak|brug|flat|balkon) (?:af )?(?:te )?(?:springen|spring)\b|spring(?:en)? van (?:het|de|een) (?:dak|brug|flat|balkon)\b)/g },
  { rule: "crisis.afscheid", re: /\b(?:afscheids?brie(?:f|fje|ven)\b|afscheidsbericht\b|dit is (?:mijn|m'n|mn) (?:laatste|allerlaatste) (?:bericht|post|tweet|berichtje)\b|vaarwel (?:allemaal|iedereen|lieve|wereld)\b|neem (?:hierbij )?afscheid van (?:jullie|iedereen|allemaal|de wereld)\b|het is mooi geweest,? (?:dag|doei|vaarwel)\b|bedankt voor alles,? (?:en )?(?:vaarwel|dag allemaal|sorry)\b|goodbye (?:everyone|all|world)\b)/g },
  { rule: "crisis.pillen_gespaard", re: /\b(?:pillen (?:al )?(?:klaargelegd|klaar gelegd|klaarliggen|klaar liggen)\b|(?:pillen|medicijnen|tabletten|slaappillen|pilletjes|oxazepam|oxa's|medicatie) (?:gespaard|verzameld|opgespaard|aan het sparen|zitten klaar|liggen klaar|klaargelegd|klaar liggen)\b|(?:spaar|spaart|sparen|verzamel|verzamelt) (?:al )?(?:mijn |m'n |mn )?(?:pillen|medicijnen|slaappillen|tabletten)\b|(?:al (?:mijn|m'n|mn|haar|zijn|z'n)|een hele (?:strip|doos|pot|fles)(?: \w+)?) (?:pillen|medicijnen|tabletten|slaappillen|paracetamol|oxazepam)?(?: \w+){0,2} (?:in (?:te )?nemen|inte nemen|innemen|slikken|op (?:te )?nemen|opte nemen|opnemen|ingenomen|geslikt)\b|overdosis (?:nemen|te nemen|innemen|genomen)\b|(?:genoeg|zat) pillen (?:om|voor)\b)/g },
  { rule: "crisis.zelfbeschadiging", re: /\b(?:(?:heb|had|heeft) (?:mezelf |mijzelf |zichzelf |me |zich )?(?:weer |opnieuw )?(?:gesneden|gekrast)\b(?! (?:aan|op|in) (?:het |een )?(?:glas|mes|blik|papier|scherf))|mezelf (?:weer )?(?:gesneden|gekrast)\b|(?:in |aan )?(?:mijn|m'n|mn|zijn|z'n|haar) (?:arm|armen|benen|been|pols|polsen|dijen|buik) (?:\w+ )?(?:gesneden|gekrast|bewerkt)\b|(?:snij|snijd|kras|beschadig|sneed|kraste) (?:mezelf|mijzelf|me|zichzelf|zich|weer|in (?:mijn|m'n|mn|haar|zijn|z'n) (?:arm|armen|benen|been|pols|polsen))\b|(?:mezelf|mijzelf|zichzelf|haarzelf|hemzelf) (?:weer )?(?:snijden|krassen|beschadigen|pijn (?:doen|te doen)|slaan)\b|weer (?:aan het )?(?:snijden|krassen)\b|snijden in (?:mijn|m'n|mn|haar|zijn|z'n) (?:armen|arm|benen|been|polsen|pols)\b|polsen (?:door ?(?:te )?snijden|doorgesneden)\b|sneetjes in (?:mijn|m'n|mn|haar|zijn|z'n) (?:arm|armen|benen)\b)/g },
  { rule: "crisis.niemand_mist_me", re: /\b(?:beter (?:is |zou zijn )?(?:als|wanneer) ik er niet meer (?:ben|was|zou zijn)\b|beter af (?:zijn|zou zijn) als ik\b|niemand (?:zal|gaat|zou) (?:me|mij|mn|mijn) (?:ooit |echt )?missen\b|(?:iedereen is|jullie zijn|zijn|zijn ze|is iedereen) (?:echt |veel )?beter af zonder (?:mij|me)\b|beter af (?:als|wanneer|zonder dat) ik (?:er )?(?:niet|nie) (?:meer )?(?:ben|was|zou zijn)\b|better off without me\b)/g },
  { rule: "crisis.suicidale_gedachten", re: /\b(?:(?:denk|denkt|dacht|denken|praat|praten|praatte|heeft het|heb het|had het|begint|begon|schrijft|appt|appte|dreigt|dreigde|overweeg|overweegt) (?:\w+ ){0,3}(?:aan|over|van|met) (?:zelfmoord|zelfdoding|suicide|een einde)\b|zelfmoord ?gedachte\w*|suicidale gedachte\w*|(?:ben|is|was|zijn|voel me|voelt zich) (?:\w+ )?suicidaal\b|(?:zelfmoord)?poging (?:gedaan|gedaan om|ondernomen)\b|poging tot zelfdoding\b|(?:wil|wilt|ga|gaat|gaan) (?:\w+ )?(?:zelfmoord|suicide) (?:plegen|doen)\b|zelfmoord (?:te )?(?:plegen|gaan plegen)\b)/g },
  { rule: "crisis.en", re: /\b(?:don'?t want to be alive\b|thinking about (?:killing myself|suicide|ending it)\b|(?:kill|killing|hurt|hurting|cut|cutting) (?:myself|herself|himself|themselves)\b|(?:want|wants|wanted|going) to die\b|wanna die\b|end (?:it all|my life|his life|her life)\b|self[- ]?harm(?:ing)?\b|no reason to live\b|don'?t want to (?:live|be here|wake up)(?: anymore)?\b|take (?:my|his|her) (?:own )?life\b|suicid(?:al|e) (?:thoughts|plan|note|attempt)\b|saved (?:up )?pills\b)/g },
  { rule: "crisis.andere_taal", re: /\b(?:selbstmord\w*|suizid\w*|nicht mehr leben\b|intihar\w*|umbringen\b|kendimi oldur\w*|suicidio\b|suicidaire\b|me suicider\b)/g },
  { rule: "crisis.onderwerp", re: /\b(?:zelfmoord\w*|zelfdoding\w*|suicid\w*|zelfbeschadiging\b|automutilatie\b)/g, topical: true },
];

const EMERGENCY_CUES: Cue[] = [
  { rule: "spoed.beroerte", re: /\b(?:halfzijdig\w*|verlamd\b|(?:scheve|scheef|hangende|afhangende) (?:mond|mondhoek|gezicht|glimlach)\b|(?:mond|mondhoek|gezicht) (?:hangt|is scheef|staat scheef|trekt scheef|hangt scheef|hangt naar beneden)\b|(?:kan|kon) (?:ineens |opeens |plots |plotseling )?(?:zijn|haar|mijn|m'n|mn|z'n|zn) (?:arm|been|hand|rechterarm|linkerarm) niet (?:meer )?(?:bewegen|optillen|voelen)\b|(?:praat|spreekt|praten) (?:ineens |opeens |plotseling |heel )?(?:raar|onduidelijk|dubbel|wartaal|krom|met dubbele tong)\b|brabbelt\b|beroerte\b|herseninfarct\b|hersenbloeding\b|stroke\b|face (?:is )?droop\w*|slurred speech\b)/g, topical: true },
  { rule: "spoed.borst", re: /\b(?:(?:pijn|druk|steken|steek|knellend gevoel|beklemmend gevoel|beklemming|drukkende pijn) (?:op|in|aan|midden op) (?:de|z'n|zn|zijn|haar|mijn|m'n|mn) borst\b|pijn (?:straalt|trekt|schiet) (?:uit )?naar (?:de |zijn |haar |mijn |m'n )?(?:linkerarm|arm|kaak|rug)\b|hartaanval\b|hartinfarct\b|hartstilstand\b|chest pain\b|heart attack\b|pain in (?:my|his|her) chest\b)/g, topical: true },
  { rule: "spoed.ademhaling", re: /\b(?:heftige benauwdheid\b|kan niet (?:meer )?praten van (?:de )?(?:benauwdheid|kortademigheid)\b|(?:kan|kon|kunnen|krijgt|krijg|kreeg) (?:bijna |haast |echt |amper |nauwelijks |ineens |opeens |gewoon )?(?:niet|geen|nie) (?:meer )?(?:goed )?(?:ademen|adem ?(?:meer )?halen|lucht(?: meer)?(?: krijgen)?)\b|krijg(?:t)? (?:bijna |amper |nauwelijks |haast )?geen (?:lucht|adem)\b|(?:erg|heel|zo|super|ontzettend|extreem|vreselijk|enorm|echt) benauwd\b|naar adem (?:aan het )?happen\b|hapt naar adem\b|blauwe lippen\b|(?:stikt|stikken|verstikt)\b|can'?t breathe\b|cannot breathe\b|struggling to breathe\b|blue lips\b)/g },
  { rule: "spoed.bewusteloos", re: /\b(?:niet wakker te krijgen\b|in elkaar (?:gezakt|gezakt)\b|ineengezakt\b|collapsed\b|(?:isn'?t|not) breathing\b|(?:ligt|lag) (?:op de grond|op de vloer)\b.{0,30}\breageert\b|flauwgevallen\b.{0,30}\b(?:suf|komt niet bij|reageert)\b|gevallen\b.{0,60}\b(?:reageert (?:niet|nauwelijks|slecht)|bloedt|verward|kan niet (?:meer )?(?:opstaan|staan|lopen))\b|bewusteloos\b|buiten bewustzijn\b|niet (?:meer )?aanspreekbaar\b|(?:hij|zij|ze|baby|opa|oma|vader|moeder|man|vrouw|kind|kindje|zoon|dochter|papa|mama|broer|zus|buurman|buurvrouw) (?:\w+ )?reageert (?:nergens|niet) (?:meer )?(?:op)?\b|(?:komt|kwam) niet (?:meer )?bij\b|wordt niet (?:meer )?wakker\b|unconscious\b|unresponsive\b|won'?t wake up\b)/g },
  { rule: "spoed.vergiftiging", re: /\b(?:(?:vaatwastablet|wasmiddel|wascapsule|bleek|batterij|knoopcel|pillen|medicijnen)\w*(?: \w+){0,2} in (?:zijn|haar|z'n|de|mijn) mond (?:gehad|gestopt|gedaan)\b|(?:bleek|bleekmiddel|chloor|ontstopper|gootsteenontstopper|wasmiddel|vaatwastablet|wasmiddelcapsule|wascapsule|lampolie|terpentine|accuzuur|antivries|rattengif|gif|schoonmaakmiddel|allesreiniger|pillen|medicijnen|tabletten|paracetamol|oxazepam|batterij|knoopcel|knoopcelbatterij|magneetjes)(?: \w+){0,3} (?:gedronken|ingeslikt|opgedronken|opgegeten|doorgeslikt|binnengekregen|opgelikt|gegeten)\b|(?:dronk|drinkt|slikte|heeft|at) (?:\w+ ){0,2}(?:bleek|bleekmiddel|chloor|ontstopper|lampolie|terpentine|wasmiddel|gif|batterij|knoopcel)\b|vergiftig\w*|swallowed (?:bleach|a battery|pills|poison|detergent)\b|drank bleach\b|poisoned\b)/g },
  { rule: "spoed.bloeding", re: /\b(?:(?:enorme|hevige|grote) bloeding\b|bloedt (?:heel |erg |zo |enorm |ontzettend |super |echt |nog steeds )*(?:erg|hevig|veel|hard|enorm|als een rund|ontzettend)\b|(?:bloeding|bloeden) (?:stopt|wil|houdt) niet\b|(?:stopt|houdt) niet (?:op )?met bloeden\b|(?:heel|erg|zo|enorm|super) veel bloed\b|veel bloed ?verl\w*|slagaderlijk\w*|gutst\b|spuit (?:het )?bloed\b|bloed (?:gutst|spuit)\b|hevige bloeding\b|bleeding (?:heavily|a lot|badly)\b|won'?t stop bleeding\b)/g },
  { rule: "spoed.overig", re: /\b(?:(?:epileptische )?aanval (?:en )?(?:die )?(?:stopt niet|houdt niet op)\b|gestoken\b.{0,40}\b(?:keel|tong|lippen|gezicht)\b.{0,15}\b(?:zwelt|zwellen|dik)\b|lippen (?:worden|zijn) (?:heel )?blauw\b|stuipt\b|(?:bijna )?verdronken\b|stroomschok\b|geelektrocuteerd\b|geëlektrocuteerd\b|anafylact\w*|(?:tong|keel|lippen|gezicht) (?:zwelt|zwellen|wordt dik|is opgezwollen|opgezwollen|dik)\b.{0,40}\b(?:benauwd|adem|lucht|slikken)\b|(?:epileptische )?aanval (?:die )?(?:stopt niet|houdt niet op|duurt al)\b|vlekjes die niet wegdrukken\b|niet wegdrukbare (?:vlekjes|vlekken)\b|hersenvliesontsteking\b|meningitis\b|moet ik (?:nu )?112 bellen\b|stuiptrekkingen\b)/g, topical: true },
];

const BABY_RE = /\b(?:baby|babie|babietje|baby'tje|babytje|zuigeling|pasgeborene|pasgeboren|newborn|infant|kindje van \d+ (?:weken|maanden)|zoontje van \d+ (?:weken|maanden)|dochtertje van \d+ (?:weken|maanden))\b/;
const BABY_SEVERE_RE = /\b(?:slap(?:pe)?\b|reageert (?:bijna |nauwelijks )?niet\b|(?:blauw|grauw)\w*|ademt (?:raar|snel|moeilijk|zwaar|heel snel)\b|kreunt\b|floppy\b|limp\b|lethargic\b|niet wakker te krijgen\b)/g;
const BABY_SYMPTOM_RE = /\b(?:drinkt (?:niet|nie|slecht|bijna niks|bijna niets|nauwelijks|amper)\b|wil (?:niet|nie) drinken\b|weigert (?:de |alle )?(?:fles|borst|voeding|flesjes)\b|koorts\b|suf\w*|vlekjes\b|uitgedroogd\b|geen natte luier\w*|doesn'?t drink\b|won'?t feed\b|fever\b|huilt (?:heel )?zwak\b|spuugt alles\b)/g;

/** "ben niet suicidaal": the negation sits inside the matched cue. ("wil niet meer leven" is not negated.) */
const NEGATED_STATE_RE = /\b(?:niet|nooit|geen)\s+(?:meer\s+)?suicidaal\b/;
const NEGATION_RE = /\b(?:niet|nie|geen|nooit|not|never|no|don'?t|isn'?t|zonder)\b/;
const PAST_RE = /\b(?:(?:\d+|een|twee|drie|vier|vijf|paar) (?:jaar|maanden|weken) na (?:mijn|m'n|mn|zijn|haar|de)|vorig(?:e)? (?:jaar|maand|week|zomer|winter|keer)|(?:\d+|een|twee|drie|vier|vijf|zes|tien|paar|aantal|heel wat) (?:jaar|jaren|maanden|maand|weken|week) (?:geleden|terug)|jaren geleden|destijds|vroeger|toen|in (?:19|20)\d\d|last year|years ago|months ago|ooit|heb (?:ook )?(?:zo'n|zulke|zo een) (?:periode|tijd)|ik heb dat ook gehad|heb ik ook gehad|had ik ook)\b/;
const RECOVERY_RE = /\b(?:(?:loop|fiets|werk|sport|wandel) (?:ik |hij |ze )?weer|(?:nu|inmiddels|intussen) gaat (?:het )?(?:weer |echt |gelukkig )?(?:goed|beter|prima|stukken beter)|gaat (?:het )?(?:nu |inmiddels |gelukkig |weer ){0,2}(?:goed|beter|prima)|inmiddels (?:gaat|ben|is|zijn)|(?:ben|is) (?:er )?(?:weer )?bovenop|hersteld|gelukkig (?:goed|weer|nu|alles|afgelopen|bleek)|goed afgelopen|doing (?:well|better|fine)|(?:i'?m|i am) (?:fine|better|ok|okay) now|dankzij (?:jullie|de|113|hem|haar|het)|leef (?:ik |hij |ze )?nog|nog (?:steeds )?in leven|heeft (?:mijn|m'n|zijn|haar|ons) leven gered|(?:hebben|heeft) (?:mij|me|hem|haar|ons) (?:echt |enorm )?geholpen|saved my life|en nu (?:gaat|ben|voel))\b/;
const NEWS_RE = /\b(?:campagne|artikel|nieuws|nieuwsbericht|documentaire|docu|podcast|onderzoek|cijfers|cbs|preventie|webinar|lezing|voorlichting|week van|werelddag|serie|film|boek|column|kamervragen|minister|debat|journalist|uitzending|reportage|interview|rapport|statistiek|trainingen?|gatekeeper|info ?avond|herken|herkent|signalen|symptomen van|wat te doen bij|wanneer (?:bel|moet) je|wist je dat|tip|tips|ehbo|cursus|folder|infographic|lees meer|filmpje|video|goed om te weten|belangrijk om te weten|deel dit|awareness|week tegen|zelfmoordpreventie|suicidepreventie|113 ?zelfmoordpreventie)\b/;
const NOW_RE = /\b(?:nu|net|zojuist|ineens|opeens|plotseling|sinds|help|hulp nodig|wat moet ik|wat moeten we|spoed|vanavond|vannacht|vanochtend|vandaag|al (?:een|twee|drie|\d+) (?:uur|minuten|kwartier))\b/;
const PERSON_RE = /\b(?:ik|me|mij|mijn|m'n|mn|mezelf|mijzelf|zus|zusje|broer|broertje|zoon|dochter|vriend|vriendin|vriendje|partner|man|vrouw|moeder|mama|mam|vader|papa|pap|oma|opa|kind|kinderen|neef|nicht|collega|buurman|buurvrouw|hij|zij|ze|i|my|myself|he|she|friend)\b/;
const HYPERBOLE_RE = /\b(?:is|zijn|was|waren|word|wordt|werd|echt|gewoon) (?:\w+ )?om (?:zelfmoord te plegen|je van kant te maken|je op te hangen|van (?:de|het) (?:brug|dak|flat) te springen|dood te gaan|je polsen door te snijden)\b|\b(?:ga|gaat|ging|word|wordt|werd) (?:bijna |echt |nog )?dood van (?:het lachen|de honger|de stress|verveling|de hitte|de warmte|de kou|ellende|het wachten|schaamte|de muziek)\b|\blach (?:me|mij|mezelf) (?:helemaal |echt )?dood\b|\b(?:dood gelachen|doodgelachen)\b|\bdood van het lachen\b|\bdying (?:of|from) (?:laughter|laughing|boredom)\b|\bi'?m dying to\b|\bkill me now\b|\bsterf(?:t)? van de (?:honger|dorst)\b/g;

for (const cue of [...CRISIS_CUES, ...EMERGENCY_CUES]) {
  cue.gate = CUE_TRIGGERS.register(cue.re);
}
const HYPERBOLE_GATE = CUE_TRIGGERS.register(HYPERBOLE_RE);
const BABY_GATE = CUE_TRIGGERS.register(BABY_RE);

/**
 * The last three words (white-space separated) of the clause before `index`: the 40 characters
 * before it, from after the last . , ; ! ? or line break, or from the "maar"/"en" that starts a
 * new clause (that word stays in it).
 *
 * Contract: the result is the slice of `text` from the start of the first of those words to
 * the end of the last, so the white space between them is kept as it is in the text (two spaces,
 * a tab, a line break…), not joined with single spaces; there is no white space at either end.
 * Callers may only test it word by word, as NEGATION_RE does (single words between \b, no white
 * space in the pattern): a pattern spanning two words with a literal " " could miss what it would
 * find in `words.join(" ")`.
 * Worked out with index arithmetic: it runs for every cue that fires.
 */
export function lastWordsOfClause(text: string, index: number): string {
  const from = Math.max(0, index - 40);
  let start = from;
  // From the right: the first clause mark that lies wholly inside the window.
  for (let at = index - 1; at >= from; at--) {
    const code = text.charCodeAt(at);
    if (
      code === 46 /* . */ ||
      code === 44 /* , */ ||
      code === 59 /* ; */ ||
      code === 33 /* ! */ ||
      code === 63 /* ? */ ||
      code === 10 /* line break */ ||
      (code === 32 && ((at + 6 <= index && text.startsWith(" maar ", at)) || (at + 4 <= index && text.startsWith(" en ", at))))
    ) {
      start = at + 1;
      break;
    }
  }
  let end = index;
  while (end > start && isSpaceAt(text, end - 1)) {
    end--;
  }
  // Back over at most three words, each with the white space before it.
  let begin = end;
  for (let word = 0; word < 3; word++) {
    while (begin > start && !isSpaceAt(text, begin - 1)) {
      begin--;
    }
    let before = begin;
    while (before > start && isSpaceAt(text, before - 1)) {
      before--;
    }
    if (before === start || word === 2) {
      break;
    }
    begin = before;
  }
  return text.slice(begin, end);
}

/** . ! ? or a line break. */
function endsSentence(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 10;
}

function sentenceAround(text: string, index: number): string {
  let start = index;
  while (start > 0 && !endsSentence(text.charCodeAt(start - 1))) {
    start--;
  }
  let end = index;
  while (end < text.length && !endsSentence(text.charCodeAt(end))) {
    end++;
  }
  return text.slice(start, end);
}

/** The context of a message, worked out only when a cue actually fired (most messages have none). */
class Context {
  private pastValue: boolean | undefined;
  private newsValue: boolean | undefined;
  private nowValue: boolean | undefined;

  constructor(
    readonly text: string,
    readonly hyperbole: ReadonlyArray<[number, number]>,
  ) {}

  get past(): boolean {
    return (this.pastValue ??= PAST_RE.test(this.text) && RECOVERY_RE.test(this.text));
  }

  get news(): boolean {
    return (this.newsValue ??= NEWS_RE.test(this.text));
  }

  get now(): boolean {
    return (this.nowValue ??= NOW_RE.test(this.text));
  }
}

function collect(kind: SafetyKind, cues: readonly Cue[], text: string, context: Context, hits: TriggerHits, out: SafetyVerdict): void {
  for (const cue of cues) {
    if (cue.gate !== undefined && !hits.mayMatch(cue.gate)) {
      continue;
    }
    cue.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = cue.re.exec(text)) !== null) {
      const index = m.index;
      const end = index + m[0].length;
      const finding: SafetyFinding = { kind, rule: cue.rule, match: m[0] };
      if (context.hyperbole.some(([a, b]) => index < b && end > a)) {
        finding.suppressedBy = "overdrijving/grap";
      } else if (NEGATION_RE.test(lastWordsOfClause(text, index)) || NEGATED_STATE_RE.test(m[0])) {
        finding.suppressedBy = "ontkenning";
      } else if (context.past) {
        finding.suppressedBy = "verleden en herstel";
      } else if (cue.topical && context.news && !context.now) {
        finding.suppressedBy = "nieuws/voorlichting";
      } else if (cue.topical && kind === "crisis" && !PERSON_RE.test(sentenceAround(text, index))) {
        finding.suppressedBy = "nieuws/voorlichting";
      }
      (finding.suppressedBy ? out.suppressed : kind === "crisis" ? out.crisis : out.emergency).push(finding);
      if (m[0].length === 0) {
        cue.re.lastIndex++;
      }
    }
  }
}

const SUICIDE_IDIOM_RE = /zelfmoord|kant te maken|op te hangen|springen|polsen/;

/**
 * Runs all crisis and emergency cues on a normalised text. `hits` is the trigger scan of the same
 * text when the caller already has it (classify scans once for all cue files).
 */
export function detectSafetyCues(normalized: string, hits: TriggerHits = CUE_TRIGGERS.scan(normalized)): SafetyVerdict {
  const verdict: SafetyVerdict = { crisis: [], emergency: [], suppressed: [], hyperbole: false };
  const hyperbole: Array<[number, number]> = [];
  if (hits.mayMatch(HYPERBOLE_GATE)) {
    HYPERBOLE_RE.lastIndex = 0;
    let h: RegExpExecArray | null;
    while ((h = HYPERBOLE_RE.exec(normalized)) !== null) {
      hyperbole.push([h.index, h.index + h[0].length]);
      if (SUICIDE_IDIOM_RE.test(h[0])) {
        verdict.hyperbole = true;
      }
    }
  }
  const context = new Context(normalized, hyperbole);
  collect("crisis", CRISIS_CUES, normalized, context, hits, verdict);
  collect("emergency", EMERGENCY_CUES, normalized, context, hits, verdict);
  if (hits.mayMatch(BABY_GATE) && BABY_RE.test(normalized) && !context.past) {
    const severe = normalized.match(BABY_SEVERE_RE) ?? [];
    const symptoms = normalized.match(BABY_SYMPTOM_RE) ?? [];
    if (severe.length >= 1 || symptoms.length >= 2) {
      verdict.emergency.push({ kind: "emergency", rule: "spoed.baby_erg_ziek", match: [...severe, ...symptoms].join(", ") });
    }
  }
  return verdict;
}
