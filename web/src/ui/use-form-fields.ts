import { useState, type ChangeEvent } from 'react';
import type { ApiError } from '../api';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * Values and per-field messages for a plain form of text inputs. Messages come from client-side checks
 * (`setErrors`) or from the server (`showServerErrors`); editing a field clears its message.
 */
export function useFormFields<F extends string>(initial: Record<F, string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});

  const inputProps = (field: F) => ({
    value: values[field],
    error: errors[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [field]: value }));
      setErrors((current) => {
        if (!(field in current)) return current;
        const next = { ...current };
        delete next[field];
        return next;
      });
    },
  });

  /** Puts the server's field messages next to this form's inputs; false when none of them belongs here. */
  const showServerErrors = (error: ApiError): boolean => {
    const server = error.fieldErrors();
    const fields = (Object.keys(initial) as F[]).filter((field) => server[field] !== undefined);
    setErrors(Object.fromEntries(fields.map((field) => [field, server[field]])) as FieldErrors<F>);
    return fields.length > 0;
  };

  return { values, errors, setErrors, inputProps, showServerErrors };
}
