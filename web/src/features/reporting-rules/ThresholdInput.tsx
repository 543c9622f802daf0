import { Group, Input, NumberInput, Select } from '@mantine/core';
import { THRESHOLD_UNITS } from './threshold';

type Control = {
  value: string;
  error: string | undefined;
  'aria-invalid': boolean | undefined;
  onChange: (value: string | number | null) => void;
};

type ThresholdInputProps = {
  label: string;
  description: string;
  /** `controlProps` of the amount and unit fields of a `useFormFields` form. */
  amount: Control;
  unit: Control;
};

/** A duration as a whole number and a unit (seconds, minutes, hours, days). */
export function ThresholdInput({ label, description, amount, unit }: ThresholdInputProps) {
  return (
    <Input.Wrapper label={label} description={description} error={amount.error} withAsterisk labelElement="div">
      <Group gap="xs" align="flex-start" wrap="nowrap" mt={4}>
        <NumberInput
          aria-label={label}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          w={140}
          value={amount.value}
          aria-invalid={amount['aria-invalid']}
          error={amount.error ? true : undefined}
          onChange={amount.onChange}
        />
        <Select
          aria-label={`${label} unit`}
          data={THRESHOLD_UNITS.map(({ value, label: text }) => ({ value, label: text }))}
          allowDeselect={false}
          w={140}
          value={unit.value}
          onChange={unit.onChange}
        />
      </Group>
    </Input.Wrapper>
  );
}
