import { useState } from 'react';

/**
 * Which rows of a table are checked. Only shown rows count as selected: a row that leaves the list (deleted,
 * filtered out, not loaded) drops out of `selected` without being acted on.
 */
export function useSelection<T extends { id: string }>(rows: readonly T[]) {
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const selected = rows.filter((row) => selectedIds.has(row.id));

  const select = (ids: readonly string[], on: boolean) =>
    setSelectedIds((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  return {
    selected,
    isSelected: (id: string) => selectedIds.has(id),
    select,
    clear: () => setSelectedIds(new Set()),
    /** Props for the header checkbox that checks or clears every shown row. */
    allProps: {
      checked: rows.length > 0 && selected.length === rows.length,
      indeterminate: selected.length > 0 && selected.length < rows.length,
      disabled: rows.length === 0,
      onChange: (event: { currentTarget: { checked: boolean } }) =>
        select(
          rows.map((row) => row.id),
          event.currentTarget.checked,
        ),
    },
  };
}
