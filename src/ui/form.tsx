import type { ComponentChildren } from 'preact';

/**
 * Accessible form parts: every input has a visible label, its error is tied to it with
 * aria-describedby, and an error summary at the top links to each field (GOV.UK pattern).
 */
export type Errors = Record<string, string>;

export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function ErrorSummary({ errors, title }: { errors: Errors; title: string }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2>{title}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${fieldId(field)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  /** The element's id when two forms of one page share a field name (default f-<name>). */
  id?: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  optionalText?: string;
}

const idOf = (props: { name: string; id?: string | undefined }) => props.id ?? fieldId(props.name);

function Label({ name, id, label, required, optionalText }: FieldProps) {
  return (
    <label for={idOf({ name, id })}>
      {label}
      {!required && optionalText ? <span class="optional"> ({optionalText})</span> : null}
    </label>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function HintAndError({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField(
  props: FieldProps & { value?: string | undefined; type?: string; autocomplete?: string; inputMode?: string; maxLength?: number; size?: 'short' | 'full'; min?: number | string; max?: number | string },
) {
  const { name, hint, error, required, value, type = 'text', autocomplete, inputMode, maxLength, min, max } = props;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <Label {...props} />
      <HintAndError id={idOf(props)} hint={hint} error={error} />
      <input
        id={idOf(props)}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(idOf(props), hint, error)}
        autocomplete={autocomplete}
        inputMode={inputMode as never}
        maxLength={maxLength}
        min={min}
        max={max}
        class={props.size === 'short' ? 'input--short' : undefined}
      />
    </div>
  );
}

export function TextArea(props: FieldProps & { value?: string | undefined; rows?: number }) {
  const { name, hint, error, required, value, rows = 4 } = props;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <Label {...props} />
      <HintAndError id={idOf(props)} hint={hint} error={error} />
      <textarea
        id={idOf(props)}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(idOf(props), hint, error)}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
}

export function SelectField(
  props: FieldProps & { value?: string | undefined; options: { value: string; label: string }[]; placeholder?: string; autocomplete?: string },
) {
  const { name, hint, error, required, value, options, placeholder, autocomplete } = props;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <Label {...props} />
      <HintAndError id={idOf(props)} hint={hint} error={error} />
      <select
        id={idOf(props)}
        name={name}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(idOf(props), hint, error)}
        autocomplete={autocomplete}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox(props: { name: string; label: ComponentChildren; checked?: boolean; error?: string | undefined; required?: boolean; value?: string }) {
  const { name, label, checked, error, required, value = 'on' } = props;
  return (
    <div class={`field field--checkbox${error ? ' field--error' : ''}`}>
      {error ? (
        <p class="field-error" id={`${fieldId(name)}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={fieldId(name)}
        type="checkbox"
        name={name}
        value={value}
        checked={checked}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${fieldId(name)}-error` : undefined}
      />
      <label for={fieldId(name)}>{label}</label>
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`notice notice--${kind}`} role={kind === 'success' ? 'status' : undefined}>
      {children}
    </div>
  );
}
