import { type FormEvent, useState } from "react";
import { apiSend, type Me, useMe } from "../../api.ts";
import { Status, TextField } from "../../components/forms.tsx";
import { useI18n } from "../../i18n/index.tsx";

export function SecuritySettings({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useI18n();
  const { me, setMe } = useMe();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState(me.user.displayName);
  const [error, setError] = useState<unknown>();
  const [success, setSuccess] = useState<string>();

  const run = async (action: () => Promise<void>) => {
    setError(undefined);
    setSuccess(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    }
  };
  const refreshMe = async () => setMe(await apiSend<Me>("PATCH", "/api/me", {}));

  const enable = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await apiSend("POST", "/api/me/totp/enable", { code });
      setEnrolment(null);
      setCode("");
      await refreshMe();
      setSuccess(t("security.totpEnabled"));
    });
  };
  const disable = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await apiSend("POST", "/api/me/totp/disable", { password });
      setPassword("");
      await refreshMe();
      setSuccess(t("security.totpDisabled"));
    });
  };
  const saveName = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setMe(await apiSend<Me>("PATCH", "/api/me", { displayName }));
      setSuccess(t("common.saved"));
    });
  };

  return (
    <div className="stack">
      <Status error={error} success={success} />
      <section aria-labelledby="profile-title" className="card">
        <h2 id="profile-title">{t("security.profileTitle")}</h2>
        <form onSubmit={saveName} className="inline-form">
          <TextField label={t("security.displayName")} value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
          <button type="submit">{t("common.save")}</button>
        </form>
      </section>
      <section aria-labelledby="totp-title" className="card">
        <h2 id="totp-title">{t("security.totpTitle")}</h2>
        {me.user.totpEnabled ? (
          <>
            <p>{t("security.totpOn")}</p>
            <form onSubmit={disable} className="inline-form">
              <TextField
                label={t("security.totpDisablePassword")}
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
                autoComplete="current-password"
              />
              <button type="submit" className="danger">
                {t("security.totpDisable")}
              </button>
            </form>
          </>
        ) : enrolment ? (
          <>
            <p>{t("security.totpScan")}</p>
            <p>
              {t("security.totpSecret")}: <code className="secret">{enrolment.secret}</code>
            </p>
            <p>
              <a href={enrolment.otpauthUrl}>{enrolment.otpauthUrl}</a>
            </p>
            <form onSubmit={enable} className="inline-form">
              <TextField
                label={t("security.totpCode")}
                inputMode="numeric"
                pattern="[0-9]{6}"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                required
                autoComplete="one-time-code"
              />
              <button type="submit" className="primary">
                {t("security.totpEnable")}
              </button>
            </form>
          </>
        ) : (
          <>
            <p>{t("security.totpOff")}</p>
            <button
              type="button"
              className="primary"
              onClick={() => void run(async () => setEnrolment(await apiSend("POST", "/api/me/totp/setup")))}
            >
              {t("security.totpStart")}
            </button>
          </>
        )}
      </section>
      <section aria-labelledby="sessions-title" className="card">
        <h2 id="sessions-title">{t("security.sessionsTitle")}</h2>
        <p>{t("security.sessionsBody")}</p>
        <button
          type="button"
          className="danger"
          onClick={() =>
            void run(async () => {
              await apiSend("POST", "/api/auth/logout-all");
              onSignedOut();
            })
          }
        >
          {t("security.logoutAll")}
        </button>
      </section>
    </div>
  );
}
