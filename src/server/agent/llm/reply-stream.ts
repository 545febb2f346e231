/**
 * Streams a model's reply to the caller without ever showing a figure the guard has not checked.
 *
 * Ordinary words go out as they arrive (first-token latency stays low). From the first character
 * that could start a figure (a digit, a currency sign, a percent sign) the text is held until its
 * clause ends (".", "!", "?", ";", ":", "," or a line break, followed by whitespace), and the reply
 * so far is checked against the tool results with the same guard as the final reply (`checkReply`),
 * plus a stricter rule for codes: any run of 4 to 8 digits must come from a tool, whatever the
 * words around it. A clause that passes is released; one that fails stops the stream: nothing more
 * is sent until the whole reply has passed the final check (`finish`). When the final check rejects
 * it, the engine resets the stream and the default brain answers, so an invented price never
 * reaches web chat SSE or ConversationRelay tokens.
 */
import { checkReply, toolText } from "./guard";

/** Characters that may start a price, percentage, code or other figure. */
const FIGURE_START = /[\d$€£%]/;
/** The end of a clause: punctuation followed by whitespace, or a line break. */
const CLAUSE_END = /[.!?;:,](?=\s)|\n/g;

export class ReplyStream {
  private text = "";
  private sent = 0;
  /** Where the held text starts, or null when nothing is held. */
  private holdFrom: number | null = null;
  private stuck = false;

  constructor(
    private readonly emit: (text: string) => void,
    /** The results of the tools run so far this turn (read at each check). */
    private readonly toolResults: () => unknown[],
  ) {}

  push(token: string): void {
    this.text += token;
    if (this.stuck) return;
    for (;;) {
      if (this.holdFrom === null) {
        const rest = this.text.slice(this.sent);
        const at = rest.search(FIGURE_START);
        if (at < 0) {
          this.send(this.text.length);
          return;
        }
        this.send(this.sent + at);
        this.holdFrom = this.sent;
      }
      CLAUSE_END.lastIndex = this.holdFrom;
      const end = CLAUSE_END.exec(this.text);
      if (!end) return; // the clause is not finished yet: keep holding
      const upTo = end.index + 1;
      if (!this.safe(this.text.slice(0, upTo))) {
        this.stuck = true;
        return;
      }
      this.send(upTo);
      this.holdFrom = null;
    }
  }

  /**
   * The reply is complete and passed the final check: release whatever is still held (a clause
   * held only by the stricter code rule, e.g. a year or a street number the guard accepts).
   */
  finish(): void {
    this.send(this.text.length);
  }

  private safe(prefix: string): boolean {
    const results = this.toolResults();
    if (!checkReply(prefix, results).ok) return false;
    const given = toolText(results);
    for (const m of prefix.matchAll(/(?<!\d)\d{4,8}(?!\d)/g)) if (!given.includes(m[0])) return false;
    return true;
  }

  private send(upTo: number): void {
    if (upTo <= this.sent) return;
    this.emit(this.text.slice(this.sent, upTo));
    this.sent = upTo;
  }
}
