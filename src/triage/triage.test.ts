import { describe, expect, it } from "vitest";
import { classify, INTENTS } from "./index.ts";
import { detectLanguage } from "./language.ts";
import { normalizeText, tokenize } from "./normalize.ts";

const ORG = { phones: ["030-1234567"], outOfHoursPhone: "0900-4501212" };

const INTENT_CASES: [string, string][] = [
  ["complaint", "Al 45 minuten in de wacht bij de huisarts #schandalig"],
  ["complaint", "De assistente was ronduit onbeschoft tegen mijn moeder."],
  ["question", "Hoe laat begint de griepprik morgen?"],
  ["question", "Kan ik mijn herhaalrecept ook via de app aanvragen?"],
  ["praise", "Super geholpen door de assistente, dankjewel!! ❤️"],
  ["worry", "Morgen mijn operatie en ik ben echt bang"],
  ["experience", "Vandaag mijn nieuwe heup gekregen, eerste stapjes gezet op de gang"],
  ["peer_support", "@lisa sterkte morgen, je bent niet de enige!"],
  ["crisis", "ik zie het niet meer zitten, heb pillen gespaard"],
  ["crisis", "mijn zus wil niet meer leven, ze heeft een afscheidsbrief geschreven"],
  ["emergency", "mijn vader praat ineens raar en zijn mond hangt scheef"],
  ["emergency", "Mijn baby is slap, drinkt niet en heeft hoge koorts"],
  ["other", "Merhaba, randevu almak istiyorum"],
];

