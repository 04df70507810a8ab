import { metadataOf } from '../rawMetadata';
import { type StatusRule, stripForEngine } from '../stripForEngine';

/**
 * The form a watched object is cached in: what the engine reads
 * ({@link stripForEngine}) plus its `resourceVersion`, which the cache needs
 * to tell an update from a replay. Keeps the caches of a 10,000-pod cluster
 * small. An object without a string `metadata.name` cannot be cached by
 * name: undefined.
 *
 * Items of a built-in kind's list carry no `kind` and `apiVersion`, but the
 * same objects in watch events do: `builtIn` drops them, so an object reads
 * the same however it arrived (and the snapshot's hash does not change).
 */
export function slimObject(
  object: unknown,
  rule: StatusRule,
  builtIn: boolean,
): object | undefined {
  const metadata = metadataOf(object);
  if (typeof metadata?.name !== 'string') return undefined;
  const slim = stripForEngine(object, rule) as Record<string, unknown>;
  if (builtIn) {
    delete slim.kind;
    delete slim.apiVersion;
  }
  return {
    ...slim,
    metadata: {
      ...(slim.metadata as object),
      resourceVersion: metadata.resourceVersion,
    },
  };
}
