/** The `metadata` of a raw API object, when it has one. */
export function metadataOf(item: unknown): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const metadata = (item as { metadata?: unknown }).metadata;
  return metadata && typeof metadata === 'object'
    ? (metadata as Record<string, unknown>)
    : undefined;
}

/** `metadata.namespace` of a raw API object, when it is a string. */
export function namespaceOf(item: unknown): string | undefined {
  const value = metadataOf(item)?.namespace;
  return typeof value === 'string' ? value : undefined;
}

/** `metadata.name` of a raw API object, when it is a string. */
export function nameOf(item: unknown): string | undefined {
  const value = metadataOf(item)?.name;
  return typeof value === 'string' ? value : undefined;
}
