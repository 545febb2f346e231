import type { ConversationOutcome } from "@/server/db/schema";

/**
 * A demo conversation's words, written from the same facts as its row (outcome, caller, unit,
 * confirmation code), so whoever opens a call in the demo reads a transcript that matches its summary
 * and outcome: a "reservation" call books, a "transfer" asks for a person, an abandoned one stops.
 */
export interface DemoLine {
  role: "caller" | "agent";
  text: string;
  intent?: string;
}

export interface DemoCall {
  outcome: ConversationOutcome;
  channel: "voice" | "sms" | "chat";
  facilityName: string;
  callerName: string;
  phone: string;
  /** e.g. "10x10" with its price in dollars a month. */
  size: string;
  rateDollars: number;
  moveInDate: string;
  confirmationCode: string | null;
  /** A question the agent could not answer (an unhandled turn the Analytics page counts), or null. */
  unhandled: { text: string; intent: string } | null;
  pick: <T>(xs: readonly T[]) => T;
}

const QUESTIONS = [
  { ask: "What are your office hours?", answer: "The office is open 9 to 6 Monday to Friday and 9 to 4 on Saturday." },
  {
    ask: "Where are you located exactly?",
    answer: "We're at the address on our website, with parking right by the office.",
  },
  {
    ask: "What do I need to bring to move in?",
    answer: "Just a photo ID and a lock; we sell locks at the office too.",
  },
  { ask: "Is the facility gated?", answer: "Yes, it's gated with a personal code and cameras throughout." },
] as const;

export function demoTranscript(c: DemoCall): { lines: DemoLine[]; summary: string } {
  const first = c.callerName.split(" ")[0]!;
  const who = c.channel === "voice" ? "Caller" : "Customer";
  const greeting =
    c.channel === "voice"
      ? `Thanks for calling ${c.facilityName}! I'm the virtual assistant. How can I help you today?`
      : `Hi! This is the ${c.facilityName} assistant. How can I help you today?`;
  const quoteAsk = c.pick([
    `How much is a ${c.size}?`,
    `Do you have a ${c.size} available?`,
    `I need a ${c.size} for my furniture. What does it cost?`,
  ]);
  const quote = `A ${c.size} is $${c.rateDollars}/mo, and we have some available. Would you like to reserve one?`;
  const lines: DemoLine[] = [{ role: "agent", text: greeting }];
  const say = (role: DemoLine["role"], text: string, intent?: string) => lines.push({ role, text, intent });
  const q = c.pick(QUESTIONS);
  let summary: string;
  switch (c.outcome) {
    case "reservation":
      say("caller", quoteAsk, "price_inquiry");
      say("agent", quote);
      say("caller", `Yes, I'd like to reserve it for ${c.moveInDate}.`, "reserve_unit");
      say("agent", "Great. May I have your name?");
      say("caller", `It's ${c.callerName}.`, "provide_info");
      say("agent", `Thanks, ${first}. Is ${c.phone} the best number to reach you?`);
      say("caller", "Yes, that's right.", "affirm");
      say(
        "agent",
        `You're all set: a ${c.size} held for ${c.moveInDate}, confirmation code ${c.confirmationCode}. Anything else?`,
      );
      say("caller", "No, that's all. Thanks!", "thanks");
      summary = `${who} ${c.callerName} reserved a ${c.size} at $${c.rateDollars}/mo for ${c.moveInDate} (confirmation ${c.confirmationCode}).`;
      break;
    case "lead":
      say("caller", quoteAsk, "price_inquiry");
      say("agent", quote);
      say("caller", "Not yet, I'm still comparing a few places.", "deny");
      say("agent", "No problem. Can I take your name and number so we can send you the quote?");
      say("caller", `Sure, ${c.callerName}, ${c.phone}.`, "provide_info");
      say("agent", `Thanks, ${first}. I've noted your details and we'll text you the quote.`);
      summary = `${who} ${c.callerName} asked about a ${c.size} ($${c.rateDollars}/mo), is comparing options and left contact details for a follow-up.`;
      break;
    case "question_answered":
      say("caller", q.ask, "hours_inquiry");
      say("agent", `${q.answer} Anything else I can help with?`);
      say("caller", "No, that's it. Thank you!", "thanks");
      say("agent", "You're welcome. Have a great day!");
      summary = `${who} asked "${q.ask}" and had it answered.`;
      break;
    case "transfer":
      say("caller", c.unhandled?.text ?? "I have a question about my account.", c.unhandled?.intent ?? "unclear");
      say("agent", "I'm not sure about that one. Would you like me to connect you with someone at the office?");
      say("caller", "Yes, let me talk to a person please.", "speak_to_person");
      say("agent", "Sure, connecting you with someone at the office now. One moment, please.");
      summary = `${who} asked something the agent could not answer ("${c.unhandled?.text ?? "an account question"}") and was transferred to staff.`;
      break;
    case "message":
      say("caller", "I need to talk to the manager about my unit.", "speak_to_person");
      say("agent", "Our office is closed right now, but I can take a message and someone will call you back.");
      say("caller", `It's ${c.callerName}. Please call me back about my gate code.`, "leave_message");
      say("agent", `Thank you, ${first}, I've passed your message to the team and someone will call you back.`);
      summary = `${who} ${c.callerName} left a message after hours: call back about their gate code.`;
      break;
    case "abandoned":
      say("caller", c.unhandled?.text ?? quoteAsk, c.unhandled?.intent ?? "price_inquiry");
      summary = `${who} hung up after one question, before being helped.`;
      break;
  }
  // An unanswered question the history flags is one of the caller's turns, not an extra line.
  if (c.unhandled && c.outcome !== "transfer" && c.outcome !== "abandoned") {
    lines.splice(lines.length - 1, 0, { role: "caller", ...c.unhandled });
    lines.splice(lines.length - 1, 0, {
      role: "agent",
      text: "I'm not sure about that one; the office can tell you. Anything else?",
    });
  }
  return { lines, summary };
}
