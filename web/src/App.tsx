/**
 * The app: decides between first-run setup, sign-in and the signed-in shell, and renders the
 * shell (header with organisation and language switch, main navigation, pages).
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError, apiGet, apiSend, type Me, MeContext, rememberCsrfToken } from "./api.ts";
import { type MessageKey, useI18n } from "./i18n/index.tsx";
import { EmptyPage } from "./pages/EmptyPage.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { SettingsPage } from "./pages/SettingsPage.tsx";
import { SetupPage } from "./pages/SetupPage.tsx";
import { Link, useRouter } from "./router.tsx";

const NAV: { href: string; label: MessageKey }[] = [
  { href: "/inbox", label: "nav.inbox" },
  { href: "/publiceren", label: "nav.publishing" },
  { href: "/rapportage", label: "nav.reports" },
  { href: "/training", label: "nav.training" },
  { href: "/instellingen", label: "nav.settings" },
];

type State = { kind: "loading" } | { kind: "setup" } | { kind: "login" } | { kind: "signed-in"; me: Me };

export function App() {
  const { locale, setLocale, t } = useI18n();
  const [state, setState] = useState<State>({ kind: "loading" });

  const signedIn = useCallback(
    (me: Me) => {
      rememberCsrfToken(me.csrfToken);
      setLocale(me.user.locale);
      setState({ kind: "signed-in", me });
    },
    [setLocale],
  );
  const signedOut = useCallback(() => {
    rememberCsrfToken(undefined);
    setState({ kind: "login" });
  }, []);

  useEffect(() => {
    (async () => {
      try {
        signedIn(await apiGet<Me>("/api/me"));
      } catch (error) {
        if (error instanceof ApiError && error.code === "unauthenticated") {
          const { needsSetup } = await apiGet<{ needsSetup: boolean }>("/api/setup");
          setState({ kind: needsSetup ? "setup" : "login" });
        } else {
          setState({ kind: "login" });
        }
      }
    })().catch(() => setState({ kind: "login" }));
  }, [signedIn]);

  const switchLanguage = () => {
    const next = locale === "nl" ? "en" : "nl";
    setLocale(next);
    if (state.kind === "signed-in") {
      apiSend<Me>("PATCH", "/api/me", { locale: next }).then(
        (me) => setState({ kind: "signed-in", me }),
        () => undefined,
      );
    }
  };

  const languageButton = (
    <button type="button" className="link-button" onClick={switchLanguage} lang={locale === "nl" ? "en" : "nl"} aria-label={t("lang.switchLabel")}>
      {t("lang.switch")}
    </button>
  );

  if (state.kind !== "signed-in") {
    return (
      <>
        <a className="skip-link" href="#main">
          {t("app.skip")}
        </a>
        <header className="topbar">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              ✚
            </span>
            <span>{t("app.name")}</span>
          </div>
          <div className="topbar-actions">{languageButton}</div>
        </header>
        {state.kind === "loading" && (
          <main id="main" className="auth-page">
            <p aria-live="polite">{t("app.loading")}</p>
          </main>
        )}
        {state.kind === "setup" && <SetupPage onDone={signedIn} />}
        {state.kind === "login" && <LoginPage onDone={signedIn} />}
      </>
    );
  }
  return (
    <MeContext.Provider value={{ me: state.me, setMe: (me) => (me ? signedIn(me) : signedOut()) }}>
      <Shell me={state.me} languageButton={languageButton} onSignedOut={signedOut} onMe={signedIn} />
    </MeContext.Provider>
  );
}

function Shell({
  me,
  languageButton,
  onSignedOut,
  onMe,
}: {
  me: Me;
  languageButton: React.ReactNode;
  onSignedOut: () => void;
  onMe: (me: Me) => void;
}) {
  const { t } = useI18n();
  const { path, navigate } = useRouter();
  const section = `/${path.split("/")[1] ?? ""}`;
  useEffect(() => {
    if (path === "/" || path === "") {
      navigate("/inbox");
    }
  }, [path, navigate]);

  const logout = async () => {
    await apiSend("POST", "/api/auth/logout").catch(() => undefined);
    onSignedOut();
  };
  const switchTo = async (orgId: string) => {
    onMe(await apiSend<Me>("POST", "/api/me/switch-organisation", { orgId }));
  };

  let page: React.ReactNode;
  switch (section) {
    case "/inbox":
    case "/":
      page = <EmptyPage area="inbox" />;
      break;
    case "/publiceren":
      page = <EmptyPage area="publishing" />;
      break;
    case "/rapportage":
      page = <EmptyPage area="reports" />;
      break;
    case "/training":
      page = <EmptyPage area="training" />;
      break;
    case "/instellingen":
      page = <SettingsPage onSignedOut={onSignedOut} />;
      break;
    default:
      page = (
        <section className="page" aria-labelledby="page-title">
          <h1 id="page-title">{t("notFound.title")}</h1>
          <Link href="/inbox">{t("notFound.back")}</Link>
        </section>
      );
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ✚
          </span>
          <span>{t("app.name")}</span>
        </div>
        <div className="org" aria-label={t("header.organisation")}>
          {me.memberships.length > 1 ? (
            <>
              <label htmlFor="org-switch" className="visually-hidden">
                {t("header.switchOrganisation")}
              </label>
              <select id="org-switch" value={me.organisation.id} onChange={(e) => void switchTo(e.target.value)}>
                {me.memberships.map((m) => (
                  <option key={m.orgId} value={m.orgId}>
                    {m.orgName}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <strong className="org-name" data-testid="org-name">
              {me.organisation.name}
            </strong>
          )}
          {me.organisation.isDemo && <span className="badge">{t("header.demo")}</span>}
        </div>
        <div className="topbar-actions">
          <span className="user">
            {me.user.displayName} <span className="muted">· {t(`role.${me.role}`)}</span>
          </span>
          {languageButton}
          <button type="button" className="link-button" onClick={() => void logout()}>
            {t("header.logout")}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav aria-label={t("nav.label")} className="mainnav">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={section === item.href ? "page" : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {page}
        </main>
      </div>
    </div>
  );
}
