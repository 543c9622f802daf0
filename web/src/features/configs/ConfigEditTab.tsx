import { Button, Group, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ChangeNote, type Config, type ConfigUpdate } from '@telegraf-controller/contract/configs';
import { IconDeviceFloppy } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { FormError } from '../../ui/FormError';
import { schemaNumber } from '../../ui/schema-bounds';
import { ConfigWorkspace } from './ConfigWorkspace';
import { useUpdateConfig } from './configs.queries';
import { UnsavedChangesGuard } from '../../ui/UnsavedChangesGuard';
import { useConfigDraft } from './use-config-draft';

const NOTE_MAX_LENGTH = schemaNumber(ChangeNote, 'maxLength');

/** What a save changed for agents: a live save is served at once; a held one (ADR 27) waits. */
function savedMessage(saved: Config, before: number): string {
  if (saved.version === before) return 'Name and description updated; the TOML and its version are unchanged.';
  if (saved.pinnedVersion !== null) {
    return `Version ${saved.version} is saved but not served: every agent is pinned to version ${saved.pinnedVersion}.`;
  }
  if (saved.publishedVersion !== saved.version) {
    return `Version ${saved.version} is saved but not served: agents keep version ${saved.publishedVersion} until it is published or rolled out.`;
  }
  return `Version ${saved.version} is now current; watching agents reload it at their next check.`;
}

type ConfigEditTabProps = { config: Config; canWrite: boolean };

/** The configuration's fields and TOML; saving changed TOML makes a new version, with an optional change note. */
export function ConfigEditTab({ config, canWrite }: ConfigEditTabProps) {
  const draft = useConfigDraft(
    { name: config.name, description: config.description ?? '', toml: config.toml },
    config.id,
  );
  const update = useUpdateConfig(config.id);
  const { form } = draft;

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    draft.clearSaveError();
    const name = form.values.name.trim();
    const description = form.values.description.trim();
    if (!name) {
      form.setErrors({ name: 'Enter a name.' });
      return;
    }
    const body: ConfigUpdate = {};
    if (name !== config.name) body.name = name;
    if (description !== (config.description ?? '')) body.description = description || null;
    if (draft.tomlChanged) {
      body.toml = draft.toml;
      if (form.values.note.trim()) body.note = form.values.note.trim();
    }
    // A save remounts this tab with the saved values, so the outcome is read from the promise, which settles
    // whether or not the tab is still mounted (per-call mutate callbacks would be dropped).
    update.mutateAsync(body).then(
      (saved) =>
        notifications.show({
          color: 'green',
          title: 'Configuration saved',
          message: savedMessage(saved, config.version),
        }),
      draft.showSaveError,
    );
  };

  return (
    <form onSubmit={save} noValidate>
      <UnsavedChangesGuard when={draft.dirty} noun="configuration" />
      <ConfigWorkspace
        draft={draft}
        readOnly={!canWrite}
        header={<FormError error={draft.saveError} title="The configuration was not saved" />}
        footer={
          canWrite ? (
            <Group align="flex-end" gap="sm" wrap="nowrap">
              <TextInput
                label="Change note"
                description={draft.tomlChanged ? 'Optional; kept with the new version.' : 'For TOML changes only.'}
                placeholder="What changed, and why?"
                maxLength={NOTE_MAX_LENGTH}
                disabled={!draft.tomlChanged}
                style={{ flex: 1 }}
                {...form.inputProps('note')}
              />
              <Button
                type="submit"
                leftSection={<IconDeviceFloppy size={18} aria-hidden />}
                disabled={!draft.dirty}
                loading={update.isPending}
              >
                Save
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Your role can read this configuration but not change it.
            </Text>
          )
        }
      />
    </form>
  );
}
