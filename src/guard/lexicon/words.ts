/**
 * Word lists written for Spreekuur (EUPL-1.2, like the rest of the project). All lower-case.
 * Medical words are deliberately broad: the guard only flags them when they are tied to a person
 * ("uw diabetes", "je MRI-uitslag", "haar operatie"); on their own they are public-health talk.
 */

/** Titles and forms of address that precede a person's name. */
export const TITLES = [
  "mevrouw", "mevr", "mw", "mvr", "meneer", "mijnheer", "dhr", "heer", "juffrouw", "mejuffrouw",
  "dokter", "dr", "zuster", "broeder", "verpleegkundige", "patiënt", "patiënte", "patient", "patiente",
  "mr", "mrs", "ms", "miss", "mister", "sir", "madam", "familie", "fam", "oma", "opa", "tante", "oom", "baby", "bewoner", "bewoonster",
] as const;

/** Common Dutch first names (all generations) that complement the generated lexicon. */
export const EXTRA_FIRST_NAMES = [
  "ingrid", "karin", "esther", "annelies", "petra", "marian", "marianne", "monique", "wilma", "gerda", "ria", "truus", "joke",
  "henk", "gerrit", "kees", "cor", "wim", "hans", "harry", "ad", "piet", "jan", "klaas", "joop", "ton", "theo", "frans", "jos",
  "marieke", "sanne", "femke", "lieke", "anouk", "marloes", "ilse", "mirjam", "yvonne", "sandra", "linda", "saskia", "bianca",
  "jeroen", "bart", "erik", "arjen", "marco", "dennis", "kevin", "niels", "ruben", "joost", "wouter", "martijn", "bas", "bram",
  "fatima", "mohamed", "ahmed", "youssef", "khadija", "yasmina", "mehmet", "ayse", "emine", "hatice", "mustafa", "priya", "anil",
] as const;

/** Words before a first name in a salutation: "Hoi Marieke", "Beste Jan", "Dear John". */
export const GREETINGS = [
  "hoi", "hallo", "hey", "hee", "hi", "beste", "dag", "lieve", "geachte", "goedemorgen", "goedemiddag",
  "goedenavond", "dear", "hello", "thanks", "bedankt", "dank", "sterkte", "succes", "welkom", "gefeliciteerd",
] as const;

