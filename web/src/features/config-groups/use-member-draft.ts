import { useState } from 'react';
import { moveItem } from './member-list';

/**
 * The members being put in order, against the saved list. `names` remembers the names of configurations added
 * here, shown until their own records load. A saved change remounts the owner with the new list.
 */
export function useMemberDraft(saved: readonly string[]) {
  const [ids, setIds] = useState<string[]>([...saved]);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const changed = ids.length !== saved.length || ids.some((id, index) => id !== saved[index]);

  const nameOf = (id: string) => names.get(id) ?? id;
  const move = (from: number, to: number, name: string) => {
    if (from === to || to < 0 || to >= ids.length) return;
    setIds((current) => moveItem(current, from, to));
    setAnnouncement(`${name} moved to position ${to + 1} of ${ids.length}.`);
  };
  const remove = (id: string, name: string) => {
    setIds((current) => current.filter((member) => member !== id));
    setAnnouncement(`${name} removed from the group. Save to keep the change.`);
  };
  const add = (configs: readonly { id: string; name: string }[]) => {
    const fresh = configs.filter(({ id }) => !ids.includes(id));
    setIds((current) => [...current, ...fresh.map(({ id }) => id)]);
    setNames((current) => new Map([...current, ...fresh.map(({ id, name }) => [id, name] as const)]));
    setAnnouncement(`${fresh.length} added at the end. Save to keep the change.`);
  };
  const discard = () => {
    setIds([...saved]);
    setAnnouncement('Changes discarded.');
  };

  return { ids, changed, nameOf, move, remove, add, discard, announcement };
}

export type MemberDraft = ReturnType<typeof useMemberDraft>;
