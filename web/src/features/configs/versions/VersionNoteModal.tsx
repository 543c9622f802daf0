import { Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ChangeNote, type ConfigVersion } from '@telegraf-controller/contract/configs';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../ui/FormError';
import { schemaNumber } from '../../../ui/schema-bounds';
import { useUpdateVersionNote } from '../configs.queries';
import { FormActions } from '../../../ui/FormActions';

const NOTE_MAX_LENGTH = schemaNumber(ChangeNote, 'maxLength');

type VersionNoteModalProps = {
  configId: string;
  version: ConfigVersion | null;
  opened: boolean;
  onClose: () => void;
};

export function VersionNoteModal({ configId, version, opened, onClose }: VersionNoteModalProps) {
  return (
    <Modal
      opened={opened && version !== null}
      onClose={onClose}
      title={<Text fw={650}>Change note of version {version?.version}</Text>}
      centered
    >
      {version && <NoteForm key={version.version} configId={configId} version={version} onClose={onClose} />}
    </Modal>
  );
}

function NoteForm({ configId, version, onClose }: { configId: string; version: ConfigVersion; onClose: () => void }) {
  const [note, setNote] = useState(version.note ?? '');
  const update = useUpdateVersionNote(configId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate(
      { version: version.version, note: note.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Note saved', message: `Version ${version.version} updated.` });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={update.error} title="The note was not saved" />
        <Textarea
          label="Change note"
          description="Editing a note does not change the TOML or make a new version."
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={NOTE_MAX_LENGTH}
          autosize
          minRows={3}
          data-autofocus
        />
        <FormActions submitLabel="Save note" pending={update.isPending} onCancel={onClose} />
      </Stack>
    </form>
  );
}
