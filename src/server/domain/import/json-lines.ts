/**
 * Finds the line on which each of some JSON paths starts, for error messages about a file that
 * JSON.parse has already accepted. One pass over the text with an explicit stack (no recursion, no
 * tree), recording only the paths asked for, so its cost is linear and its memory is the nesting
 * depth plus the answers, whatever the file.
 */
export function locateJsonLines(text: string, paths: readonly (readonly PropertyKey[])[]): Map<string, number> {
  const wanted = new Set<string>();
  for (const path of paths) for (let n = 0; n <= path.length; n++) wanted.add(pathKey(path.slice(0, n)));
  const found = new Map<string, number>();
  // Each open container: the key (object) or index (array) of the value being read in it.
  const stack: { array: boolean; key: string | number; expectKey: boolean }[] = [];
  let line = 1;
  const valueStarts = () => {
    if (found.size === wanted.size) return;
    const key = pathKey(stack.map((f) => f.key));
    if (wanted.has(key) && !found.has(key)) found.set(key, line);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    else if (c === " " || c === "\t" || c === "\r" || c === ":" || c === "\uFEFF") continue;
    else if (c === ",") {
      const top = stack.at(-1);
      if (top?.array) (top.key as number)++;
      else if (top) top.expectKey = true;
    } else if (c === "{" || c === "[") {
      valueStarts();
      stack.push({ array: c === "[", key: c === "[" ? 0 : "", expectKey: c === "{" });
    } else if (c === "}" || c === "]") stack.pop();
    else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const top = stack.at(-1);
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, end + 1)) as string;
        top.expectKey = false;
      } else valueStarts();
      i = end;
    } else {
      // A number, true, false or null: runs to the next delimiter.
      valueStarts();
      while (i + 1 < text.length && !",]}\n\r\t ".includes(text[i + 1]!)) i++;
    }
  }
  return found;
}

/** The line of the deepest part of `path` present in the file: a missing field points at its parent. */
export function deepestLine(found: Map<string, number>, path: readonly PropertyKey[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const line = found.get(pathKey(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return null;
}

const pathKey = (path: readonly PropertyKey[]) =>
  JSON.stringify(path.map((p) => (typeof p === "number" ? p : String(p))));
