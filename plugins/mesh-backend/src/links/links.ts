import type { LinkOut } from '@mesh-portal/plugin-mesh-common';

/**
 * Values a link-out template may use. A template that names a value the
 * workload does not have (e.g. `{{service}}` on a workload without one) is
 * left out rather than rendered with a hole.
 */
export interface LinkContext {
  cluster?: string;
  istioClusterId?: string;
  namespace?: string;
  workload?: string;
  kind?: string;
  service?: string;
  entity?: string;
}

/** Placeholder names a template may use. */
const LINK_PLACEHOLDERS: ReadonlyArray<keyof LinkContext> = [
  'cluster',
  'istioClusterId',
  'namespace',
  'workload',
  'kind',
  'service',
  'entity',
];

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/**
 * Throws when a template names an unknown placeholder or is not an http(s)
 * URL once its placeholders are filled.
 */
export function validateLinkTemplate(template: string): void {
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!LINK_PLACEHOLDERS.includes(match[1] as keyof LinkContext)) {
      throw new Error(
        `unknown placeholder {{${
          match[1]
        }}}; use one of ${LINK_PLACEHOLDERS.map(p => `{{${p}}}`).join(', ')}`,
      );
    }
  }
  const filled = template.replace(PLACEHOLDER, 'x');
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw new Error('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error('must be an http(s) URL');
  }
}

/**
 * Renders link-outs for one workload from URL templates, URL-encoding every
 * value so that names cannot change the URL's structure. Templates whose
 * values are missing are skipped; no templates means no links.
 */
export function renderLinks(
  templates: ReadonlyArray<{
    title: string;
    kind: LinkOut['kind'];
    url: string;
  }>,
  context: LinkContext,
): LinkOut[] {
  const links: LinkOut[] = [];
  for (const template of templates) {
    let missing = false;
    const url = template.url.replace(PLACEHOLDER, (_, name: string) => {
      const value = context[name as keyof LinkContext];
      if (value === undefined || value === '') {
        missing = true;
        return '';
      }
      return encodeURIComponent(value);
    });
    if (!missing) {
      links.push({ title: template.title, kind: template.kind, url });
    }
  }
  return links;
}
