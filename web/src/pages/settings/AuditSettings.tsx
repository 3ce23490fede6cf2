import { useEffect, useState } from "react";
import { apiGet } from "../../api.ts";
import { Status } from "../../components/forms.tsx";
import { useI18n } from "../../i18n/index.tsx";

interface AuditEvent {
  id: number;
  action: string;
  actorLabel: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export function AuditSettings() {
  const { t, locale } = useI18n();
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();

  const load = (before?: number) => {
    apiGet<{ events: AuditEvent[]; nextBefore: number | null }>(`/api/audit?limit=50${before ? `&before=${before}` : ""}`).then(
      (page) => {
        setEvents((prev) => (before ? [...prev, ...page.events] : page.events));
        setNextBefore(page.nextBefore);
      },
      setError,
    );
  };
  useEffect(() => load(), []);

  return (
    <div>
      <p className="intro">{t("audit.intro")}</p>
      <Status error={error} />
      <table className="table">
        <caption className="visually-hidden">{t("settings.audit")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("audit.who")}</th>
            <th scope="col">{t("audit.what")}</th>
            <th scope="col">{t("audit.details")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.createdAt).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB")}</td>
              <td>{e.actorLabel}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td className="details">{Object.keys(e.data).length > 0 ? JSON.stringify(e.data) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length === 0 && <p className="muted">{t("common.none")}</p>}
      {nextBefore !== null && (
        <button type="button" onClick={() => load(nextBefore)}>
          {t("common.more")}
        </button>
      )}
    </div>
  );
}
