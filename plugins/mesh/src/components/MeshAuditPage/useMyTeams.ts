import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';

/**
 * The signed-in user's ownership refs (the user and the groups they belong
 * to), which the "my teams" filter restricts owners to.
 */
export function useMyTeams(): { refs: string[]; loading: boolean } {
  const identityApi = useApi(identityApiRef);
  const { value, loading } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return identity.ownershipEntityRefs;
  }, [identityApi]);
  return { refs: value ?? [], loading };
}
