import type { LabelRef } from '@telegraf-controller/contract/labels';
import { LabelMultiSelect } from './LabelMultiSelect';

type LabelFilterProps = { value: LabelRef[]; onChange: (labels: LabelRef[]) => void; w?: number | string };

/** Narrows a list to the items that carry every chosen label; each active label is a chip with a ✕. */
export function LabelFilter({ value, onChange, w = 320 }: LabelFilterProps) {
  return (
    <LabelMultiSelect
      value={value}
      onChange={onChange}
      ariaLabel="Filter by label"
      placeholder="Filter by label"
      w={w}
    />
  );
}
