/** Options of {@link formatTable}. */
export interface TableOptions {
  /** Maximum line width: the last column is cut to fit (a terminal's `columns`). */
  width?: number | undefined;
  /** Wraps a cell's text in colour codes (applied after padding, so columns stay aligned). */
  paint?: (text: string, column: number, row: readonly string[]) => string;
}

/**
 * Lays rows out as a plain-text table with a header, columns padded to their widest cell and
 * separated by two spaces; the last column is not padded.
 *
 * @param header - column titles
 * @param rows - cells, one array per row
 * @param options - a maximum width and colours
 * @returns the table, one line per row, ending with a newline
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[], paint: boolean): string => {
    const parts = cells.map((cell, i) => {
      const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0);
      return paint && options.paint ? options.paint(padded, i, cells) : padded;
    });
    return parts.join('  ');
  };
  const body = rows.map((row) => {
    const cells = [...row];
    if (options.width !== undefined && cells.length > 0) {
      const used = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
      cells[cells.length - 1] = cut(cells[cells.length - 1] ?? '', Math.max(10, options.width - used));
    }
    return line(cells, true);
  });
  return `${[line(header, false), ...body].join('\n')}\n`;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

const CODES = { red: 31, yellow: 33, green: 32, magenta: 35, dim: 2, bold: 1 } as const;

/** A colour name {@link paint} knows. */
export type Colour = keyof typeof CODES;

/**
 * Wraps text in an ANSI colour.
 *
 * @param text - the text
 * @param colour - the colour
 * @returns the coloured text
 */
export function paint(text: string, colour: Colour): string {
  return `\x1b[${CODES[colour]}m${text}\x1b[0m`;
}

/** The colour of a status, as operators expect it (critical red, warning yellow, ok green). */
export function statusColour(status: string): Colour {
  switch (status) {
    case 'CRITICAL':
      return 'red';
    case 'WARNING':
      return 'yellow';
    case 'OK':
      return 'green';
    case 'UNKNOWN':
      return 'magenta';
    default:
      return 'dim';
  }
}
