/** Form building blocks with labels, hints and errors wired up for screen readers. */
import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";
import { ApiError } from "../api.ts";
import { type MessageKey, type Translate, useI18n } from "../i18n/index.tsx";
import { nl } from "../i18n/nl.ts";

interface FieldProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Extras({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

export function TextField({ label, hint, error, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextArea({ label, hint, error, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-describedby={describedBy(id, hint, error)} {...select}>
        {children}
      </select>
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

/** A translated message for an error from the API. */
export function errorMessage(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    const base = key in nl ? t(key as MessageKey) : undefined;
    if (error.code === "validation" && error.errors.length > 0) {
      return `${base ?? ""} ${error.errors.map((e) => `${e.path ? `${e.path}: ` : ""}${e.message}`).join("; ")}`.trim();
    }
    return base ?? error.message;
  }
  return t("error.generic");
}

/** Status line announced to screen readers (success or error). */
export function Status({ error, success }: { error?: unknown; success?: string | undefined }) {
  const { t } = useI18n();
  return (
    <div aria-live="polite" className="status-region">
      {error ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(t, error)}
        </p>
      ) : success ? (
        <p className="alert alert-success">{success}</p>
      ) : null}
    </div>
  );
}
