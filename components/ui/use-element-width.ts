"use client";

import { useCallback, useState, type RefCallback } from "react";

/**
 * The rendered width of an element, kept current with a ResizeObserver. Attach `ref` to it.
 * `initial` is used on the server and until the first measurement.
 */
export function useElementWidth<T extends HTMLElement>(initial: number): [RefCallback<T>, number] {
  const [width, setWidth] = useState(initial);
  const ref = useCallback<RefCallback<T>>((el) => {
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && w > 0) setWidth(Math.round(w));
    });
    observer.observe(el);
    // React 19: a ref callback's return value is its cleanup.
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
