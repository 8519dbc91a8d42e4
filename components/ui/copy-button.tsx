"use client";

import { useEffect, useState } from "react";
import { buttonClass } from "@/components/ui/button-styles";

/** Copies `text` to the clipboard; says "Copied" for a moment. `label` is the accessible name. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // Clipboard access needs a secure context (https or localhost).
      setState("failed");
    }
  };

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" aria-label={label} className={`${buttonClass("secondary")} px-2 py-0.5 text-xs`} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className="text-xs text-neutral-500">
        {state === "copied" ? "Copied" : state === "failed" ? "Could not copy: select the text instead." : ""}
      </span>
    </span>
  );
}
