import { Link } from "../router.tsx";
import { type MessageKey, useI18n } from "../i18n/index.tsx";

/** Honest placeholder for capabilities that later issues deliver: what will be here, no fake data. */
export function EmptyPage({ area }: { area: "inbox" | "publishing" | "reports" | "training" }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="page-title" className="page">
      <h1 id="page-title">{t(`empty.${area}.title` as MessageKey)}</h1>
      <div className="empty-state">
        <p>{t(`empty.${area}.body` as MessageKey)}</p>
        <p className="muted">{t("empty.comingLater")}</p>
        {area === "inbox" && (
          <p>
            <Link href="/instellingen/kanalen">{t("empty.inbox.next")}</Link>
          </p>
        )}
      </div>
    </section>
  );
}
