import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate } from 'react-router-dom';
import { renderInTestApp } from '@backstage/test-utils';
import { useUrlState } from './useUrlState';

type State = { color: string };
const parse = (params: URLSearchParams): State => ({
  color: params.get('color') ?? 'red',
});
const serialize = (state: State) => {
  const params = new URLSearchParams();
  if (state.color !== 'red') params.set('color', state.color);
  return params;
};

function Harness() {
  const [state, setState] = useUrlState(parse, serialize);
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <div data-testid="state">{state.color}</div>
      <div data-testid="search">{location.search}</div>
      <div data-testid="key">{location.key}</div>
      <button onClick={() => setState({ color: 'blue' })}>blue</button>
      <button onClick={() => setState({ color: 'green' })}>green</button>
      <button onClick={() => navigate(-1)}>back</button>
    </>
  );
}

describe('useUrlState', () => {
  it('pushes one history entry per change, so Back restores the previous value', async () => {
    await renderInTestApp(<Harness />, { routeEntries: ['/start', '/page'] });
    await userEvent.click(screen.getByRole('button', { name: 'blue' }));
    await userEvent.click(screen.getByRole('button', { name: 'green' }));
    expect(screen.getByTestId('search')).toHaveTextContent('?color=green');
    await userEvent.click(screen.getByRole('button', { name: 'back' }));
    await waitFor(() =>
      expect(screen.getByTestId('state')).toHaveTextContent('blue'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'back' }));
    await waitFor(() =>
      expect(screen.getByTestId('state')).toHaveTextContent('red'),
    );
    expect(screen.getByTestId('search')).toBeEmptyDOMElement();
  });

  it('adds no entry for a change that leaves the URL as it is', async () => {
    await renderInTestApp(<Harness />, { routeEntries: ['/page?color=blue'] });
    const key = screen.getByTestId('key').textContent;
    await userEvent.click(screen.getByRole('button', { name: 'blue' }));
    expect(screen.getByTestId('key')).toHaveTextContent(key!);
  });
});
