import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

type FormActionsProps = {
  /** What the submit button says, e.g. "Add Label". */
  submitLabel: ReactNode;
  /** While the form is being sent: the submit button spins and Cancel waits. */
  pending: boolean;
  onCancel: () => void;
};

/** The end of a form: Cancel, then the submit button. */
export function FormActions({ submitLabel, pending, onCancel }: FormActionsProps) {
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" loading={pending}>
        {submitLabel}
      </Button>
    </Group>
  );
}
