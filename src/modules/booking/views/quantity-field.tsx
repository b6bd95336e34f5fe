import { TextField } from '../../../ui/form.js';

/** How many places one booking takes, from 1 to `max`: the customer's form and the owner's. */
export function QuantityField(props: { label: string; hint: string; max: number; value: string | undefined; error: string | undefined }) {
  return (
    <TextField
      name="quantity"
      label={props.label}
      hint={props.hint}
      type="number"
      inputMode="numeric"
      min={1}
      max={props.max}
      value={props.value ?? '1'}
      error={props.error}
      required
      size="short"
    />
  );
}
