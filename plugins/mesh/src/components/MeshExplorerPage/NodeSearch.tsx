import { useMemo, useState } from 'react';
import type { GraphNode } from '@mesh-portal/plugin-mesh-common';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { nodeLabel, searchNodes } from './graphModel';

/** Props of {@link NodeSearch}. */
export interface NodeSearchProps {
  nodes: GraphNode[];
  focus?: GraphNode;
  onFocus: (node: GraphNode | undefined) => void;
}

/**
 * Finds a service by name and focuses its neighbourhood. Matching is done
 * here rather than by the Autocomplete so that only the best 20 of 500
 * nodes are ever listed.
 */
export const NodeSearch = ({ nodes, focus, onFocus }: NodeSearchProps) => {
  const [input, setInput] = useState('');
  const options = useMemo(() => searchNodes(nodes, input), [nodes, input]);
  return (
    <Autocomplete
      style={{ minWidth: 260 }}
      size="small"
      options={options}
      value={focus ?? null}
      filterOptions={o => o}
      getOptionLabel={node => nodeLabel(node)}
      getOptionSelected={(a, b) => a.id === b.id}
      renderOption={node => (
        <span>
          {nodeLabel(node)}
          {node.cluster ? ` · ${node.cluster}/${node.namespace ?? ''}` : ''}
        </span>
      )}
      inputValue={input}
      onInputChange={(_, value) => setInput(value)}
      onChange={(_, node) => onFocus(node ?? undefined)}
      noOptionsText={input ? 'No matching service' : 'Type a name'}
      renderInput={params => (
        <TextField
          {...params}
          variant="outlined"
          label="Find a service"
          inputProps={{ ...params.inputProps, 'aria-label': 'Find a service' }}
        />
      )}
    />
  );
};
