import { describe, expect, it } from "vitest";
import { canOverride, checkText, createGuard, detectPersonalData, evaluateOverride, GUARD_CATEGORIES, type GuardCategory, type GuardOrgProfile } from "./index.ts";

const ORG: GuardOrgProfile = {
  name: "Huisartsenpraktijk De Linde",
  phones: ["030-1234567"],
  emails: ["info@delinde.nl"],
  websites: ["https://www.delinde.nl"],
  addresses: ["Lindelaan 12, 3581 AB Utrecht"],
  staff: ["dokter Jansen", "Dr. P. Bos", "Anna de Vries (praktijkondersteuner)"],
  econsultUrl: "https://www.delinde.nl/e-consult",
  outOfHoursPhone: "0900-4501212",
};
const guard = createGuard(ORG);

function findings(text: string, inReplyTo?: string) {
  return guard.check(text, { inReplyTo }).findings.map((f) => ({ category: f.category, text: f.text, severity: f.severity }));
}

/** One draft per category, with the span that must be found. */
const CATEGORY_CASES: [GuardCategory, string, string, string?][] = [
  ["person_name", "Hoi Marieke, fijn dat het beter gaat.", "Marieke"],
  ["person_name", "Beste meneer van der Berg, we bellen u terug.", "meneer van der Berg"],
  ["person_name", "Dear Mr. Williams, thank you.", "Mr. Williams"],
  ["person_name", "We spraken P.J. Hoekstra gisteren.", "P.J. Hoekstra"],
  ["bsn", "Uw BSN is genoteerd: 111222333.", "111222333"],
  ["date", "U bent geboren op 12-03-1950, klopt dat?", "12-03-1950"],
  ["age", "Mevrouw Bakker (102) is jarig.", "(102)"],
  ["age", "Een vrouw van 87 belde ons.", "vrouw van 87"],
  ["phone", "Bel hem op 06-12345678.", "06-12345678"],
  ["phone", "Zijn nummer is +31 6 23456789.", "+31 6 23456789"],
  ["phone", "Bel 070-3456789.", "070-3456789"],
  ["phone", "Haar bedrijf: 0900-1234567.", "0900-1234567"],
  ["email", "Mail naar marieke@gmail.com.", "marieke@gmail.com"],
  ["address", "Hij woont op de Kerkstraat 23.", "Kerkstraat 23"],
  ["postcode", "Postcode 3512 AB klopt.", "3512 AB"],
  ["patient_id", "Patiëntnummer 4471230 is aangepast.", "4471230"],
  ["iban", "Graag naar NL91 ABNA 0417 1643 00 overmaken.", "NL91 ABNA 0417 1643 00"],
  ["url", "Zie facebook.com/marieke.jansen.3 voor haar bericht.", "facebook.com/marieke.jansen.3"],
  ["handle", "@marieke_87 dank voor uw bericht!", "@marieke_87"],
  ["location", "Een man uit Zeist vroeg naar de openingstijden.", "Zeist"],
  ["institution", "De bewoner van kamer 12 is gevallen.", "kamer 12"],
  ["care_relationship", "U staat bij ons ingeschreven.", "staat bij ons ingeschreven"],
  ["care_relationship", "In uw dossier staat iets anders.", "In uw dossier"],
  ["care_relationship", "Toen u bij ons was, voelde u zich beter.", "Toen u bij ons was"],
  ["care_relationship", "Uw verwijzing is verstuurd.", "Uw verwijzing"],
  ["individual_medical", "Uw cholesterol is te hoog.", "cholesterol"],
  ["individual_medical", "Bij u is een blaasontsteking vastgesteld.", "blaasontsteking"],
  ["individual_medical", "Wat vervelend dat uw MRI-uitslag nog niet binnen is.", "MRI-uitslag", "Mijn MRI uitslag is er nog steeds niet"],
  ["individual_advice", "Neemt u maar 2x per dag 500 mg paracetamol.", "2x per dag"],
  ["individual_advice", "Stop met uw bloedverdunners tot de ingreep.", "Stop met uw bloedverdunners"],
  ["third_party", "Uw buurman heeft ook griep.", "Uw buurman"],
  ["third_party", "Uw moeder was ook bij ons.", "Uw moeder"],
  ["recognisable_combination", "Een vrouw van 87 uit Houten met ALS is opgenomen.", "Een vrouw van 87 uit Houten met ALS is opgenomen"],
  // Found on the second held-out part.
  ["bsn", "Uw BSN is 234.567.891? Dat klopt niet.", "234.567.891"],
  ["person_name", "De tweeling van de familie Bos is gezond geboren.", "familie Bos"],
  ["care_relationship", "U bent bij ons bekend met astma.", "bij ons bekend"],
  ["individual_medical", "U bent bij ons bekend met astma.", "astma"],
  ["care_relationship", "Toen u in oktober bij ons was, mat de dokter uw bloeddruk.", "Toen u in oktober bij ons was"],
  ["age", "De oudste bewoner van De Zonnehoek, 101 jaar, is overleden.", "101 jaar"],
  ["recognisable_combination", "De oudste bewoner van De Zonnehoek, 101 jaar, is overleden.", "De oudste bewoner van De Zonnehoek, 101 jaar"],
  // Found on the third held-out part.
  ["person_name", "Beste heer Bouwman, uw dossier is bijgewerkt.", "heer Bouwman"],
  ["person_name", "Wat naar dat je zus ook corona heeft, Lisa.", "Lisa"],
  ["third_party", "Fijn dat uw moeder goed is opgevangen op de SEH.", "uw moeder"],
  ["institution", "Uw moeder ligt in het Diakonessenhuis.", "Diakonessenhuis"],
  ["individual_advice", "U mag de metformine voorlopig halveren tot we u weer zien.", "U mag de metformine voorlopig halveren"],
  ["individual_advice", "Je kunt de antibiotica gewoon afmaken.", "Je kunt de antibiotica gewoon afmaken"],
  ["individual_medical", "Wat rot dat de zwangerschapsdiabetes terug is.", "zwangerschapsdiabetes", "Ik heb weer zwangerschapsdiabetes, help"],
  ["care_relationship", "Postcode 3512 JK klopt niet bij uw inschrijving.", "uw inschrijving"],
  ["recognisable_combination", "Een jongen van 15 uit De Meern met een zeldzame spierziekte.", "Een jongen van 15 uit De Meern met een zeldzame spierziekte"],
  // Found on the fourth held-out part.
  ["third_party", "Uw kleindochter mag weer naar de opvang.", "Uw kleindochter"],
  ["individual_medical", "Uw kleindochter mag na de waterpokken weer naar school.", "waterpokken"],
  ["individual_advice", "Neem voor de nacht één tablet extra oxazepam, mevrouw.", "één tablet extra"],
  ["date", "Uw echo van 2 september laat geen afwijkingen zien.", "2 september"],
  ["date", "Mevrouw is geboren in 1938.", "1938"],
  ["individual_medical", "Wat naar dat u zo'n keelpijn heeft.", "keelpijn"],
];

