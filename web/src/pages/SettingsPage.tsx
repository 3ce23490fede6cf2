import { useMe } from "../api.ts";
import { ChannelsSettings } from "../features/channels/ChannelsSettings.tsx";
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import { Link, useRouter } from "../router.tsx";
import { AuditSettings } from "./settings/AuditSettings.tsx";
import { MembersSettings } from "./settings/MembersSettings.tsx";
import { OrganisationSettings } from "./settings/OrganisationSettings.tsx";
import { SecuritySettings } from "./settings/SecuritySettings.tsx";

type Section = "organisatie" | "gebruikers" | "beveiliging" | "audit" | "kanalen";

const SECTIONS: { slug: Section; label: MessageKey; visible: (a: ReturnType<typeof useMe>["me"]["abilities"]) => boolean }[] = [
  { slug: "organisatie", label: "settings.organisation", visible: () => true },
  { slug: "gebruikers", label: "settings.members", visible: (a) => a.manageMembers },
  { slug: "kanalen", label: "settings.channels", visible: () => true },
  { slug: "beveiliging", label: "settings.security", visible: () => true },
  { slug: "audit", label: "settings.audit", visible: (a) => a.viewAudit },
];

export function SettingsPage({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useI18n();
  const { me } = useMe();
  const { path } = useRouter();
  const visible = SECTIONS.filter((s) => s.visible(me.abilities));
  const requested = path.split("/")[2] ?? "organisatie";
  const current = visible.find((s) => s.slug === requested) ?? visible[0];
  if (!current) {
    return null;
  }
  return (
    <section aria-labelledby="page-title" className="page">
      <h1 id="page-title">
        {t("settings.title")} <span className="muted">· {t(current.label)}</span>
      </h1>
      <div className="settings-layout">
        <nav aria-label={t("settings.sections")} className="subnav">
          <ul>
            {visible.map((s) => (
              <li key={s.slug}>
                <Link href={`/instellingen/${s.slug}`} aria-current={s === current ? "page" : undefined}>
                  {t(s.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body">
          {current.slug === "organisatie" && <OrganisationSettings />}
          {current.slug === "gebruikers" && <MembersSettings />}
          {current.slug === "beveiliging" && <SecuritySettings onSignedOut={onSignedOut} />}
          {current.slug === "audit" && <AuditSettings />}
          {current.slug === "kanalen" && <ChannelsSettings />}
        </div>
      </div>
    </section>
  );
}
