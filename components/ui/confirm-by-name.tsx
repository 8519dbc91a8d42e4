import { inputClass } from "@/components/ui/form-field";

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & { ref?: React.Ref<HTMLInputElement> };

interface ConfirmByNameProps extends InputProps {
  id: string;
  /** What is being destroyed or overwritten: "cluster", "backup". */
  what: string;
  /** The name to type. */
  targetName: string;
  /** The server's refusal, when it had one. */
  error?: string;
}

/**
 * The field of every destructive action's confirmation (remove a cluster, restore in place, delete
 * a backup): the user types the target's name. The server checks it again (lib/domain/confirm-name.ts);
 * this only keeps the button disabled until it matches. Controlled (value/onChange) or registered
 * with react-hook-form: the rest of the props go to the input.
 */
export function ConfirmByName({ id, what, targetName, error, ...input }: ConfirmByNameProps) {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-neutral-800">
        Type the {what}&apos;s name, <span className="break-all font-mono font-semibold">{targetName}</span>, to confirm
      </label>
      <input
        {...input}
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={Boolean(error)}
        aria-describedby={errorId}
        placeholder={targetName}
        className={`${inputClass} font-mono`}
      />
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
