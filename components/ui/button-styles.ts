/** Class names for buttons, shared by <button> and by links that look like buttons. */
export type ButtonVariant = "primary" | "secondary" | "danger";

const BASE =
  "inline-flex items-center justify-center gap-1.5 rounded px-3 py-1.5 text-sm font-medium whitespace-nowrap " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 " +
  "disabled:cursor-not-allowed disabled:opacity-50";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-neutral-900 text-white hover:bg-neutral-700 disabled:hover:bg-neutral-900",
  secondary: "border border-neutral-300 bg-white text-neutral-800 hover:bg-neutral-50 disabled:hover:bg-white",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50 disabled:hover:bg-white",
};

export function buttonClass(variant: ButtonVariant = "secondary"): string {
  return `${BASE} ${VARIANTS[variant]}`;
}

/** The solid red button for the final step of a destructive action. */
export const dangerSolidClass = `${BASE} bg-red-700 text-white hover:bg-red-600 disabled:hover:bg-red-700`;
