"use client";

import { ApiError } from "@/components/ui/api";
import { restoreFormSchema, type RestoreFormInput } from "@/components/restores/restore-form-schema";
import type { PlanState } from "@/components/restores/restore-plan-panel";
import { useRestorePlan } from "@/components/restores/restore-queries";
import { restoreRefusal } from "@/components/restores/restore-refusal";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";

const DEBOUNCE_MS = 400;

/**
 * The server's dry run for the form's current values, asked ~400 ms after typing stops. `key` is
 * the request body as JSON ("" while the values are not a valid request): it names the question
 * the answer belongs to. Field errors (a directory outside the roots, a port in use) come back in
 * `fieldErrors` by body path; a target outside every window in `refusal`.
 */
export function useLivePlan(clusterId: string, values: RestoreFormInput) {
  // The dry run does not check an in-place restore's typed name: typing it must not re-plan.
  const parsed = restoreFormSchema.safeParse({ ...values, destination: { ...values.destination, confirm: "" } });
  const key = parsed.success ? JSON.stringify(parsed.data) : "";
  const settled = useDebouncedValue(key, DEBOUNCE_MS);
  const query = useRestorePlan(clusterId, settled || null);
  const current = settled === key;

  const refusal = current ? restoreRefusal(query.error) : null;
  const fieldErrors = current && query.error instanceof ApiError && !refusal ? query.error.fields : {};

  let state: PlanState;
  if (!parsed.success) state = { state: "incomplete", message: parsed.error.issues[0]?.message ?? "Complete the form to see the plan." };
  else if (refusal) state = { state: "refused", refusal };
  else if (current && query.isError) state = { state: "error", error: query.error };
  else if (query.data) state = { state: "plan", plan: query.data, updating: !current || query.isFetching || query.isPlaceholderData };
  else state = { state: "loading" };

  return { key, state, refusal, fieldErrors, plan: query.data ?? null };
}
