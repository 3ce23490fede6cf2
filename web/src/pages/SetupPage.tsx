import { type FormEvent, useState } from "react";
import { apiSend, type Me } from "../api.ts";
import { SelectField, Status, TextField } from "../components/forms.tsx";
import { useI18n } from "../i18n/index.tsx";

export const ORGANISATION_KINDS = ["huisartsenpraktijk", "ziekenhuis", "fysiotherapie", "ggz", "apotheek", "anders"] as const;

export function SetupPage({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ orgName: "", kind: "huisartsenpraktijk", displayName: "", email: "", password: "", confirm: "" });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const passwordError = form.password && form.password.length < 12 ? t("setup.passwordShort") : undefined;
  const confirmError = form.confirm && form.confirm !== form.password ? t("setup.passwordMismatch") : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passwordError || confirmError || form.password !== form.confirm) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const me = await apiSend<Me>("POST", "/api/setup", {
        organisation: { name: form.orgName, kind: form.kind },
        admin: { email: form.email, displayName: form.displayName, password: form.password },
      });
      onDone(me);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="auth-page">
      <div className="auth-card wide">
        <h1>{t("setup.title")}</h1>
        <p>{t("setup.intro")}</p>
        <form onSubmit={(e) => void submit(e)} noValidate={false}>
          <fieldset>
            <legend>{t("setup.organisation")}</legend>
            <TextField label={t("setup.orgName")} value={form.orgName} onChange={set("orgName")} required maxLength={200} autoComplete="organization" />
            <SelectField label={t("setup.orgKind")} value={form.kind} onChange={set("kind")}>
              {ORGANISATION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </SelectField>
          </fieldset>
          <fieldset>
            <legend>{t("setup.admin")}</legend>
            <TextField label={t("setup.displayName")} value={form.displayName} onChange={set("displayName")} required autoComplete="name" />
            <TextField label={t("setup.email")} type="email" value={form.email} onChange={set("email")} required autoComplete="email" />
            <TextField
              label={t("setup.password")}
              type="password"
              value={form.password}
              onChange={set("password")}
              required
              minLength={12}
              autoComplete="new-password"
              error={passwordError}
            />
            <TextField
              label={t("setup.passwordConfirm")}
              type="password"
              value={form.confirm}
              onChange={set("confirm")}
              required
              autoComplete="new-password"
              error={confirmError}
            />
          </fieldset>
          <Status error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t("setup.submit")}
          </button>
        </form>
      </div>
    </main>
  );
}
