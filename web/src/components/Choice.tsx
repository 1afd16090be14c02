interface SelectProps<V extends string> {
  label: string;
  value: V;
  /** value → the text shown. */
  options: Readonly<Record<V, string>>;
  onChange: (value: V) => void;
}

/** A select over a record of options, typed by its values; `label` is its accessible name. */
export function Select<V extends string>({ label, value, options, onChange }: SelectProps<V>) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as V)}>
      {(Object.keys(options) as V[]).map((k) => (
        <option key={k} value={k}>
          {options[k]}
        </option>
      ))}
    </select>
  );
}

/** A Select with its visible label. */
export function Choice<V extends string>(props: SelectProps<V>) {
  return (
    <label>
      {props.label}
      <Select {...props} />
    </label>
  );
}
