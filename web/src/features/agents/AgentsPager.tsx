import { ActionIcon, Group, Select, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { PAGE_SIZES } from './use-agent-list';

type AgentsPagerProps = {
  pageIndex: number;
  limit: number;
  onLimit: (limit: number) => void;
  shown: number;
  total: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
};

/** Rows per page, "1–25 of N" and the arrows to the neighbouring pages. */
export function AgentsPager({
  pageIndex,
  limit,
  onLimit,
  shown,
  total,
  hasNext,
  onPrevious,
  onNext,
}: AgentsPagerProps) {
  const first = pageIndex * limit + 1;
  const range = shown === 0 ? `0 of ${total}` : `${first}–${first + shown - 1} of ${total}`;
  return (
    <Group justify="flex-end" gap="lg" aria-label="Pagination" role="navigation">
      <Group gap="xs">
        <Text size="sm" c="dimmed" id="rows-per-page">
          Rows per page
        </Text>
        <Select
          aria-labelledby="rows-per-page"
          data={PAGE_SIZES.map(String)}
          value={String(limit)}
          onChange={(value) => value && onLimit(Number(value))}
          allowDeselect={false}
          w={80}
          size="xs"
        />
      </Group>
      <Text size="sm" data-testid="agents-range">
        {range}
      </Text>
      <Group gap={4}>
        <ActionIcon variant="subtle" aria-label="Previous page" disabled={pageIndex === 0} onClick={onPrevious}>
          <IconChevronLeft size={18} aria-hidden />
        </ActionIcon>
        <ActionIcon variant="subtle" aria-label="Next page" disabled={!hasNext} onClick={onNext}>
          <IconChevronRight size={18} aria-hidden />
        </ActionIcon>
      </Group>
    </Group>
  );
}
