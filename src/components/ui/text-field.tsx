"use client";

import { Field, Input, type InputProps } from "@chakra-ui/react";

export function TextField({
  label,
  helper,
  error,
  ...props
}: InputProps & { label: string; helper?: string; error?: string | null }) {
  return (
    <Field.Root invalid={Boolean(error)} required={props.required}>
      <Field.Label>
        {label}
        {props.required ? <Field.RequiredIndicator /> : null}
      </Field.Label>
      <Input {...props} />
      {helper && !error ? <Field.HelperText>{helper}</Field.HelperText> : null}
      {error ? <Field.ErrorText>{error}</Field.ErrorText> : null}
    </Field.Root>
  );
}
