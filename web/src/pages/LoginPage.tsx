import { type FormEvent, useState } from "react";
import { ApiError, apiSend, type Me } from "../api.ts";
import { Status, TextField } from "../components/forms.tsx";
import { useI18n } from "../i18n/index.tsx";

export function LoginPage({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onDone(await apiSend<Me>("POST", "/api/auth/login", { email, password, ...(needTotp ? { totp } : {}) }));
    } catch (e) {
      if (e instanceof ApiError && e.code === "totp_required") {
        setNeedTotp(true);
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <h1>{t("login.title")}</h1>
        <form onSubmit={(e) => void submit(e)}>
          <TextField label={t("login.email")} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="username" />
          <TextField
            label={t("login.password")}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
          />
          {needTotp && (
            <TextField
              label={t("login.totp")}
              hint={t("login.totpHint")}
              inputMode="numeric"
              pattern="[0-9]{6}"
              maxLength={6}
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              autoComplete="one-time-code"
              required
              autoFocus
            />
          )}
          <Status error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t("login.submit")}
          </button>
        </form>
      </div>
    </main>
  );
}
