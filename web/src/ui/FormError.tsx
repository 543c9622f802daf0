import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';

type FormErrorProps = {
  error: ApiError | null;
  title?: string;
  /** Extra guidance under the server's detail, e.g. a link to the page that resolves the problem. */
  children?: ReactNode;
};

/** The form-level half of an ApiError; field messages go next to their inputs via `error.fieldErrors()`. */
export function FormError({ error, title = 'Something went wrong', children }: FormErrorProps) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertCircle aria-hidden />} role="alert">
      {error.detail}
      {children}
    </Alert>
  );
}
