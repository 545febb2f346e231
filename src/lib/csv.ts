/**
 * CSV in and out (RFC 4180), shared by reports, analytics exports and the units import. Pure, so the
 * browser may import it too.
 */

/**
 * One field: quoted when it holds a comma, quote, line break or edge spaces. Text that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe: a caller's
 * name or a message is data, never a formula (OWASP "CSV injection"). Numbers are never touched,
 * so negative amounts stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(text: string, guardFormula: boolean): string {
  const safe = guardFormula && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Rows of fields from RFC 4180 text (quoted fields, doubled quotes, CRLF or LF line ends), in one
 * linear pass. Limits make it safe on hostile text: fields past `maxFields` in a row are dropped (a
 * line of a million commas would otherwise be a million strings), and parsing stops after `maxRows`
 * rows, reporting the overflow.
 */
export function parseCsv(
  text: string,
  limits: { maxRows?: number; maxFields?: number } = {},
): { rows: string[][]; tooManyRows: boolean } {
  const maxRows = limits.maxRows ?? Number.POSITIVE_INFINITY;
  const maxFields = limits.maxFields ?? Number.POSITIVE_INFINITY;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    if (row.length < maxFields) row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endField();
      rows.push(row);
      row = [];
      if (rows.length > maxRows) return { rows, tooManyRows: true };
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    endField();
    rows.push(row);
  }
  return { rows, tooManyRows: rows.length > maxRows };
}
