import { useI18n } from "../../i18n/index.tsx";

/** Instellingen → Kanalen. The network connectors are a later step; until then this says so honestly. */
export function ChannelsSettings() {
  const { t } = useI18n();
  return (
    <div className="empty-state">
      <p>{t("channels.notYet")}</p>
    </div>
  );
}
