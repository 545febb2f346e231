/**
 * The simulated caller (τ-bench's user simulator, rule-based): says its topics in order and answers
 * what the agent is expecting from its facts, in speech-recognition style. Deterministic: the same
 * scenario and agent replies give the same words.
 */
import type { DialogueState } from "@/server/agent/engine";

import type { Scenario } from "./format";
import { CLOSING, NO, pick, sayCode, sayEmail, sayPhone, sayUnitSize, withFiller, YES } from "./speech-style";

export interface CallerView {
  /** The agent's state after its last reply. */
  state: Pick<DialogueState, "expecting" | "offer" | "verification" | "slots" | "callerId" | "flow">;
  /** Texts the organization sent to the caller's own phone (scenario.caller.phone), newest last. */
  inbox?: string[];
}

export class SimulatedCaller {
  private agenda: string[];
  private used = new Map<string, number>();
  private turn = 0;
  private saidClosing = false;

  constructor(
    private readonly scenario: Scenario,
    /** Facility slug → name, to say the facility the caller wants. */
    private readonly facilityNames: Record<string, string>,
  ) {
    this.agenda = [...scenario.says];
  }

  /** The opening line. */
  opening(): string {
    this.turn++;
    return this.agenda.shift()!;
  }

  /** The next thing the caller says, or null when the caller hangs up. */
  next(view: CallerView): { text: string; why: string } | null {
    const s = this.scenario;
    const turn = this.turn++;
    if (s.strict) {
      const text = this.agenda.shift();
      return text === undefined ? null : { text, why: "script" };
    }
    const lang = s.caller.language;
    const key = answerKey(view.state);
    const scripted = key ? this.scripted(key) : null;
    if (scripted !== null) return { text: scripted, why: `answers.${key}` };
    const fromFacts = key ? this.fromFacts(key, view, turn) : null;
    if (fromFacts !== null)
      return { text: withFiller(fromFacts, turn, lang, s.caller.fillers && !this.typed), why: `facts for ${key}` };
    if (key?.startsWith("offer:")) {
      const offer = key.slice(6) as Scenario["caller"]["accepts"][number];
      if (s.caller.accepts.includes(offer)) return { text: pick(YES[lang], turn), why: `accepts ${offer}` };
      const topic = this.agenda.shift();
      if (topic !== undefined) return { text: topic, why: "next topic" };
      return { text: pick(NO[lang], turn), why: `declines ${offer}` };
    }
    const topic = this.agenda.shift();
    if (topic !== undefined) return { text: topic, why: "next topic" };
    if (this.saidClosing) return null;
    this.saidClosing = true;
    return { text: CLOSING[lang], why: "closing" };
  }

  private scripted(key: string): string | null {
    const answers = this.scenario.answers;
    const hit =
      answers[key] !== undefined
        ? key
        : key.startsWith("verification:") && answers.verification !== undefined
          ? "verification"
          : null;
    if (!hit) return null;
    const value = answers[hit]!;
    if (typeof value === "string") return value;
    const n = this.used.get(hit) ?? 0;
    this.used.set(hit, n + 1);
    return value[Math.min(n, value.length - 1)]!;
  }

  private fromFacts(key: string, view: CallerView, turn: number): string | null {
    const said = this.spokenFromFacts(key, view, turn);
    // Text and chat callers type: sizes, numbers and e-mails as written.
    if (said === null || !this.typed) return said;
    const c = this.scenario.caller;
    if (key === "size" && c.size) return c.size;
    if (key === "phone" && c.phone && !view.state.slots.phoneFromCallerId) return typedPhone(c.phone);
    if (key === "verification:phone_or_code") return c.code ?? (c.phone ? typedPhone(c.phone) : said);
    if (key === "verification:one_time_code") return said.replace(/\D/g, "") || said;
    if (key === "email" && c.email) return c.email;
    return said;
  }

  private get typed(): boolean {
    return this.scenario.channel === "sms" || this.scenario.channel === "chat";
  }

  private spokenFromFacts(key: string, view: CallerView, turn: number): string | null {
    const c = this.scenario.caller;
    const lang = c.language;
    const st = view.state;
    switch (key) {
      case "size":
        if (c.size) return sayUnitSize(c.size, lang);
        return c.storing ?? null;
      case "facility":
        return c.facility ? (this.facilityNames[c.facility] ?? c.facility).toLowerCase() : null;
      case "move_in_date":
        return c.moveIn ?? null;
      case "name":
        return c.name ? (lang === "es" ? `me llamo ${c.name.toLowerCase()}` : c.name.toLowerCase()) : null;
      case "phone": {
        if (!c.phone) return null;
        if (st.slots.phoneFromCallerId && st.callerId)
          return st.callerId === c.phone
            ? pick(YES[lang], turn)
            : lang === "es"
              ? "no, es otro número"
              : "no it's a different number";
        return sayPhone(c.phone, lang);
      }
      case "email":
        if (c.email === undefined) return null;
        return c.email === null ? pick(NO[lang], turn) : sayEmail(c.email, lang);
      case "confirm":
        return pick(YES[lang], turn);
      case "message":
        return c.message ?? null;
      case "verification:name":
        return c.name ? c.name.toLowerCase() : null;
      case "verification:phone_or_code":
        if (c.code) return sayCode(c.code, lang);
        return c.phone ? sayPhone(c.phone, lang) : null;
      case "verification:one_time_code": {
        // Read off the text the agent just sent to the caller's phone: only its holder can.
        const code = [...(view.inbox ?? [])]
          .reverse()
          .map((t) => /\b(\d{6})\b/.exec(t)?.[1])
          .find(Boolean);
        return code ? sayCode(code, lang) : null;
      }
      default:
        return null;
    }
  }
}

/** What the agent is waiting for, as an answers key. */
export function answerKey(state: CallerView["state"]): string | null {
  if (state.expecting === "verification") return `verification:${state.verification.step ?? "phone_or_code"}`;
  // A question the agent asked wins over an older yes/no offer still held in the state.
  if (state.expecting) return state.expecting;
  return state.offer ? `offer:${state.offer}` : null;
}

/** "+15125550142" → "512-555-0142". */
function typedPhone(e164: string): string {
  const d = e164.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "");
  return d.length === 10 ? `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}` : d;
}
