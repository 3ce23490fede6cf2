/**
 * Instellingen → Kanalen: networks (configured or not), connected channels with status, connect
 * (OAuth redirect, credential forms, one-click sandbox), "Nu ophalen", disconnect, recent messages
 * with triage labels, and a small composer that shows the guard's verdict and findings.
 */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, apiGet, apiSend, useMe } from "../../api.ts";
import { Status, TextArea, TextField } from "../../components/forms.tsx";
import { useI18n } from "../../i18n/index.tsx";
import { type ChannelsStringKey, STRINGS, TRIAGE_LABELS } from "./strings.ts";

type Lang = "nl" | "en";

interface NetworkInfo {
  network: string;
  displayName: string;
  available: boolean;
  configured: boolean;
  missingEnv: string[];
  capabilities: { publish: boolean } | null;
  connect: { type: "oauth" } | { type: "credentials"; fields: { name: string; label: { nl: string; en: string }; secret: boolean; placeholder?: string }[] } | null;
}
interface ChannelInfo {
  id: string;
  network: string;
  name: string;
  handle: string | null;
  status: "active" | "reconnect_needed" | "disabled";
  sandbox: boolean;
  lastPolledAt: string | null;
  lastError: string | null;
}
interface MessageInfo {
  id: string;
  kind: string | null;
  direction: string;
  authorHandle: string | null;
  authorName: string | null;
  text: string;
  visibility: "public" | "private";
  permalink: string | null;
  sentAt: string;
  triage: { intent: string; urgency: string; topics: string[] } | null;
}
interface Finding {
  text: string;
  category: string;
  message: string;
}
interface PublishResult {
  item: { status: string; permalink: string | null };
  guard: { verdict: "ok" | "warn" | "block"; findings: Finding[] };
}

function useStrings() {
  const { locale } = useI18n();
  const lang: Lang = locale === "en" ? "en" : "nl";
  const s = (key: ChannelsStringKey, vars: Record<string, string | number> = {}) => {
    let text: string = STRINGS[lang][key];
    for (const [name, value] of Object.entries(vars)) {
      text = text.replaceAll(`{${name}}`, String(value));
    }
    return text;
  };
  return { s, lang };
}

