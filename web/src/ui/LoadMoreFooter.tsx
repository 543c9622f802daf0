import { Button, Group, Text } from '@mantine/core';

type LoadMoreFooterProps = {
  shown: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
};

/** Under a server-paginated table: how many rows of how many are shown, and the button that fetches the next page. */
export function LoadMoreFooter({ shown, total, hasMore, loading, onLoadMore }: LoadMoreFooterProps) {
  if (shown === 0) return null;
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed">
        Showing {shown} of {total}
      </Text>
      {hasMore && (
        <Button variant="default" onClick={onLoadMore} loading={loading}>
          Load more
        </Button>
      )}
    </Group>
  );
}
