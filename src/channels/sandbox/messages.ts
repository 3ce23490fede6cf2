/**
 * The sandbox script: realistic (invented) Dutch messages a GP practice receives on social media,
 * released over time after a sandbox channel is connected. Names and handles are made up.
 * `after` is the number of seconds after connecting that the message "arrives".
 */
export interface SandboxScriptItem {
  id: string;
  after: number;
  kind: "comment" | "mention" | "direct_message" | "reply" | "review";
  /** Thread root id; a comment on one of the practice's posts uses the post id. */
  thread: string;
  parent?: string;
  handle: string;
  name: string;
  text: string;
}

const POST_GRIEP = "post-griepprik";
const POST_HOOIKOORTS = "post-hooikoorts";
const POST_VAKANTIE = "post-vakantie";
const POST_HITTE = "post-hitte";

export const SANDBOX_SCRIPT: SandboxScriptItem[] = [
  { id: "sb-001", after: 0, kind: "comment", thread: POST_GRIEP, handle: "@marieke_utr", name: "Marieke", text: "Moet ik voor de griepprik een afspraak maken of kan ik gewoon langskomen?" },
  { id: "sb-002", after: 0, kind: "comment", thread: POST_GRIEP, handle: "@hansvandijk", name: "Hans van Dijk", text: "Ik heb geen uitnodiging ontvangen terwijl ik vorig jaar wel een prik kreeg. Hoe kan dat?" },
  { id: "sb-003", after: 0, kind: "mention", thread: "sb-003", handle: "@opa_kees", name: "Kees", text: "Complimenten aan @praktijk voor de snelle hulp vorige week. Wat een vriendelijke assistentes!" },
  { id: "sb-004", after: 0, kind: "direct_message", thread: "dm-anouk", handle: "@anouk.b", name: "Anouk", text: "Hallo, ik wil graag mijn herhaalrecept voor de pil aanvragen, kan dat via dit kanaal?" },
  { id: "sb-005", after: 0, kind: "comment", thread: POST_HOOIKOORTS, handle: "@sannepollen", name: "Sanne", text: "Welke neusspray raden jullie aan tegen hooikoorts? De drogist heeft er zoveel." },
  { id: "sb-006", after: 0, kind: "review", thread: "sb-006", handle: "@r.bakker", name: "R. Bakker", text: "Al drie keer gebeld en steeds veertig minuten in de wacht. Dit is echt niet normaal meer." },
  { id: "sb-007", after: 0, kind: "comment", thread: POST_GRIEP, handle: "@lotte1988", name: "Lotte", text: "Is de griepprik ook veilig als je zwanger bent?" },
  { id: "sb-008", after: 0, kind: "mention", thread: "sb-008", handle: "@jeroen_fietst", name: "Jeroen", text: "Weet iemand of @praktijk op zaterdag open is? Mijn zoontje heeft sinds gisteren koorts." },
  { id: "sb-009", after: 60, kind: "reply", thread: POST_GRIEP, parent: "sb-002", handle: "@hansvandijk", name: "Hans van Dijk", text: "Ik ben 67 en heb diabetes, dus ik hoor toch bij de groep?" },
  { id: "sb-010", after: 90, kind: "comment", thread: POST_VAKANTIE, handle: "@fatima.el", name: "Fatima", text: "Wie moet ik bellen als jullie dicht zijn in de zomer?" },
  { id: "sb-011", after: 120, kind: "direct_message", thread: "dm-peter", handle: "@peter_w", name: "Peter", text: "Ik heb al twee dagen hevige pijn op mijn borst die uitstraalt naar mijn arm. Moet ik een afspraak maken?" },
  { id: "sb-012", after: 150, kind: "comment", thread: POST_HITTE, handle: "@oma.truus", name: "Truus", text: "Goede tips! Ik zet altijd een bakje water neer voor de buurvrouw, die vergeet te drinken." },
  { id: "sb-013", after: 180, kind: "mention", thread: "sb-013", handle: "@daan_k", name: "Daan", text: "Bij @praktijk moet je echt weken wachten op een afspraak. Waarom kan dat niet sneller?" },
  { id: "sb-014", after: 210, kind: "comment", thread: POST_HOOIKOORTS, handle: "@ilse_tuin", name: "Ilse", text: "Mijn ogen jeuken zo erg, helpen oogdruppels ook of moet ik tabletten nemen?" },
  { id: "sb-015", after: 240, kind: "direct_message", thread: "dm-noor", handle: "@noor_xx", name: "Noor", text: "Ik zie het allemaal niet meer zitten. Ik denk erover om er een eind aan te maken." },
  { id: "sb-016", after: 270, kind: "comment", thread: POST_GRIEP, handle: "@willem.s", name: "Willem", text: "Vorig jaar werd ik ziek van de griepprik, ik neem hem dit jaar niet meer." },
  { id: "sb-017", after: 300, kind: "review", thread: "sb-017", handle: "@gerda_h", name: "Gerda", text: "Dokter neemt altijd de tijd en legt alles duidelijk uit. Vijf sterren!" },
  { id: "sb-018", after: 330, kind: "comment", thread: POST_VAKANTIE, handle: "@m.yilmaz", name: "Mehmet", text: "Kan ik mijn medicijnen voor drie maanden meekrijgen voor mijn reis naar Turkije?" },
  { id: "sb-019", after: 360, kind: "mention", thread: "sb-019", handle: "@eva_mama", name: "Eva", text: "@praktijk mijn dochter van 2 heeft een vlekjes die niet wegdrukken en ze is heel suf. Wat moet ik doen?" },
  { id: "sb-020", after: 390, kind: "comment", thread: POST_HITTE, handle: "@bert_70", name: "Bert", text: "Moet ik mijn plastabletten minderen als het zo warm is?" },
  { id: "sb-021", after: 420, kind: "direct_message", thread: "dm-anouk", parent: "sb-004", handle: "@anouk.b", name: "Anouk", text: "Of moet ik daarvoor toch de receptenlijn bellen?" },
  { id: "sb-022", after: 450, kind: "comment", thread: POST_GRIEP, handle: "@saskia_v", name: "Saskia", text: "Krijgen mantelzorgers ook een griepprik? Ik zorg voor mijn moeder." },
  { id: "sb-023", after: 480, kind: "mention", thread: "sb-023", handle: "@tim_r", name: "Tim", text: "Huisarts van @praktijk stuurde me meteen door naar de specialist. Heel fijn dat er zo goed geluisterd werd." },
  { id: "sb-024", after: 510, kind: "comment", thread: POST_HOOIKOORTS, handle: "@joost_loopt", name: "Joost", text: "Ik heb sinds kort ook last van benauwdheid bij het hardlopen. Kan dat door pollen komen?" },
  { id: "sb-025", after: 540, kind: "review", thread: "sb-025", handle: "@k.jansen", name: "K. Jansen", text: "De assistente was onbeschoft aan de telefoon. Ik overweeg een andere huisarts te zoeken." },
  { id: "sb-026", after: 570, kind: "direct_message", thread: "dm-lisa", handle: "@lisa_mb", name: "Lisa", text: "Mag ik mijn uitslagen van het bloedonderzoek hier ontvangen? Dat is makkelijker dan bellen." },
  { id: "sb-027", after: 600, kind: "comment", thread: POST_VAKANTIE, handle: "@carla_d", name: "Carla", text: "Fijne vakantie allemaal! Goed dat jullie het ruim van tevoren laten weten." },
  { id: "sb-028", after: 630, kind: "mention", thread: "sb-028", handle: "@sven.b", name: "Sven", text: "Is het normaal dat ik na mijn vaccinatie @praktijk een dikke arm heb?" },
  { id: "sb-029", after: 660, kind: "comment", thread: POST_HITTE, handle: "@yvonne_k", name: "Yvonne", text: "Mijn vader is 88 en woont alleen, hoe houd ik hem koel als hij geen airco heeft?" },
  { id: "sb-030", after: 690, kind: "reply", thread: POST_GRIEP, parent: "sb-016", handle: "@marieke_utr", name: "Marieke", text: "@willem.s Van de griepprik zelf kun je geen griep krijgen hoor, wel een paar dagen een zere arm." },
  { id: "sb-031", after: 720, kind: "direct_message", thread: "dm-ahmed", handle: "@ahmed_s", name: "Ahmed", text: "Goedemiddag, mijn vrouw is net bevallen. Wanneer komt de huisarts op kraamvisite?" },
  { id: "sb-032", after: 750, kind: "mention", thread: "sb-032", handle: "@nieuws_wijk", name: "Wijkkrant Noord", text: "Mooi initiatief van @praktijk: een inloopochtend over dementie in het buurthuis." },
  { id: "sb-033", after: 780, kind: "comment", thread: POST_HOOIKOORTS, handle: "@femke_p", name: "Femke", text: "Mijn zoon van 6 niest de hele dag, mag hij dezelfde tabletten als ik?" },
  { id: "sb-034", after: 810, kind: "review", thread: "sb-034", handle: "@anoniem123", name: "Anoniem", text: "Wachtkamer was schoon, maar ik heb een half uur moeten wachten ondanks mijn afspraak." },
  { id: "sb-035", after: 840, kind: "direct_message", thread: "dm-rob", handle: "@rob_vd", name: "Rob", text: "Ik ben gevallen met de fiets en mijn pols is dik en blauw. Moet ik naar de huisartsenpost?" },
  { id: "sb-036", after: 870, kind: "comment", thread: POST_GRIEP, handle: "@henk.m", name: "Henk", text: "Prik gehaald vanochtend, alles liep op rolletjes. Top georganiseerd!" },
  { id: "sb-037", after: 900, kind: "mention", thread: "sb-037", handle: "@julia_s", name: "Julia", text: "Heeft @praktijk al plek voor nieuwe patiënten? We zijn net verhuisd naar de wijk." },
  { id: "sb-038", after: 930, kind: "comment", thread: POST_HITTE, handle: "@ria_w", name: "Ria", text: "Ik word duizelig als ik opsta bij deze hitte, is dat erg?" },
  { id: "sb-039", after: 960, kind: "direct_message", thread: "dm-mila", handle: "@mila_23", name: "Mila", text: "Ik durf het niet aan mijn ouders te vertellen maar ik denk dat ik zwanger ben. Kan ik anoniem langskomen?" },
  { id: "sb-040", after: 990, kind: "comment", thread: POST_VAKANTIE, handle: "@thomas_h", name: "Thomas", text: "Welke vaccinaties heb ik nodig voor een reis naar Indonesië?" },
  { id: "sb-041", after: 1020, kind: "review", thread: "sb-041", handle: "@b.vermeer", name: "B. Vermeer", text: "Het e-consult werkt prima, binnen een dag antwoord gekregen." },
  { id: "sb-042", after: 1050, kind: "mention", thread: "sb-042", handle: "@zorgkritisch", name: "Zorgkritisch", text: "Waarom krijgen mensen bij @praktijk geen verwijzing voor de fysio? Iedereen moet maar blijven wachten." },
  { id: "sb-043", after: 1080, kind: "comment", thread: POST_HOOIKOORTS, handle: "@dirk_l", name: "Dirk", text: "Helpt een pollenfilter in de auto echt iets?" },
  { id: "sb-044", after: 1110, kind: "direct_message", thread: "dm-peter", parent: "sb-011", handle: "@peter_w", name: "Peter", text: "Het wordt erger en ik ben nu ook misselijk en zweterig." },
];

/** The practice's own posts the comments belong to (shown as context). */
export const SANDBOX_POSTS: Record<string, string> = {
  [POST_GRIEP]: "De griepprik komt eraan! Heb je een uitnodiging ontvangen? Kom op zaterdag 18 oktober tussen 9 en 12 uur langs.",
  [POST_HOOIKOORTS]: "Last van hooikoorts? Op thuisarts.nl lees je wat je zelf kunt doen.",
  [POST_VAKANTIE]: "Van 4 tot en met 15 augustus is de praktijk gesloten. De waarneming staat op onze website.",
  [POST_HITTE]: "Het wordt warm deze week. Drink voldoende en let op ouderen in je omgeving.",
};
