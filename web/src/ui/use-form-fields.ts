import { useState, type ChangeEvent } from 'react';
import type { ApiError } from '../api';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * Values and per-field messages for a plain form whose values are strings (numbers and selects included, as their
 * text). Messages come from client-side checks (`setErrors`) or from the server (`showServerErrors`); editing a
 * field clears its message.
 */
export function useFormFields<F extends string>(initial: Record<F, string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});

  const setValue = (field: F, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      if (!(field in current)) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  };

  // Mantine marks an input in error only with data-invalid; aria-invalid tells assistive technology too.
  const invalid = (field: F) => (errors[field] ? true : undefined);

  /** Props for a TextInput, PasswordInput or Textarea. */
  const inputProps = (field: F) => ({
    value: values[field],
    error: errors[field],
    'aria-invalid': invalid(field),
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setValue(field, event.currentTarget.value),
  });

  /** Props for a Select, NumberInput or Radio.Group: their change handlers hand over the value itself. */
  const controlProps = (field: F) => ({
    value: values[field],
    error: errors[field],
    'aria-invalid': invalid(field),
    onChange: (value: string | number | null) => setValue(field, value === null ? '' : String(value)),
  });

  /** Starts over from new values, e.g. the ones the server answered after a save. */
  const reset = (next: Record<F, string>) => {
    setValues(next);
    setErrors({});
  };

  /** Puts the server's field messages next to this form's inputs; false when none of them belongs here. */
  const showServerErrors = (error: ApiError): boolean => {
    const server = error.fieldErrors();
    const fields = (Object.keys(initial) as F[]).filter((field) => server[field] !== undefined);
    setErrors(Object.fromEntries(fields.map((field) => [field, server[field]])) as FieldErrors<F>);
    return fields.length > 0;
  };

  return { values, errors, setErrors, setValue, inputProps, controlProps, reset, showServerErrors };
}
