import { Button, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { ConfigGroup } from '@telegraf-controller/contract/configs';
import { IconDeviceFloppy, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '../../ui/FormError';
import { UnsavedChangesGuard } from '../../ui/UnsavedChangesGuard';
import { AddMembersModal } from './AddMembersModal';
import { useMemberConfigs, useUpdateConfigGroup } from './config-groups.queries';
import { MemberCard } from './MemberCard';
import { membersInWords } from './member-list';
import { useMemberDraft } from './use-member-draft';

type GroupMembersCardProps = { group: ConfigGroup; canWrite: boolean };

/**
 * The members in merge order. Moves, removals and additions stay a draft until saved; the owner remounts this card
 * when the saved list changes.
 */
export function GroupMembersCard({ group, canWrite }: GroupMembersCardProps) {
  const draft = useMemberDraft(group.configIds);
  const members = useMemberConfigs(draft.ids);
  const update = useUpdateConfigGroup(group.id);
  const [adding, add] = useDisclosure(false);
  const [dragIndex, setDragIndex] = useState<number | null>(null);
  const [overIndex, setOverIndex] = useState<number | null>(null);

  const nameAt = (index: number) => members[index]?.data?.name ?? draft.nameOf(draft.ids[index] ?? '');

  const save = () =>
    update.mutateAsync({ configIds: draft.ids }).then(
      (saved) =>
        notifications.show({
          color: 'green',
          title: 'Members saved',
          message: `${saved.name} now merges ${membersInWords(saved.configIds.length)}; watching agents reload it at their next check.`,
        }),
      () => undefined,
    );

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="group-members-heading">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={2} fz="h4" id="group-members-heading">
            Configurations
          </Title>
          <Text size="xs" c="dimmed">
            Merged top to bottom: a later member&apos;s tables follow an earlier one&apos;s.
            {canWrite && ' Drag by the handle or use the arrows to change the order.'}
          </Text>
        </div>
        {canWrite && (
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={add.open}>
            Add Configs
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        <FormError error={update.error} title="The members were not saved" />
        {draft.ids.length === 0 ? (
          <Text size="sm" c="dimmed" py="md" ta="center">
            No configurations yet.{canWrite && ' Add some to build the merged TOML.'}
          </Text>
        ) : (
          <Stack
            component="ol"
            gap="xs"
            m={0}
            p={0}
            aria-label="Members in merge order"
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOverIndex(null);
            }}
          >
            {draft.ids.map((id, index) => {
              const member = members[index];
              const name = nameAt(index);
              return (
                <MemberCard
                  key={id}
                  id={id}
                  position={index + 1}
                  name={name}
                  config={member?.data}
                  error={member?.error ?? null}
                  dragging={dragIndex === index}
                  dropTarget={dragIndex !== null && overIndex === index && dragIndex !== index}
                  moves={
                    canWrite
                      ? {
                          up: index > 0 ? () => draft.move(index, index - 1, name) : undefined,
                          down: index < draft.ids.length - 1 ? () => draft.move(index, index + 1, name) : undefined,
                          remove: () => draft.remove(id, name),
                          dragStart: () => setDragIndex(index),
                          dragEnd: () => {
                            setDragIndex(null);
                            setOverIndex(null);
                          },
                          dragOver: () => setOverIndex(index),
                          drop: () => {
                            if (dragIndex !== null) draft.move(dragIndex, index, nameAt(dragIndex));
                            setDragIndex(null);
                            setOverIndex(null);
                          },
                        }
                      : undefined
                  }
                />
              );
            })}
          </Stack>
        )}
        <VisuallyHidden aria-live="polite">{draft.announcement}</VisuallyHidden>
        <UnsavedChangesGuard when={draft.changed} noun="config group's members" />
        {canWrite && (
          <Group justify="space-between" gap="sm" pt="xs">
            <Text size="sm" c={draft.changed ? undefined : 'dimmed'} fw={draft.changed ? 500 : undefined}>
              {draft.changed
                ? 'Unsaved changes to the members. The preview shows the saved order until they are saved.'
                : membersInWords(draft.ids.length)}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={draft.discard} disabled={!draft.changed || update.isPending}>
                Discard
              </Button>
              <Button
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                onClick={() => void save()}
                disabled={!draft.changed}
                loading={update.isPending}
              >
                Save
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
      {canWrite && (
        <AddMembersModal opened={adding} onClose={add.close} present={new Set(draft.ids)} onAdd={draft.add} />
      )}
    </Card>
  );
}
