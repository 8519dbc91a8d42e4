"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { policyInput, type PolicyFormValues, type PolicyInput } from "@/lib/domain/policy-input";
import type { PolicyView } from "@/lib/policies/policy-view";
import { useSavePolicy } from "@/components/policies/policy-queries";
import { POLICY_FORM_FIELDS, policyFormDefaults } from "@/components/policies/policy-form-schema";
import { placeFormErrors } from "@/components/ui/server-errors";

/**
 * The policy form's state: values validated as they change, saving (a new policy then opens its
 * own page), whether the last save went through, and the server's refusal placed under its fields
 * or in `formError`.
 */
export function usePolicyForm(policy: PolicyView | null) {
  const router = useRouter();
  const save = useSavePolicy(policy?.id ?? null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<PolicyFormValues, unknown, PolicyInput>({
    resolver: zodResolver(policyInput),
    defaultValues: policyFormDefaults(policy),
    mode: "onChange",
  });
  const values = useWatch({ control });

  const submit = handleSubmit(async (input) => {
    setFormError(null);
    setSaved(false);
    try {
      const result = await save.mutateAsync(input);
      setSaved(true);
      if (!policy) router.push(`/policies/${encodeURIComponent(result.id)}`);
    } catch (err) {
      setFormError(placeFormErrors(err, POLICY_FORM_FIELDS, setError));
    }
  });

  return { register, errors, values, submit, formError, saved, isSubmitting };
}