describe("guard: every category", () => {
  it("covers all categories of the contract", () => {
    expect(new Set(CATEGORY_CASES.map(([c]) => c))).toEqual(new Set(GUARD_CATEGORIES));
  });

  it.each(CATEGORY_CASES)("%s in %j", (category, text, span, inReplyTo) => {
    const found = findings(text, inReplyTo);
    expect(found).toContainEqual(expect.objectContaining({ category, text: span }));
    const result = guard.check(text, { inReplyTo });
    for (const f of result.findings) {
      expect(text.slice(f.start, f.end)).toBe(f.text);
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.rule).toMatch(new RegExp(`^${f.category}\\.`));
    }
  });

  it("blocks identifying data and disclosure, warns on weaker signals", () => {
    expect(guard.check("Hoi Marieke, fijn dat het beter gaat.").verdict).toBe("block");
    expect(guard.check("@jdevries bedankt voor het compliment!").verdict).toBe("warn");
    expect(guard.check("Wat vervelend dat u pijn heeft. Belt u ons even?").verdict).toBe("warn");
  });
});

describe("guard: what is NOT a finding", () => {
  it.each([
    ["the organisation's name, phone, e-mail, website, address", "Huisartsenpraktijk De Linde, Lindelaan 12, 3581 AB Utrecht. Bel 030 - 123 45 67, mail info@delinde.nl of kijk op www.delinde.nl."],
    ["the phone in international form", "Bel ons op +31 30 123 4567."],
    ["the out-of-hours number", "Buiten kantoortijd belt u de huisartsenpost: 0900-4501212."],
    ["staff names, also with another title", "Dokter Jansen en Anna de Vries zijn er vandaag. Dr. Bos is met vakantie, dokter Bos is er maandag weer."],
    ["announcements with dates and times", "Op zaterdag 11 oktober is onze griepprikdag van 9:00 tot 13:00 uur."],
    ["opening hours", "Wij zijn bereikbaar van 8.00 tot 17.00 uur."],
    ["public-health facts and statistics", "Een op de vijf Nederlanders heeft hooikoorts. Mensen van 60 jaar en ouder krijgen een griepprik."],
    ["crisis numbers", "Denkt u aan zelfdoding? Bel 113 of 0800-0113, of chat op 113.nl. Bij direct gevaar: bel 112."],
    ["thuisarts.nl links", "Lees meer op https://www.thuisarts.nl/diabetes-type-2 en thuisarts.nl/griep."],
    ["public figures", "Minister Agema en koning Willem-Alexander bezochten het ziekenhuis."],
    ["general questions and invitations", "Heeft u vragen over uw recept? Bel ons dan. Wilt u uw afspraak verzetten? Dat kan via de app."],
    ["general advice", "Als u koorts heeft, neem dan paracetamol volgens de bijsluiter."],
    ["sentence-initial words and months", "Mei is een mooie maand. Ben je 18? Dan kun je je laten vaccineren."],
    ["a staff surname after a title", "Dokter Bos is er vandaag niet."],
    ["an anniversary of the practice", "Onze praktijk bestaat dit jaar, 25 jaar, wat een feest."],
    ["a general question about a condition", "Bent u bekend met astma? Lees dan onze tips."],
    ["general advice in the imperative", "Wereld Diabetesdag is op 14 november. Laat uw bloedsuiker eens controleren bij de praktijkondersteuner."],
    ["the word 'als' (not the disease ALS)", "Hij is al actief als klager, als vriend en als vraagbaak."],
    ["a title word at the end of a sentence", "Dat weet elke patiënt. Logisch toch?"],
    ["a named hospital without a patient", "Het Antonius Ziekenhuis en onze praktijk werken samen aan kortere wachttijden."],
  ])("%s", (_label, text) => {
    expect(guard.check(text)).toEqual({ verdict: "ok", findings: [] });
  });
});