describe("triage", () => {
  it("covers every intent", () => {
    expect(new Set(INTENT_CASES.map(([i]) => i))).toEqual(new Set(INTENTS));
  });

  it.each(INTENT_CASES)("%s: %s", (intent, text) => {
    const result = classify(text, { org: ORG });
    expect(result.intent).toBe(intent);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it("makes crisis critical with 113, 0800-0113, 113.nl and 112 in the suggested reply", () => {
    const result = classify("ik ga er een eind aan maken", { org: ORG });
    expect(result).toMatchObject({ intent: "crisis", urgency: "critical", sentiment: "negative" });
    for (const needle of ["113", "0800-0113", "113.nl", "112"]) {
      expect(result.suggestedReply).toContain(needle);
    }
  });

  it("makes emergency critical with 112 and the huisartsenpost number", () => {
    const result = classify("Mijn man heeft pijn op de borst en zweet heel erg", { org: ORG });
    expect(result).toMatchObject({ intent: "emergency", urgency: "critical" });
    expect(result.suggestedReply).toContain("112");
    expect(result.suggestedReply).toContain("0900-4501212");
  });

  it("does not raise false alarms on negations, the past, news and jokes", () => {
    for (const text of [
      "ik ben niet suïcidaal hoor, gewoon moe",
      "vorig jaar had ik pijn op de borst, nu gaat het gelukkig goed",
      "De 113-campagne op tv is echt mooi gemaakt",
      "ik ga dood van het lachen om die poster in de wachtkamer 😂",
    ]) {
      const result = classify(text, { org: ORG });
      expect(["crisis", "emergency"], text).not.toContain(result.intent);
      expect(result.urgency, text).not.toBe("critical");
    }
  });

  it("finds personal data a patient posts about themselves and suggests a private channel", () => {
    const result = classify("Mijn BSN is 111222333 en ik heb diabetes, bel me op 06-12345678", { org: ORG });
    expect(result.pii.map((p) => p.category).sort()).toEqual(["bsn", "individual_medical", "phone"]);
    expect(result.urgency).toBe("high");
    expect(result.suggestedReply).toBeDefined();
  });

  it("does not warn about generic care words in a question (griepprik, recept, uitslag, verwijzing)", () => {
    for (const text of [
      "Moet ik voor de griepprik een afspraak maken?",
      "Mag ik u privé iets vragen over mijn recept?",
      "Is mijn uitslag al binnen? Ik heb vorige week bloed laten prikken",
      "Ik heb een verwijzing nodig voor de fysio, kan dat via het spreekuur?",
      "Kan ik mijn herhaalrecept medicijnen ook ophalen bij de apotheek?",
    ]) {
      const result = classify(text, { org: ORG });
      expect(result.pii, text).toEqual([]);
      expect(result.reasons.some((r) => r.includes("openbaar gedeeld")), text).toBe(false);
      expect(result.suggestedReply, text).toBeUndefined();
      expect(result.urgency, text).toBe("normal");
    }
  });

  it("still flags health information about oneself in public: warning and reply, but not high urgency", () => {
    const cases: [string, string][] = [
      ["Ik heb sinds vorige week de uitslag: ik heb diabetes type 2", "diabetes"],
      ["Mijn rugklachten worden niet beter, wat kan ik doen?", "rugklachten"],
      ["Ik slik nu 50 mg per dag, is dat normaal?", "50 mg"],
      ["Is mijn adhd-medicatie al klaar bij de apotheek?", "adhd-medicatie"],
    ];
    for (const [text, span] of cases) {
      const result = classify(text, { org: ORG });
      expect(result.pii.map((p) => [p.category, p.text]), text).toEqual([["individual_medical", span]]);
      expect(result.reasons.some((r) => r.startsWith("persoonsgegevens openbaar gedeeld (individual_medical)")), text).toBe(true);
      expect(result.suggestedReply, text).toContain("privébericht");
      expect(result.urgency, text).toBe("normal");
    }
    // A compliment is low by itself; a public diagnosis makes it normal (it needs the warning reply).
    const praise = classify("Dankzij jullie is mijn eczeem eindelijk weg, top team!", { org: ORG });
    expect(praise.pii.map((p) => p.category)).toEqual(["individual_medical"]);
    expect(praise.urgency).toBe("normal");
  });

  it("keeps identifiers posted in public at high urgency, including a date of birth", () => {
    for (const [text, category] of [
      ["Hallo, mijn BSN is 111222333, kunt u mijn inschrijving regelen?", "bsn"],
      ["Mijn zoon is geboren op 12-03-2019, kan hij ingeschreven worden?", "date"],
      ["Kunt u mij terugbellen op 06-12345678? Het gaat over mijn afspraak", "phone"],
    ] as const) {
      const result = classify(text, { org: ORG });
      expect(result.pii.map((p) => p.category), text).toEqual([category]);
      expect(result.urgency, text).toBe("high");
      expect(result.reasons.some((r) => r.startsWith(`persoonsgegevens openbaar gedeeld (${category})`)), text).toBe(true);
      expect(result.suggestedReply, text).toContain("openbaar");
    }
  });

  it("short posts that only share an identifier are no emergency (the model alone once said so)", () => {
    for (const text of ["mijn BSN is 111222333", "mijn bsn is", "Mijn bsn: 123456782", "mijn geboortedatum is 01-02-1950", "m'n nummer is 0612345678"]) {
      const result = classify(text, { org: ORG });
      expect(["crisis", "emergency"], text).not.toContain(result.intent);
      expect(result.urgency, text).not.toBe("critical");
    }
  });

  it("reports personal data in a private message without a warning or an urgency bump", () => {
    const text = "Mijn BSN is 111222333 en ik heb diabetes, bel me op 06-12345678";
    const publicResult = classify(text, { org: ORG });
    const privateResult = classify(text, { org: ORG, visibility: "private" });
    expect(privateResult.pii).toEqual(publicResult.pii);
    expect(privateResult.pii.map((p) => p.category).sort()).toEqual(["bsn", "individual_medical", "phone"]);
    expect(privateResult.reasons.some((r) => r.includes("openbaar gedeeld"))).toBe(false);
    expect(privateResult.suggestedReply).toBeUndefined();
    expect(publicResult.urgency).toBe("high");
    expect(privateResult.urgency).toBe(classify(text, { org: ORG, skipPersonalData: true }).urgency);
    expect(classify(text, { org: ORG, visibility: "public" })).toEqual(publicResult);
    // Crisis help stays: privacy never hides a crisis.
    expect(classify("ik zie het niet meer zitten, mijn BSN is 111222333", { visibility: "private" }).intent).toBe("crisis");
  });

  it("handles empty, emoji-only, huge and non-Dutch input", () => {
    expect(classify("")).toMatchObject({ intent: "other", urgency: "low", language: "other" });
    expect(classify("😀😀😀")).toMatchObject({ intent: "other", sentiment: "neutral", urgency: "low" });
    const huge = classify(`${"Wat een lange wachttijd weer. ".repeat(40_000)}`);
    expect(huge.intent).toBe("complaint");
    expect(huge.reasons.some((r) => r.includes("ingekort"))).toBe(true);
    expect(classify("I want to end it all tonight").intent).toBe("crisis");
  });
});

describe("triage safety cues from the issue", () => {
  const CRISIS = [
    "mijn zus wil niet meer leven",
    "ik zie het niet meer zitten",
    "heb vannacht een afscheidsbrief geschreven",
    "ik ga er een eind aan maken",
    "ben weer aan het snijden in mn armen",
    "heb al mn pillen gespaard",
    "ik zie t echt nie meer zitten 😞",
    "I want to kill myself",
  ];
  const EMERGENCY = [
    "mijn moeder heeft ineens een scheve mond",
    "mijn man heeft pijn op de borst",
    "help mijn dochter kan niet ademen",
    "ik kan bijna geen adem meer halen",
    "mijn vader krijgt geen lucht meer",
    "opa is bewusteloos",
    "mijn zoontje heeft bleekmiddel gedronken",
    "hij bloedt heel erg uit zijn been",
    "onze baby is slap, drinkt niet en heeft koorts",
  ];

  it.each(CRISIS)("crisis: %s", (text) => {
    const result = classify(text, { org: ORG });
    expect(result).toMatchObject({ intent: "crisis", urgency: "critical" });
    expect(result.reasons.some((r) => r.startsWith("crisis-signaal"))).toBe(true);
    for (const needle of ["113", "0800-0113", "113.nl", "112"]) {
      expect(result.suggestedReply).toContain(needle);
    }
  });

  it.each(EMERGENCY)("emergency: %s", (text) => {
    const result = classify(text, { org: ORG });
    expect(result).toMatchObject({ intent: "emergency", urgency: "critical" });
    expect(result.reasons.some((r) => r.startsWith("spoed-signaal"))).toBe(true);
    expect(result.suggestedReply).toContain("112");
    expect(result.suggestedReply).toContain("0900-4501212");
  });

  it("suggested replies never echo the patient's words", () => {
    for (const text of [...CRISIS, ...EMERGENCY]) {
      const reply = classify(text, { org: ORG }).suggestedReply ?? "";
      for (const word of ["zus", "pillen", "afscheidsbrief", "borst", "bleekmiddel", "baby", "bewusteloos", "mond", "armen"]) {
        expect(reply.toLowerCase(), text).not.toContain(word);
      }
    }
  });

  it("without a huisartsenpost number the emergency reply says to call the huisartsenpost", () => {
    const reply = classify("mijn man heeft pijn op de borst").suggestedReply ?? "";
    expect(reply).toContain("112");
    expect(reply).toContain("huisartsenpost");
  });

  it("reads suicide idioms as sarcasm: a complaint, flagged for a human, not critical", () => {
    const result = classify("deze wachttijd is om zelfmoord te plegen #huisarts", { org: ORG });
    expect(result.intent).toBe("complaint");
    expect(result.urgency).toBe("high");
    expect(result.reasons.some((r) => r.includes("overdrijving/sarcasme"))).toBe(true);
  });

  it("does not alarm on news about stroke signs", () => {
    const result = classify("Goed artikel: herken de signalen van een beroerte, zoals een scheve mond. Deel dit!", { org: ORG });
    expect(["crisis", "emergency"]).not.toContain(result.intent);
  });

  it("is deterministic", () => {
    const text = "Al 3 weken wachten op mijn uitslag, niemand belt terug 😡 @praktijk";
    expect(classify(text, { org: ORG })).toEqual(classify(text, { org: ORG }));
  });
});

describe("detectLanguage", () => {
  const guess = (text: string) => detectLanguage(text, tokenize(normalizeText(text))).detail;

  it("counts letters per script: mostly non-Latin letters is another script, a few are not", () => {
    expect(guess("Здравствуйте, я хочу записаться к врачу")).toBe("non-latin");
    expect(guess("ok Здравствуйте")).toBe("non-latin");
    expect(guess("hallo, hoe gaat het met jullie? дд")).toBe("nl");
    expect(guess("😀😀 \ud800 !")).toBe("none");
    expect(guess("𝐀𝐁𝐂 de huisarts")).toBe("nl");
  });

  it("notes Turkish letters and ß", () => {
    expect(guess("Merhaba, doktor randevusu için çok bekledim, şikayetçiyim")).toBe("tr");
    expect(guess("Grüße aus Düsseldorf, Straße 5")).toBe("de");
  });
});

describe("topics", () => {
  const topicsOf = (text: string) => classify(text, { org: ORG }).topics;

  it.each([
    ["Al 45 minuten in de wacht bij de huisarts", ["wachttijd", "bereikbaarheid"]],
    ["Mijn herhaalrecept staat nog steeds niet klaar bij de apotheek", ["recept_medicatie"]],
    ["Wanneer kan ik de griepprik halen?", ["vaccinatie"]],
    ["De assistente nam echt de tijd om alles uit te leggen", ["bejegening"]],
    ["The nurse was so kind to me", ["bejegening"]],
    ["Mijn uitslag staat nog niet in het portaal", ["uitslag", "digitale_dienst"]],
  ])("%s → %j", (text, topics) => {
    expect(topicsOf(text)).toEqual(topics);
  });

  it("does not read a child (Dutch 'kind'), a waiting room or a password as treatment or waiting time", () => {
    expect(topicsOf("Mijn kind van 3 heeft al twee dagen koorts")).not.toContain("bejegening");
    expect(topicsOf("Leuke nieuwe poster in de wachtkamer")).not.toContain("wachttijd");
    expect(topicsOf("Ik ben mijn wachtwoord voor de app vergeten")).toEqual(["digitale_dienst"]);
  });

  it("files every crisis message under GGZ, also without a GGZ word, and says why", () => {
    const result = classify("ik wil dood", { org: ORG });
    expect(result.intent).toBe("crisis");
    expect(result.topics).toEqual(["ggz"]);
    expect(result.reasons.some((r) => r.startsWith("onderwerp ggz:"))).toBe(true);
    expect(topicsOf("Mijn operatie is morgen en ik ben bang")).not.toContain("ggz");
  });
});
