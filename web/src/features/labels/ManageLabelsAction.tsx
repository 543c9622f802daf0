import { Button } from '@mantine/core';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { IconTags } from '@tabler/icons-react';
import { useState } from 'react';
import type { LabelledResource } from './labels.queries';
import { ManageLabelsModal } from './ManageLabelsModal';

type ManageLabelsActionProps = {
  resource: LabelledResource;
  items: { id: string; name: string; labels: LabelRef[] }[];
};

/** A bulk bar's "Manage Labels" button, with the dialog it opens for the selected items. */
export function ManageLabelsAction({ resource, items }: ManageLabelsActionProps) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconTags size={14} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        Manage Labels
      </Button>
      <ManageLabelsModal resource={resource} items={items} opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}