describe("guard: suggestion", () => {
  it("offers a rewrite for a block that uses the private channels and passes the guard itself", () => {
    const inbound = "Mijn knieoperatie is alweer uitgesteld, ik ben er klaar mee!";
    const result = guard.check("Beste mevrouw Jansen-Pietersen, wat vervelend dat uw knieoperatie is uitgesteld.", { inReplyTo: inbound });
    expect(result.verdict).toBe("block");
    expect(result.suggestion).toContain("030-1234567");
    expect(result.suggestion).toContain("https://www.delinde.nl/e-consult");
    expect(result.suggestion).toContain("https://www.thuisarts.nl/knieklachten");
    expect(result.suggestion).not.toMatch(/Pietersen|knieoperatie/);
    expect(guard.check(result.suggestion ?? "", { inReplyTo: inbound }).verdict).toBe("ok");
  });

  it("has no suggestion when nothing is blocked", () => {
    expect(guard.check("Fijne feestdagen!").suggestion).toBeUndefined();
  });
});

describe("guard: bad and awkward input", () => {
  it("handles empty text", () => {
    expect(checkText({ text: "", org: ORG })).toEqual({ verdict: "ok", findings: [] });
  });

  it("handles a 1 MB text and still reports findings", () => {
    const chunk = "Op maandag zijn we gesloten. Bel 030-1234567 voor spoed. ";
    const text = `${chunk.repeat(Math.ceil(1_000_000 / chunk.length))}Hoi Marieke, bel 06-12345678.`;
    const result = guard.check(text);
    expect(result.verdict).toBe("block");
    expect(result.findings.map((f) => f.text)).toEqual(["Marieke", "06-12345678"]);
  });

  it("handles lone surrogates, emoji and HTML/markdown", () => {
    const text = "\ud800 <p>Beste <b>mevrouw Peters</b> 😊, **uw uitslag** is binnen.</p>";
    const result = guard.check(text);
    expect(result.findings.map((f) => f.category)).toEqual(["person_name", "care_relationship"]);
    expect(JSON.parse(JSON.stringify(result)).findings[0].text).toBe("mevrouw Peters");
  });

  it("applies the profile's allow-list also when each call passes a fresh profile object", () => {
    for (let i = 0; i < 3; i++) {
      expect(checkText({ text: "Bel ons op 030 - 123 45 67.", org: { ...ORG, phones: [...ORG.phones] } }).verdict).toBe("ok");
    }
    expect(checkText({ text: "Bel ons op 030 - 123 45 67.", org: { ...ORG, phones: ["020-7654321"] } }).verdict).toBe("block");
  });

  it("is deterministic", () => {
    const text = "Hoi Sanne, je uitslag van 12 maart is binnen. Bel 06-12345678.";
    expect(guard.check(text)).toEqual(guard.check(text));
  });
});

describe("personal data in inbound messages", () => {
  it("finds a patient's own BSN, phone and diagnosis", () => {
    const spans = detectPersonalData("Ik heb diabetes en mijn BSN is 111222333, bel me op 06-12345678");
    expect(spans.map((s) => s.category).sort()).toEqual(["bsn", "individual_medical", "phone"]);
    expect(spans.find((s) => s.category === "phone")?.text).toBe("06-12345678");
  });
});

describe("override", () => {
  it("lets only reviewers and admins override a block, with a reason", () => {
    expect(canOverride("reviewer")).toBe(true);
    expect(canOverride("webcare")).toBe(false);
    expect(evaluateOverride({ verdict: "block", role: "webcare", reason: "Patiënt gaf toestemming" }).allowed).toBe(false);
    expect(evaluateOverride({ verdict: "block", role: "reviewer", reason: "kort" }).allowed).toBe(false);
    expect(evaluateOverride({ verdict: "block", role: "reviewer", reason: "De patiënt gaf schriftelijk toestemming" }).allowed).toBe(true);
    expect(evaluateOverride({ verdict: "warn", role: "trainee" }).allowed).toBe(true);
  });
});
