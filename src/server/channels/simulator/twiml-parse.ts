/**
 * A small reader for the TwiML our webhooks return (well-formed XML, no namespaces, no CDATA): the
 * call simulator follows it as Twilio would, and tests assert on it.
 */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  children: TwimlNode[];
  text: string;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");

export function parseTwiml(xml: string): TwimlNode {
  const root: TwimlNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: TwimlNode[] = [root];
  const tokens = xml
    .replace(/<\?xml[^>]*\?>/, "")
    .matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g);
  for (const m of tokens) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.text += decode(m[5]);
      continue;
    }
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (closing) {
      if (top.name !== name) throw new Error(`TwiML: </${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (rawAttrs ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const node: TwimlNode = { name: name!, attrs, children: [], text: "" };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error("TwiML: unclosed element");
  const response = root.children[0];
  if (!response || response.name !== "Response") throw new Error("TwiML: no <Response>");
  return response;
}

/** Depth-first search for the first element named `name`. */
export function find(node: TwimlNode, name: string): TwimlNode | null {
  for (const c of node.children) {
    if (c.name === name) return c;
    const inner = find(c, name);
    if (inner) return inner;
  }
  return null;
}

/** Everything the caller would hear, in order (<Say> text). */
export function spoken(node: TwimlNode): string[] {
  const out: string[] = [];
  for (const c of node.children) {
    if (c.name === "Say") out.push(c.text.trim());
    else out.push(...spoken(c));
  }
  return out;
}