export function ChannelsSettings() {
  const { s } = useStrings();
  const { me } = useMe();
  const isAdmin = me.role === "admin";
  const canPublish = me.role !== "trainee";
  const [networks, setNetworks] = useState<NetworkInfo[]>([]);
  const [channels, setChannels] = useState<ChannelInfo[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [success, setSuccess] = useState<string>();

  const load = useCallback(() => {
    apiGet<{ networks: NetworkInfo[]; channels: ChannelInfo[] }>("/api/channels").then((r) => {
      setNetworks(r.networks);
      setChannels(r.channels);
    }, setError);
  }, []);
  useEffect(load, [load, me.organisation.id]);

  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const connected = params.get("connected");
    const failed = params.get("error");
    if (connected) {
      setSuccess(s("connectedOk", { network: connected }));
    } else if (failed) {
      setError(new ApiError(400, "channel_connect", failed));
    }
    // Only on arrival (after an OAuth redirect).
  }, []);

  const act = async (action: () => Promise<string | undefined | void>) => {
    setError(undefined);
    setSuccess(undefined);
    try {
      const message = await action();
      if (message) {
        setSuccess(message);
      }
      load();
    } catch (e) {
      setError(e);
      load();
    }
  };

  const selectedChannel = channels.find((c) => c.id === selected);
  const selectedNetwork = networks.find((n) => n.network === selectedChannel?.network);

  return (
    <div className="channels-settings">
      <p className="intro">{s("intro")}</p>
      <Status error={error} success={success} />

      <section aria-labelledby="channels-connected">
        <h2 id="channels-connected">{s("connected")}</h2>
        {channels.length === 0 && <p>{s("none")}</p>}
        <ul className="channel-list" style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.75rem" }}>
          {channels.map((c) => (
            <li key={c.id} className="card" data-channel={c.network} aria-label={c.name}>
              <strong>{c.sandbox ? s("sandboxLabel") : c.name}</strong> {c.handle && <span>{c.handle}</span>}{" "}
              <span className="badge" data-status={c.status}>
                {s(`status_${c.status}`)}
              </span>
              {c.sandbox && <p className="hint">{s("sandboxHint")}</p>}
              {c.status === "reconnect_needed" && (
                <p className="alert alert-error" role="status">
                  {s("reconnectHint")}
                </p>
              )}
              <p className="hint">
                {s("lastPolled")}: {c.lastPolledAt ? new Date(c.lastPolledAt).toLocaleString() : s("never")}
                {c.lastError && (
                  <>
                    {" · "}
                    {s("lastError")}: {c.lastError}
                  </>
                )}
              </p>
              <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
                {canPublish && (
                  <button
                    type="button"
                    onClick={() =>
                      void act(async () => {
                        const r = await apiSend<{ inserted: number; duplicates: number }>("POST", `/api/channels/${c.id}/poll`);
                        setSelected(c.id);
                        return s("polled", { inserted: r.inserted, duplicates: r.duplicates });
                      })
                    }
                  >
                    {s("poll")}
                  </button>
                )}
                <button type="button" onClick={() => setSelected(c.id)} aria-pressed={selected === c.id}>
                  {s("showMessages")}
                </button>
                {isAdmin && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (window.confirm(s("confirmDisconnect", { name: c.name }))) {
                        void act(async () => {
                          await apiSend("DELETE", `/api/channels/${c.id}`);
                          if (selected === c.id) {
                            setSelected(null);
                          }
                        });
                      }
                    }}
                  >
                    {s("disconnect")}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>

      {selectedChannel && (
        <ChannelDetail
          key={selectedChannel.id}
          channel={selectedChannel}
          canPublish={canPublish && (selectedNetwork?.capabilities?.publish ?? false)}
          onError={setError}
        />
      )}

      <section aria-labelledby="channels-networks">
        <h2 id="channels-networks">{s("networks")}</h2>
        {!isAdmin && <p className="hint">{s("adminOnly")}</p>}
        <ul style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.75rem" }}>
          {networks.map((n) => (
            <li key={n.network} className="card" data-network={n.network}>
              <h3 style={{ marginTop: 0 }}>{n.network === "sandbox" ? s("sandboxLabel") : n.displayName}</h3>
              {!n.available ? (
                <p className="hint">{s("notAvailable")}</p>
              ) : !n.configured ? (
                <p className="hint">{s("notConfigured", { env: n.missingEnv.join(", ") })}</p>
              ) : (
                <>
                  {n.capabilities && !n.capabilities.publish && <p className="hint">{s("readOnly")}</p>}
                  {isAdmin && <ConnectForm network={n} onAct={act} />}
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ConnectForm({ network, onAct }: { network: NetworkInfo; onAct: (action: () => Promise<string | undefined | void>) => Promise<void> }) {
  const { s, lang } = useStrings();
  const [values, setValues] = useState<Record<string, string>>({});
  const connect = network.connect;
  if (!connect) {
    return null;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onAct(async () => {
      if (connect.type === "oauth") {
        const { authorizeUrl } = await apiSend<{ authorizeUrl: string }>("POST", `/api/channels/${network.network}/oauth/start`, values);
        window.location.assign(authorizeUrl);
        return;
      }
      await apiSend("POST", `/api/channels/${network.network}/connect`, values);
      setValues({});
      return s("connectedOk", { network: network.displayName });
    });
  };
  const fields =
    connect.type === "credentials"
      ? connect.fields
      : network.network === "mastodon"
        ? [{ name: "instanceUrl", label: { nl: STRINGS.nl.instanceUrl, en: STRINGS.en.instanceUrl }, secret: false, placeholder: "https://mastodon.nl" }]
        : [];
  return (
    <form onSubmit={submit} aria-label={`${s("connect")} ${network.displayName}`}>
      {fields.map((f) => (
        <TextField
          key={f.name}
          label={f.label[lang]}
          name={f.name}
          type={f.secret ? "password" : "text"}
          autoComplete={f.secret ? "new-password" : "off"}
          placeholder={f.placeholder}
          value={values[f.name] ?? ""}
          onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
        />
      ))}
      <button type="submit" className="primary">
        {network.network === "sandbox" ? s("connectSandbox") : `${s("connect")}: ${network.displayName}`}
      </button>
    </form>
  );
}

function ChannelDetail({ channel, canPublish, onError }: { channel: ChannelInfo; canPublish: boolean; onError: (e: unknown) => void }) {
  const { s, lang } = useStrings();
  const [messages, setMessages] = useState<MessageInfo[]>([]);
  const [text, setText] = useState("");
  const [result, setResult] = useState<{ published?: PublishResult; blocked?: { message: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    apiGet<{ messages: MessageInfo[] }>(`/api/channels/${channel.id}/messages`).then((r) => setMessages(r.messages), onError);
  }, [channel.id, channel.lastPolledAt, onError]);
  useEffect(load, [load]);

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const published = await apiSend<PublishResult>("POST", `/api/channels/${channel.id}/posts`, { text });
      setResult({ published });
      setText("");
    } catch (e) {
      if (e instanceof ApiError && e.code === "guard_blocked") {
        setResult({ blocked: e.errors });
      } else {
        onError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="channel-detail" className="card">
      <h2 id="channel-detail">
        {s("messages")} – {channel.sandbox ? s("sandboxLabel") : channel.name}
      </h2>
      {messages.length === 0 ? (
        <p>{s("noMessages")}</p>
      ) : (
        <ul className="message-list" style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.5rem" }}>
          {messages.map((m) => (
            <li key={m.id} data-message-direction={m.direction} style={{ borderBottom: "1px solid var(--line)", paddingBottom: "0.5rem" }}>
              <strong>{m.authorName ?? m.authorHandle ?? "?"}</strong> {m.authorHandle && <span className="hint">{m.authorHandle}</span>}{" "}
              <span className="badge">{m.visibility === "private" ? s("private") : s("public")}</span>{" "}
              {m.triage && (
                <>
                  <span className="badge" data-urgency={m.triage.urgency} title={s("urgency")}>
                    {TRIAGE_LABELS[m.triage.urgency]?.[lang] ?? m.triage.urgency}
                  </span>{" "}
                  <span className="badge" data-intent={m.triage.intent} title={s("intent")}>
                    {TRIAGE_LABELS[m.triage.intent]?.[lang] ?? m.triage.intent}
                  </span>
                </>
              )}
              <p style={{ margin: "0.25rem 0", whiteSpace: "pre-wrap" }}>{m.text}</p>
              <span className="hint">{new Date(m.sentAt).toLocaleString()}</span>
            </li>
          ))}
        </ul>
      )}

      {canPublish && (
        <form onSubmit={(e) => void publish(e)} aria-labelledby="channel-composer">
          <h3 id="channel-composer">{s("composer")}</h3>
          <TextArea label={s("text")} hint={s("composerHint")} value={text} onChange={(e) => setText(e.target.value)} rows={4} required />
          <button type="submit" className="primary" disabled={busy || text.trim() === ""}>
            {s("publish")}
          </button>
          <div aria-live="polite">
            {result?.published && (
              <div className="alert alert-success" data-verdict={result.published.guard.verdict}>
                <p>
                  {s("published")} {s(`verdict_${result.published.guard.verdict}`)}
                  {result.published.item.permalink && /^https?:/.test(result.published.item.permalink) && (
                    <>
                      {" "}
                      <a href={result.published.item.permalink} target="_blank" rel="noreferrer noopener">
                        {s("view")}
                      </a>
                    </>
                  )}
                </p>
                {result.published.guard.findings.length > 0 && (
                  <ul>
                    {result.published.guard.findings.map((f, i) => (
                      <li key={i}>
                        “{f.text}” – {f.message}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {result?.blocked && (
              <div className="alert alert-error" role="alert" data-verdict="block">
                <p>
                  <strong>{s("blocked")}</strong>
                </p>
                <p>{s("findings")}:</p>
                <ul>
                  {result.blocked.map((f, i) => (
                    <li key={i}>{f.message}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
