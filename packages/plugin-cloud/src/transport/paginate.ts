/** One page of a paged API: its items and the cursor of the next page, if any. */
export interface Page<T, C> {
  /** Items of this page. */
  items: readonly T[];
  /** Cursor of the next page (`NextToken`, a `links.pages.next` URL); absent on the last page. */
  next?: C | undefined;
}

/**
 * Walks a paged API: calls `fetchPage` with `undefined`, then with each `next` cursor, yielding
 * items as pages arrive. Stops when a page has no cursor, or repeats one (a server bug that
 * would otherwise loop forever), or after `maxPages`.
 *
 * @param fetchPage - fetches the page at a cursor (`undefined` for the first)
 * @param maxPages - safety bound @defaultValue 10 000
 * @returns the items, in order
 * @throws Error when a cursor repeats or `maxPages` is reached
 * @example
 * ```ts
 * for await (const droplet of paginate((next) => listDroplets(next ?? '/v2/droplets?per_page=200'))) …
 * ```
 */
export async function* paginate<T, C>(fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>, maxPages = 10_000): AsyncGenerator<T> {
  const seen = new Set<C>();
  let cursor: C | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(cursor);
    yield* page.items;
    if (page.next === undefined || page.next === null || page.next === '') return;
    if (seen.has(page.next)) throw new Error(`paging cursor ${String(page.next).slice(0, 80)} repeated; the API is looping`);
    if (pages >= maxPages) throw new Error(`more than ${maxPages} pages`);
    seen.add(page.next);
    cursor = page.next;
  }
}
