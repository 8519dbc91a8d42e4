"use client";

import { useEffect, useState } from "react";

/** `value`, once it has stopped changing for `ms`. Compare primitives (e.g. a JSON string). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
