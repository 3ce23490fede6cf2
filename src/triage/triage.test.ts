import { describe, expect, it } from "vitest";
import { classify, INTENTS } from "./index.ts";

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

  it("handles empty, emoji-only, huge and non-Dutch input", () => {
    expect(classify("")).toMatchObject({ intent: "other", urgency: "low", language: "other" });
    expect(classify("😀😀😀")).toMatchObject({ intent: "other", sentiment: "neutral", urgency: "low" });
    const huge = classify(`${"Wat een lange wachttijd weer. ".repeat(40_000)}`);
    expect(huge.intent).toBe("complaint");
    expect(huge.reasons.some((r) => r.includes("ingekort"))).toBe(true);
    expect(classify("I want to end it all tonight").intent).toBe("crisis");
  });
});
