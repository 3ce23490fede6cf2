/** Dutch explanations per rule: what is wrong and what to do instead, in words a doctor's assistant uses. */
import type { GuardCategory } from "./index.ts";

const BY_CATEGORY: Record<GuardCategory, string> = {
  person_name: "Dit lijkt een naam van een patiënt of iemand anders. Noem in een openbaar antwoord nooit een naam: dat maakt zichtbaar wie contact heeft met de praktijk.",
  bsn: "Dit is een burgerservicenummer (BSN). Dat hoort nooit in een openbaar bericht. Haal het weg.",
  date: "Deze datum hoort bij een persoon (geboortedatum of afspraak). Daarmee is iemand te herkennen. Laat de datum weg.",
  age: "Een leeftijd bij een persoon maakt iemand herkenbaar, zeker samen met andere details. Laat de leeftijd weg.",
  phone: "Dit is een telefoonnummer dat niet van de praktijk is. Zet geen persoonlijke telefoonnummers in een openbaar bericht.",
  email: "Dit e-mailadres is niet van de praktijk. Zet geen persoonlijke e-mailadressen in een openbaar bericht.",
  address: "Dit is een adres dat niet van de praktijk is. Een woonadres maakt iemand direct herkenbaar.",
  postcode: "Een postcode (die niet van de praktijk is) maakt iemand herkenbaar. Laat hem weg.",
  patient_id: "Dit is een patiënt- of dossiernummer. Dat hoort nooit in een openbaar bericht.",
  iban: "Dit is een bankrekeningnummer (IBAN). Zet dat nooit in een openbaar bericht.",
  url: "Deze link verwijst naar een persoonlijk profiel. Daarmee koppelt u een persoon aan de praktijk.",
  handle: "U noemt een account (@naam). Zo is voor iedereen zichtbaar wie met de praktijk praat; gebruik dit alleen als het echt nodig is en houd de rest van het antwoord algemeen.",
  location: "Een plaats in combinatie met een persoon kan iemand herkenbaar maken. Laat de plaats weg.",
  institution: "Een instelling, afdeling of kamer in combinatie met een persoon kan iemand herkenbaar maken.",
  care_relationship: "Hiermee bevestigt u dat iemand patiënt is (of was) bij de praktijk. Ook dat valt onder het beroepsgeheim. Houd het antwoord algemeen en nodig uit voor een besloten kanaal.",
  individual_medical: "Hier staat een medisch gegeven van een persoon (klacht, diagnose, uitslag, behandeling). Bespreek dat nooit openbaar, ook niet als de patiënt het zelf noemde.",
  individual_advice: "Dit is persoonlijk medisch advies (dosis of medicatie). Dat geeft u alleen in een persoonlijk contact, niet openbaar.",
  third_party: "Hier gaat het over iemand anders (familie, buren, een andere patiënt). Over derden zegt u openbaar niets.",
  recognisable_combination: "Deze combinatie van details (zoals leeftijd, plaats, tijdstip, kamer of aandoening) maakt iemand herkenbaar, ook zonder naam.",
};

const BY_RULE: Record<string, string> = {
  "individual_medical.echo":
    "U herhaalt een medisch detail uit het bericht van de patiënt. Ook als de patiënt het zelf openbaar schreef, bevestigt de praktijk het dan. Reageer algemeen.",
  "individual_medical.symptom":
    "U noemt een klacht van deze persoon. Houd het openbare antwoord algemeen en bespreek klachten in een besloten kanaal.",
  "bsn.context": "Dit nummer staat bij 'BSN'. Een burgerservicenummer hoort nooit in een openbaar bericht.",
  "institution.room": "Een kamer- of bednummer maakt een patiënt herkenbaar. Laat het weg.",
  "third_party.other_patient": "U verwijst naar een andere patiënt. Over andere patiënten zegt u openbaar niets.",
};

export function explain(category: GuardCategory, rule: string): string {
  return BY_RULE[rule] ?? BY_CATEGORY[category];
}

/** Short Dutch and English labels per category, for the UI and reports. */
export const CATEGORY_LABELS: Record<GuardCategory, { nl: string; en: string }> = {
  person_name: { nl: "Naam", en: "Person name" },
  bsn: { nl: "BSN", en: "Citizen service number" },
  date: { nl: "Persoonlijke datum", en: "Personal date" },
  age: { nl: "Leeftijd", en: "Age" },
  phone: { nl: "Telefoonnummer", en: "Phone number" },
  email: { nl: "E-mailadres", en: "Email address" },
  address: { nl: "Adres", en: "Address" },
  postcode: { nl: "Postcode", en: "Postcode" },
  patient_id: { nl: "Patiëntnummer", en: "Patient number" },
  iban: { nl: "IBAN", en: "IBAN" },
  url: { nl: "Profiellink", en: "Profile link" },
  handle: { nl: "Account", en: "Handle" },
  location: { nl: "Plaats", en: "Place" },
  institution: { nl: "Instelling", en: "Institution" },
  care_relationship: { nl: "Behandelrelatie", en: "Care relationship" },
  individual_medical: { nl: "Medisch gegeven", en: "Medical detail" },
  individual_advice: { nl: "Persoonlijk advies", en: "Personal advice" },
  third_party: { nl: "Derde", en: "Third party" },
  recognisable_combination: { nl: "Herkenbare combinatie", en: "Recognisable combination" },
};