/** Surname particles: "van der Berg", "de Vries", "ten Brink", "in 't Veld". */
export const PARTICLES = ["van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "’t", "op", "la", "le", "du", "von", "al", "el", "bin"] as const;

/** Roles of public figures: a name after these is not a patient ("minister Kuipers"). */
export const PUBLIC_ROLES = [
  "minister", "premier", "staatssecretaris", "koning", "koningin", "prins", "prinses", "burgemeester",
  "wethouder", "president", "kamerlid", "professor", "prof", "hoogleraar", "schrijver", "zanger", "zangeres",
  "presentator", "voetballer", "wielrenner", "schaatser", "minister-president",
] as const;

/**
 * Capitalised words that are not names even when they look like one: months, days, holidays,
 * care words, brands, places of the practice world, common sentence starters.
 */
export const NOT_NAMES = [
  "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
  "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "pasen", "pinksteren", "kerst", "kerstmis",
  "hemelvaart", "koningsdag", "bevrijdingsdag", "nieuwjaar", "oudjaar", "sinterklaas", "ramadan", "suikerfeest",
  "january", "february", "march", "june", "july", "august", "october", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter",
  "thuisarts", "huisarts", "huisartsen", "huisartsenpost", "huisartsenpraktijk", "praktijk", "ziekenhuis", "apotheek",
  "fysiotherapie", "fysiotherapeut", "poh", "ggz", "umc", "rivm", "ggd", "knmg", "nhg", "lhv", "who", "ehbo", "seh", "ic", "spoedeisende",
  "facebook", "instagram", "twitter", "linkedin", "mastodon", "bluesky", "whatsapp", "youtube", "tiktok", "google", "x",
  "mijngezondheid", "medgemak", "mijnggz", "digid", "covid", "corona", "griepprik", "wereld", "nederland", "nederlands", "nederlandse",
  "europa", "europese", "engels", "nl", "team", "iedereen", "allemaal", "allen", "jullie", "u", "je", "jij", "wij", "we", "ons", "onze",
  "collega", "collega's", "daar", "hier", "dan", "ook", "nog", "graag", "bedankt", "dank", "veel", "fijne", "fijn", "mooie", "goede",
  "welkom", "sterkte", "succes", "beterschap", "liefs", "groet", "groeten", "hartelijke", "vriendelijke", "met",
  "de", "het", "een", "en", "of", "maar", "want", "dus", "als", "wat", "wie", "waar", "hoe", "waarom", "wanneer", "welke",
  "op", "in", "bij", "voor", "na", "om", "over", "door", "tot", "vanaf", "sinds", "tijdens", "zonder", "per",
  "deze", "die", "dit", "dat", "er", "zo", "al", "nu", "vandaag", "morgen", "gisteren", "straks", "binnenkort",
  "ja", "nee", "oke", "oké", "ok", "helaas", "gelukkig", "natuurlijk", "excuses", "sorry", "hulp", "tip", "let", "lees", "bel", "kijk",
  "mail", "e-mail", "e-consult", "app", "website", "telefoon", "afspraak", "spreekuur", "spreekuren", "openingstijden",
  "the", "and", "our", "your", "we", "you", "please", "thank", "thanks", "hope", "get", "well", "soon", "all", "everyone", "team",
  "dokter", "arts", "assistente", "assistent", "praktijkondersteuner", "verpleegkundige", "specialist", "zorg", "patiënten",
  "mantelzorg", "mantelzorgers", "ouderen", "kinderen", "jongeren", "vrouwen", "mannen", "mensen", "diabetes", "astma", "copd",
  "alzheimer", "parkinson", "dag", "week", "maand", "jaar", "lente", "zomer", "herfst", "winter", "gezondheid", "gezond",
  "stoptober", "movember", "diabetesdag", "hartweek", "griep", "hooikoorts", "hitte", "warmte", "vakantie", "reizen",
  "beste", "lieve", "hoi", "hallo", "hey", "hi", "dear", "goedemorgen", "goedemiddag", "goedenavond",
] as const;

/** Medical words: diagnoses, tests, results, treatments, medication. Matched as whole words or word starts. */
export const MEDICAL_TERMS = [
  // conditions
  "diabetes", "suikerziekte", "suiker", "astma", "copd", "kanker", "tumor", "tumoren", "borstkanker", "longkanker", "darmkanker",
  "prostaatkanker", "huidkanker", "melanoom", "leukemie", "lymfoom", "uitzaaiing", "uitzaaiingen", "chemo", "chemotherapie",
  "bestraling", "depressie", "depressief", "angststoornis", "paniekaanval", "paniekaanvallen", "burn-out", "burnout", "adhd",
  "autisme", "bipolair", "schizofrenie", "psychose", "eetstoornis", "anorexia", "boulimia", "verslaving", "alcoholisme",
  "dementie", "alzheimer", "parkinson", "epilepsie", "beroerte", "herseninfarct", "hersenbloeding", "tia",
  "hartinfarct", "hartaanval", "hartfalen", "boezemfibrilleren", "hartritmestoornis", "hoge bloeddruk", "bloeddruk", "hypertensie",
  "cholesterol", "trombose", "longembolie", "longontsteking", "bronchitis", "griep", "covid", "corona", "blaasontsteking",
  "nierstenen", "nierziekte", "nierfalen", "dialyse", "hiv", "soa", "chlamydia", "gonorroe", "syfilis", "herpes", "hepatitis",
  "zwanger", "zwangerschap", "miskraam", "abortus", "ivf", "onvruchtbaar", "onvruchtbaarheid", "menopauze", "overgang",
  "eczeem", "psoriasis", "acne", "reuma", "artrose", "artritis", "jicht", "osteoporose", "hernia", "whiplash", "fractuur",
  "breuk", "gebroken", "kneuzing", "scheur", "meniscus", "kruisband", "enkelbanden", "tennisarm", "allergie", "allergisch",
  "obesitas", "overgewicht", "schildklier", "bloedarmoede", "ijzertekort", "vitaminetekort", "migraine", "hoofdpijn",
  "slapeloosheid", "incontinentie", "prostaat", "baarmoeder", "eierstok", "borstamputatie", "stoma", "crohn", "colitis",
  "prikkelbare darm", "coeliakie", "glutenallergie", "zwangerschapsdiabetes", "suïcidaal", "zelfmoordpoging", "zelfbeschadiging",
  "koorts", "verhoging", "ziekte", "aandoening", "diagnose", "infectie", "ontsteking", "klachten", "pijn", "bult", "knobbel", "vlek", "moedervlek",
  // tests and results
  "uitslag", "uitslagen", "labuitslag", "bloeduitslag", "bloedonderzoek", "bloedprik", "bloedwaarde", "bloedwaarden", "mri",
  "mri-scan", "mri-uitslag", "ct-scan", "scan", "echo", "röntgenfoto", "rontgenfoto", "foto", "biopsie", "uitstrijkje",
  "ecg", "hartfilmpje", "longfunctie", "urineonderzoek", "kweek", "test", "testuitslag", "coronatest", "zwangerschapstest",
  "hba1c", "glucose", "waarden", "onderzoek", "controle", "screening", "mammografie",
  // treatments and care
  "operatie", "geopereerd", "knieoperatie", "heupoperatie", "nieuwe heup", "nieuwe knie", "prothese", "ingreep", "behandeling",
  "behandeld", "therapie", "fysiotherapie", "revalidatie", "opname", "opgenomen", "ontslagen", "narcose", "verdoving",
  "injectie", "prik", "vaccinatie", "vaccin", "griepprik", "hechtingen", "gips", "bypass", "dotter", "stent", "pacemaker",
  "transplantatie", "bevalling", "bevallen", "keizersnede", "verwijzing", "doorverwezen", "verwezen", "consult",
  // medication
  "medicatie", "medicijn", "medicijnen", "medicament", "recept", "herhaalrecept", "pil", "pillen", "tabletten", "tablet",
  "antibiotica", "antibioticum", "kuur", "insuline", "metformine", "paracetamol", "ibuprofen", "diclofenac", "naproxen",
  "omeprazol", "pantoprazol", "simvastatine", "atorvastatine", "metoprolol", "amlodipine", "lisinopril", "losartan",
  "sertraline", "citalopram", "paroxetine", "fluoxetine", "venlafaxine", "oxazepam", "diazepam", "temazepam", "lorazepam",
  "oxycodon", "tramadol", "morfine", "fentanyl", "prednison", "prednisolon", "salbutamol", "ventolin", "inhalator", "inhaler",
  "levothyroxine", "thyrax", "warfarine", "acenocoumarol", "sintrom", "bloedverdunner", "bloedverdunners", "ritalin",
  "methylfenidaat", "lithium", "quetiapine", "olanzapine", "anticonceptie", "morningafterpil", "spiraal", "dosis", "dosering",
  "pokken", "waterpokken", "wond", "wondje", "hechtingen", "frozen shoulder",
  // english
  "new hip", "new knee", "fever", "cancer", "depression", "anxiety", "surgery", "operation", "diagnosis", "results", "result", "scan", "prescription",
  "medication", "blood pressure", "pregnant", "pregnancy", "miscarriage", "stroke", "heart attack", "treatment", "therapy", "blood test",
] as const;

/**
 * Rare or stigmatised conditions: together with an age, a place or a time they make a person
 * recognisable even without a name.
 */
export const RARE_CONDITIONS = [
  "als", "ms", "huntington", "cystic fibrosis", "taaislijmziekte", "sarcoïdose", "sarcoidose", "hiv", "aids", "lepra",
  "tuberculose", "tbc", "mazelen", "kinkhoest", "leukemie", "lymfoom", "melanoom", "schizofrenie", "psychose", "anorexia",
  "zelfmoordpoging", "zeldzame ziekte", "ziekte van huntington", "spierziekte", "syndroom", "downsyndroom", "transplantatie", "dialyse",
] as const;

/** Relations: "uw buurman", "haar moeder" — a third person whose care must not be discussed. */
export const RELATIONS = [
  "man", "vrouw", "partner", "echtgenoot", "echtgenote", "vriend", "vriendin", "moeder", "vader", "ouders", "zoon", "dochter",
  "kind", "kinderen", "baby", "broer", "zus", "zuster", "opa", "oma", "grootmoeder", "grootvader", "kleinkind", "kleinzoon",
  "kleindochter", "neef", "nicht", "oom", "tante", "buurman", "buurvrouw", "buren", "collega", "schoonmoeder", "schoonvader",
  "zwager", "schoonzus", "husband", "wife", "mother", "father", "son", "daughter", "brother", "sister", "neighbour", "neighbor",
] as const;

/** Institutions and places of care or daily life that narrow down who someone is. */
export const INSTITUTIONS = [
  "verpleeghuis", "verzorgingshuis", "zorgcentrum", "woonzorgcentrum", "hospice", "revalidatiecentrum", "ziekenhuis", "umc",
  "kliniek", "afdeling", "kamer", "seh", "ic", "intensive care", "school", "basisschool", "middelbare school", "kinderdagverblijf",
  "kinderopvang", "creche", "crèche", "gevangenis", "azc", "opvang", "daklozenopvang", "fabriek", "kantoor", "sportclub",
  "voetbalclub", "kerk", "moskee",
] as const;

/**
 * Dutch towns and cities (a selection written for Spreekuur; the guard only flags a place when it
 * narrows down a person, e.g. "een vrouw uit Houten van 87").
 */
export const PLACES = [
  "amsterdam", "rotterdam", "den haag", "utrecht", "eindhoven", "groningen", "tilburg", "almere", "breda", "nijmegen",
  "apeldoorn", "haarlem", "arnhem", "enschede", "amersfoort", "zaanstad", "zaandam", "den bosch", "'s-hertogenbosch",
  "haarlemmermeer", "hoofddorp", "zwolle", "leiden", "maastricht", "dordrecht", "zoetermeer", "ede", "delft", "alkmaar",
  "venlo", "deventer", "leeuwarden", "helmond", "oss", "hilversum", "heerlen", "sittard", "roosendaal", "purmerend",
  "schiedam", "spijkenisse", "vlaardingen", "lelystad", "alphen", "gouda", "zeist", "nieuwegein", "houten", "veenendaal",
  "woerden", "ijsselstein", "maarssen", "bunnik", "culemborg", "tiel", "wageningen", "doetinchem", "zutphen", "harderwijk",
  "kampen", "emmen", "assen", "hoogeveen", "meppel", "sneek", "drachten", "heerenveen", "den helder", "hoorn", "enkhuizen",
  "katwijk", "noordwijk", "wassenaar", "rijswijk", "voorburg", "leidschendam", "westland", "naaldwijk", "capelle",
  "barendrecht", "ridderkerk", "middelburg", "vlissingen", "goes", "terneuzen", "bergen op zoom", "waalwijk", "uden", "veghel",
  "weert", "roermond", "kerkrade", "texel", "terschelling", "vlieland", "ameland", "schiermonnikoog", "urk", "volendam",
  "edam", "weesp", "diemen", "amstelveen", "uithoorn", "bussum", "huizen", "baarn", "soest", "barneveld", "nijkerk",
  "oosterhout", "etten-leur", "boxtel", "best", "veldhoven", "geldrop", "nuenen", "valkenswaard", "deurne", "venray",
  "oisterwijk", "vught", "zaltbommel", "gorinchem", "papendrecht", "zwijndrecht", "hellevoetsluis", "brielle", "maassluis",
  "lisse", "hillegom", "beverwijk", "heemskerk", "castricum", "heiloo", "schagen", "medemblik", "steenwijk", "hardenberg",
  "oudewater", "de meern", "vleuten", "montfoort", "mijdrecht", "breukelen", "wijk bij duurstede", "leusden", "driebergen",
  "doorn", "de bilt", "bilthoven", "vianen", "lopik", "almelo", "hengelo", "oldenzaal", "winterswijk", "borne", "rijssen", "nijverdal", "raalte", "dalfsen", "ommen", "lochem",
] as const;

/** Phrases that confirm someone is (or was) a patient here. Lower-case; matched on word boundaries. */
export const CARE_RELATIONSHIP_PHRASES = [
  "staat bij ons ingeschreven", "staat u bij ons ingeschreven", "bent bij ons ingeschreven", "ingeschreven bij onze praktijk",
  "ingeschreven staat bij ons", "bij ons ingeschreven", "bij ons in behandeling", "bij ons onder behandeling", "onder behandeling bij ons",
  "in uw dossier", "uw dossier", "in je dossier", "je dossier", "uw medisch dossier", "uw patiëntendossier",
  "toen u bij ons was", "toen je bij ons was", "toen u hier was", "u bij ons was", "uw bezoek aan onze praktijk", "uw bezoek aan ons",
  "uw bezoek van", "uw bezoek op", "uw bezoek gisteren", "uw consult", "je consult", "tijdens uw consult", "tijdens het consult van",
  "uw verwijzing", "je verwijzing", "uw verwijsbrief", "je verwijsbrief", "verwijzing is verstuurd", "verwijzing is verzonden", "hebben we doorgestuurd",
  "uw afspraak van", "uw afspraak op", "uw afspraak bij", "uw afspraak morgen", "uw afspraak vandaag", "uw afspraak gisteren",
  "je afspraak van", "je afspraak op", "je afspraak bij", "uw volgende afspraak", "uw eerstvolgende afspraak",
  "uw uitslag", "uw uitslagen", "je uitslag", "de uitslag van uw", "de uitslag van je", "uw recept", "je recept", "uw herhaalrecept",
  "uw behandeling", "je behandeling", "uw behandelaar", "uw huisarts hier", "uw eigen huisarts bij ons", "als onze patiënt",
  "als patiënt van ons", "als patiënte van ons", "u bent patiënt", "u bent patiente", "onze patiënt", "onze patiente", "onze patiënte",
  "we hebben u gezien", "wij hebben u gezien", "we zagen u", "de dokter heeft u gezien", "de dokter heeft je gezien",
  "zoals besproken", "zoals we bespraken", "zoals de dokter al zei", "zoals met u besproken", "uw opname", "je opname",
  "uw operatie", "je operatie", "uw medicatie", "je medicatie", "uw medicijnen", "je medicijnen", "uw controle", "je controle",
  "u bij ons op het spreekuur", "op ons spreekuur zag", "bij ons op de seh", "op onze afdeling lag", "bij ons opgenomen",
  "bij ons bekend", "bekend bij ons", "uw inschrijving", "je inschrijving", "volgens ons systeem", "volgens onze gegevens",
  "in onze administratie", "bekend in onze praktijk", "uw vorige bezoek", "uw laatste bezoek", "uw gegevens in ons systeem", "in ons systeem zie ik", "ik zie in het systeem",
  "you are registered with us", "your file", "your records", "your appointment on", "your appointment with", "when you visited us",
  "your results", "your referral", "your prescription", "your treatment", "your surgery", "as our patient",
] as const;

/** Thuisarts.nl topics (slugs are public facts) with the words that point to them. */
export const THUISARTS_TOPICS: readonly { slug: string; label: string; words: readonly string[] }[] = [
  { slug: "griep", label: "griep", words: ["griep", "influenza"] },
  { slug: "bijwerkingen-vaccinaties", label: "vaccinaties", words: ["griepprik", "vaccinatie", "vaccin"] },
  { slug: "corona-hebben", label: "corona", words: ["corona", "covid", "coronatest"] },
  { slug: "verkouden", label: "verkoudheid", words: ["verkouden", "verkoudheid", "snotneus"] },
  { slug: "hoesten", label: "hoesten", words: ["hoest", "hoesten"] },
  { slug: "keelpijn", label: "keelpijn", words: ["keelpijn", "keel"] },
  { slug: "oorpijn", label: "oorpijn", words: ["oorpijn", "oorontsteking"] },
  { slug: "hoofdpijn", label: "hoofdpijn", words: ["hoofdpijn", "migraine"] },
  { slug: "pijn-in-je-onderrug", label: "rugpijn", words: ["rugpijn", "hernia", "rug"] },
  { slug: "knieklachten", label: "knieklachten", words: ["knie", "knieën", "knieoperatie", "meniscus", "kruisband"] },
  { slug: "kunstheup", label: "een nieuwe heup", words: ["heup", "nieuwe heup", "heupoperatie", "artrose"] },
  { slug: "diabetes-type-2", label: "diabetes", words: ["diabetes", "suikerziekte", "suiker", "insuline", "hba1c"] },
  { slug: "hoge-bloeddruk", label: "hoge bloeddruk", words: ["bloeddruk", "hypertensie"] },
  { slug: "astma-bij-volwassenen", label: "astma", words: ["astma", "inhalator", "puffer"] },
  { slug: "copd", label: "COPD", words: ["copd", "benauwd", "longen"] },
  { slug: "depressie", label: "depressie", words: ["depressie", "depressief"] },
  { slug: "somberheid", label: "somberheid", words: ["somber", "somberheid", "neerslachtig"] },
  { slug: "koorts", label: "koorts", words: ["koorts", "verhoging"] },
  { slug: "migraine", label: "migraine", words: ["migraine"] },
  { slug: "kunstknie", label: "een nieuwe knie", words: ["nieuwe knie", "knieprothese"] },
  { slug: "eenzaamheid", label: "eenzaamheid", words: ["eenzaam", "eenzaamheid"] },
  { slug: "contact-met-huisartsenpraktijk", label: "contact met de huisartsenpraktijk", words: ["bereikbaar", "telefoon", "wachttijd", "wachten", "afspraak"] },
  { slug: "angst", label: "angst", words: ["angst", "bang", "paniek", "paniekaanval", "paniekaanvallen", "angstig"] },
  { slug: "slecht-slapen", label: "slecht slapen", words: ["slapen", "slaap", "slapeloosheid", "slaapproblemen"] },
  { slug: "stress", label: "stress en burn-out", words: ["stress", "burn-out", "burnout", "overspannen"] },
  { slug: "hooikoorts", label: "hooikoorts", words: ["hooikoorts", "pollen", "allergie"] },
  { slug: "eczeem", label: "eczeem", words: ["eczeem", "jeuk", "huid"] },
  { slug: "blaasontsteking-bij-vrouwen", label: "blaasontsteking", words: ["blaasontsteking", "plassen"] },
  { slug: "zwanger", label: "zwangerschap", words: ["zwanger", "zwangerschap", "bevalling"] },
  { slug: "operatie", label: "een operatie", words: ["operatie", "geopereerd", "narcose", "ingreep"] },
  { slug: "in-het-ziekenhuis", label: "onderzoek en behandeling in het ziekenhuis", words: ["uitslag", "uitslagen", "onderzoek", "bloedonderzoek", "scan", "mri"] },
  { slug: "pijn-en-pijnstillers", label: "medicijnen tegen pijn", words: ["medicijn", "medicijnen", "medicatie", "recept", "herhaalrecept", "pillen", "tabletten"] },
];
