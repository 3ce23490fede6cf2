import { type FormEvent, useEffect, useState } from "react";
import { apiGet, apiSend, useMe } from "../../api.ts";
import { SelectField, Status, TextArea, TextField } from "../../components/forms.tsx";
import { useI18n } from "../../i18n/index.tsx";
import { ORGANISATION_KINDS } from "../SetupPage.tsx";

interface Organisation {
  id: string;
  name: string;
  slug: string;
  kind: string;
  isDemo: boolean;
  profile: {
    phones: string[];
    emails: string[];
    websites: string[];
    addresses: string[];
    staff: string[];
    econsultUrl?: string;
    outOfHoursPhone?: string;
  };
}

const LISTS = ["phones", "emails", "websites", "addresses", "staff"] as const;
type Form = { name: string; kind: string; econsultUrl: string; outOfHoursPhone: string } & Record<(typeof LISTS)[number], string>;

function toForm(org: Organisation): Form {
  return {
    name: org.name,
    kind: org.kind,
    econsultUrl: org.profile.econsultUrl ?? "",
    outOfHoursPhone: org.profile.outOfHoursPhone ?? "",
    phones: org.profile.phones.join("\n"),
    emails: org.profile.emails.join("\n"),
    websites: org.profile.websites.join("\n"),
    addresses: org.profile.addresses.join("\n"),
    staff: org.profile.staff.join("\n"),
  };
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

export function OrganisationSettings() {
  const { t } = useI18n();
  const { me, setMe } = useMe();
  const canEdit = me.abilities.editOrganisation;
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    apiGet<Organisation>("/api/organisation").then((org) => setForm(toForm(org)), setError);
  }, [me.organisation.id]);

  if (!form) {
    return <Status error={error} />;
  }
  const set = (name: keyof Form) => (e: { target: { value: string } }) => {
    setSaved(false);
    setForm({ ...form, [name]: e.target.value });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const org = await apiSend<Organisation>("PATCH", "/api/organisation", {
        name: form.name,
        kind: form.kind,
        profile: {
          phones: lines(form.phones),
          emails: lines(form.emails),
          websites: lines(form.websites),
          addresses: lines(form.addresses),
          staff: lines(form.staff),
          ...(form.econsultUrl.trim() ? { econsultUrl: form.econsultUrl.trim() } : {}),
          ...(form.outOfHoursPhone.trim() ? { outOfHoursPhone: form.outOfHoursPhone.trim() } : {}),
        },
      });
      setForm(toForm(org));
      setSaved(true);
      setMe({ ...me, organisation: { ...me.organisation, name: org.name } });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="settings-form">
      <p className="intro">{t("org.intro")}</p>
      {!canEdit && <p className="muted">{t("common.readOnly")}</p>}
      <fieldset disabled={!canEdit}>
        <TextField label={t("org.name")} value={form.name} onChange={set("name")} required maxLength={200} />
        <SelectField label={t("org.kind")} value={form.kind} onChange={set("kind")}>
          {ORGANISATION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kind.${kind}`)}
            </option>
          ))}
        </SelectField>
        <div className="grid-2">
          {LISTS.map((name) => (
            <TextArea key={name} label={t(`org.${name}`)} hint={t("common.onePerLine")} rows={3} value={form[name]} onChange={set(name)} />
          ))}
        </div>
        <div className="grid-2">
          <TextField label={t("org.econsultUrl")} type="url" value={form.econsultUrl} onChange={set("econsultUrl")} placeholder="https://" />
          <TextField label={t("org.outOfHoursPhone")} type="tel" value={form.outOfHoursPhone} onChange={set("outOfHoursPhone")} />
        </div>
        <Status error={error} success={saved ? t("common.saved") : undefined} />
        {canEdit && (
          <button type="submit" className="primary">
            {t("common.save")}
          </button>
        )}
      </fieldset>
    </form>
  );
}
