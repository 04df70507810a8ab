import { ChangeEvent } from 'react';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  select: { minWidth: 160, maxWidth: 260 },
});

/** Props of {@link MultiSelect}. */
export interface MultiSelectProps {
  id: string;
  label: string;
  value: string[];
  options: string[];
  render?: (value: string) => string;
  disabled?: boolean;
  onChange: (value: string[]) => void;
}

/** A compact multiple-choice select whose chosen values stay listed. */
export const MultiSelect = ({
  id,
  label,
  value,
  options,
  render = v => v,
  disabled,
  onChange,
}: MultiSelectProps) => {
  const classes = useStyles();
  // Keep chosen values visible even when the current data lacks them.
  const all = Array.from(new Set([...options, ...value])).sort();
  return (
    <FormControl
      className={classes.select}
      size="small"
      variant="outlined"
      disabled={disabled}
    >
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        multiple
        label={label}
        value={value}
        renderValue={selected => (selected as string[]).map(render).join(', ')}
        onChange={(event: ChangeEvent<{ value: unknown }>) =>
          onChange(event.target.value as string[])
        }
      >
        {all.map(option => (
          <MenuItem key={option} value={option}>
            {render(option)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};
