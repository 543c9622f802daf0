import { notifications } from '@mantine/notifications';
import type { Settings, SettingsUpdate } from '@telegraf-controller/contract/settings';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useUpdateSettings } from './settings.queries';

type SettingsFormOptions<F extends string> = {
  /** Names the section in the success notification. */
  name: string;
  settings: Settings;
  /** The section's fields as form text. */
  valuesOf: (settings: Settings) => Record<F, string>;
  /** Form text back into the settings it saves. */
  toUpdate: (values: Record<F, string>) => SettingsUpdate;
  check?: (values: Record<F, string>) => FieldErrors<F>;
};

/** One section of the Settings page: its own form, its own Save, its own errors. */
export function useSettingsForm<F extends string>({
  name,
  settings,
  valuesOf,
  toUpdate,
  check,
}: SettingsFormOptions<F>) {
  const update = useUpdateSettings();
  const saved = valuesOf(settings);
  const form = useFormFields<F>(saved);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const dirty = (Object.keys(saved) as F[]).some((field) => saved[field] !== form.values[field]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const errors = check?.(form.values) ?? {};
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    update.mutate(toUpdate(form.values), {
      onSuccess: (next) => {
        form.reset(valuesOf(next));
        notifications.show({ color: 'green', title: `${name} saved`, message: 'The change is in effect.' });
      },
      onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
    });
  };

  return { form, formError, dirty, saving: update.isPending, submit };
}

export type SettingsForm = Pick<ReturnType<typeof useSettingsForm>, 'formError' | 'dirty' | 'saving' | 'submit'>;
