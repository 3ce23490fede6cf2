import { type FormEvent, useCallback, useEffect, useState } from "react";
import { apiGet, apiSend, type Me, useMe } from "../../api.ts";
import { SelectField, Status, TextField } from "../../components/forms.tsx";
import { useI18n } from "../../i18n/index.tsx";

interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: Me["role"];
  createdAt: string;
}

const ROLES: Me["role"][] = ["admin", "webcare", "reviewer", "trainee"];

export function MembersSettings() {
  const { t, locale } = useI18n();
  const { me } = useMe();
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<unknown>();
  const [form, setForm] = useState({ displayName: "", email: "", role: "webcare" as Me["role"], password: "" });

  const load = useCallback(() => {
    apiGet<{ members: Member[] }>("/api/organisation/members").then((r) => setMembers(r.members), setError);
  }, []);
  useEffect(load, [load, me.organisation.id]);

  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      load();
    } catch (e) {
      setError(e);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await apiSend("POST", "/api/organisation/members", form);
      setForm({ displayName: "", email: "", role: "webcare", password: "" });
    });
  };

  return (
    <div>
      <p className="intro">{t("members.intro")}</p>
      <Status error={error} />
      <table className="table">
        <caption className="visually-hidden">{t("settings.members")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("members.name")}</th>
            <th scope="col">{t("members.email")}</th>
            <th scope="col">{t("members.role")}</th>
            <th scope="col">{t("members.since")}</th>
            <th scope="col">{t("members.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>{m.displayName}</td>
              <td>{m.email}</td>
              <td>
                <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                  {t("members.changeRole", { name: m.displayName })}
                </label>
                <select
                  id={`role-${m.userId}`}
                  value={m.role}
                  onChange={(e) => void act(() => apiSend("PATCH", `/api/organisation/members/${m.userId}`, { role: e.target.value }))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{new Date(m.createdAt).toLocaleDateString(locale === "nl" ? "nl-NL" : "en-GB")}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(t("members.removeConfirm", { name: m.displayName }))) {
                      void act(() => apiSend("DELETE", `/api/organisation/members/${m.userId}`));
                    }
                  }}
                >
                  {t("common.remove")}
                  <span className="visually-hidden"> {m.displayName}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("members.add")}</h2>
      <form onSubmit={add} className="settings-form">
        <div className="grid-2">
          <TextField label={t("members.name")} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} required />
          <TextField label={t("members.email")} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
          <SelectField label={t("members.role")} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Me["role"] })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t("members.password")}
            type="password"
            minLength={12}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            required
            autoComplete="new-password"
          />
        </div>
        <button type="submit" className="primary">
          {t("common.add")}
        </button>
      </form>
    </div>
  );
}
