/**
 * A labelled form control with its hint and error underneath, wired for assistive technology:
 * the label's htmlFor names the control, and the hint and error describe it.
 */

export const inputClass =
  "block w-full rounded border border-neutral-300 bg-white px-2 py-1.5 text-sm text-neutral-900 " +
  "placeholder:text-neutral-400 focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600 " +
  "disabled:bg-neutral-100 disabled:text-neutral-500 aria-invalid:border-red-500";

/** A text input for names, paths and hosts: monospace, never autocompleted or spell-checked. */
export const codeInputProps = {
  type: "text",
  autoComplete: "off",
  spellCheck: false,
  className: `${inputClass} font-mono`,
} as const;

export interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

interface FormFieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: React.ReactNode;
  className?: string;
  children: (control: ControlProps) => React.ReactNode;
}

export function FormField({ id, label, error, hint, className = "", children }: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-neutral-800">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-neutral-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
