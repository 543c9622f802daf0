import { Group, Select, TextInput } from '@mantine/core';
import type { TokenStatus } from '@telegraf-controller/contract/tokens';
import type { User } from '@telegraf-controller/contract/users';
import { IconSearch } from '@tabler/icons-react';
import { UserSelect } from '../users/UserSelect';

const STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'expired', label: 'Expired' },
];

type TokenFilterBarProps = {
  search: string;
  onSearch: (search: string) => void;
  status: TokenStatus | null;
  onStatus: (status: TokenStatus | null) => void;
  /** Offered to the owner and administrators only: anyone else sees only their own tokens. */
  owner?: { value: User | null; onChange: (user: User | null) => void };
};

export function TokenFilterBar({ search, onSearch, status, onStatus, owner }: TokenFilterBarProps) {
  return (
    <Group gap="sm" align="flex-end">
      <TextInput
        aria-label="Search tokens"
        placeholder="Search descriptions"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => onSearch(event.currentTarget.value)}
        w={260}
      />
      <Select
        aria-label="Status"
        placeholder="All statuses"
        data={STATUS_OPTIONS}
        value={status}
        onChange={(value) => onStatus(value as TokenStatus | null)}
        clearable
        w={170}
      />
      {owner && <UserSelect aria-label="Owner" placeholder="All owners" clearable w={220} {...owner} />}
    </Group>
  );
}
