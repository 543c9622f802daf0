import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ConfigPicker, type PickedConfig } from './ConfigPicker';

type AddMembersModalProps = {
  opened: boolean;
  onClose: () => void;
  /** The members already in the draft: not offered. */
  present: ReadonlySet<string>;
  onAdd: (configs: PickedConfig[]) => void;
};

/** Picks configurations to append to the group's draft; nothing is saved until the group is. */
export function AddMembersModal({ opened, onClose, present, onAdd }: AddMembersModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>Add Configs</Text>} size="lg" centered>
      {opened && <AddMembersForm present={present} onAdd={onAdd} onDone={onClose} />}
    </Modal>
  );
}

function AddMembersForm({
  present,
  onAdd,
  onDone,
}: Omit<AddMembersModalProps, 'opened' | 'onClose'> & { onDone: () => void }) {
  const [picked, setPicked] = useState<PickedConfig[]>([]);
  return (
    <Stack gap="md">
      <ConfigPicker
        label="Configurations"
        description="Added at the end, in the order picked. Configurations already in the group are not offered."
        value={picked}
        onChange={setPicked}
        exclude={present}
        autoFocus
      />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          disabled={picked.length === 0}
          onClick={() => {
            onAdd(picked);
            onDone();
          }}
        >
          Add {picked.length > 0 ? picked.length : ''} to group
        </Button>
      </Group>
    </Stack>
  );
}
