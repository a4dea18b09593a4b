/** Partner Center's collection envelope: {totalCount, items, links:{self, next}, attributes}. */
export function collection<T>(items: T[], totalCount: number, selfUri: string, nextUri?: string) {
  return {
    totalCount,
    items,
    links: {
      self: { uri: selfUri, method: 'GET', headers: [] },
      ...(nextUri ? { next: { uri: nextUri, method: 'GET', headers: [] } } : {}),
    },
    attributes: { objectType: 'Collection' },
  };
}

/** The relative URI of the next page, keeping the other query parameters. */
export function pageUri(path: string, query: Record<string, unknown>, offset: number, size: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== '' && k !== 'offset' && k !== 'size') params.set(k, String(v));
  }
  params.set('size', String(size));
  params.set('offset', String(offset));
  return `${path}?${params.toString()}`;
}
