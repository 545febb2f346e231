/** A person on request (transfer while open, otherwise a message), messages, and emergencies. */
import { runTool } from "@/server/agent/tools";

import { askContact, hasContact } from "./lead-capture";
import { L, phone } from "./say";
import type { PolicyTurn } from "./turn";

export async function askForPerson(t: PolicyTurn, reason: string): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "transfer_to_person", { reason });
  if (r.ok) {
    if (r.mode === "call_us") {
      s.expecting = "anything_else";
      return L(
        s,
        `You can reach our office at ${phone(r.transferTo)} right now. Anything else I can help with?`,
        `Puede llamar a nuestra oficina al ${phone(r.transferTo)} ahora. ¿Algo más?`,
      );
    }
    t.end = { reason: "transfer", transferTo: r.transferTo, alsoRing: r.alsoRing };
    s.ended = true;
    s.expecting = null;
    return L(
      s,
      "Sure, connecting you with someone at the office now. One moment, please.",
      "Claro, le comunico con la oficina. Un momento, por favor.",
    );
  }
  // Only "closed" when it is: with no number set, or messages-only, the office may well be open.
  const lead =
    r.reason === "office_closed"
      ? L(
          s,
          "Our office is closed right now, but I can take a message and someone will call you back.",
          "La oficina está cerrada ahora, pero puedo tomar un mensaje y le llamarán.",
        )
      : L(
          s,
          "I can take a message and someone from the office will call you back.",
          "Puedo tomar un mensaje y alguien de la oficina le llamará.",
        );
  return startMessage(t, lead, null);
}

/**
 * The message flow: name, then a phone (the caller ID, confirmed), then the message itself. A note
 * given up front (e.g. "wants to reserve") is kept and the caller's words are added to it.
 */
export async function startMessage(t: PolicyTurn, prefix: string, note: string | null): Promise<string> {
  const s = t.ctx.state;
  s.flow = "message";
  s.offer = null;
  if (note) s.slots.message = note;
  return continueMessage(t, prefix);
}

export async function continueMessage(t: PolicyTurn, prefix: string): Promise<string> {
  const s = t.ctx.state;
  const pre = prefix ? `${prefix} ` : "";
  if (!s.slots.name) {
    s.expecting = "name";
    return pre + L(s, "May I have your name?", "¿Me da su nombre?");
  }
  if (!hasContact(s)) {
    s.expecting = "phone";
    if (s.callerId && s.slots.phoneFromCallerId !== false) {
      s.slots.phoneFromCallerId = true;
      return pre + L(s, `Should we call you back at ${phone(s.callerId)}?`, `¿Le llamamos al ${phone(s.callerId)}?`);
    }
    return pre + askContact(s, "call_back");
  }
  if (!s.slots.message) {
    s.expecting = "message";
    return pre + L(s, "What message would you like me to pass along?", "¿Qué mensaje quiere dejar?");
  }
  return saveMessage(t, pre);
}

export async function saveMessage(t: PolicyTurn, pre = ""): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "take_message", {
    name: s.slots.name,
    phone: s.slots.phone,
    email: s.slots.email,
    message: s.slots.message ?? "Please call back.",
    urgent: !!s.slots.urgent,
  });
  if (!r.ok) {
    s.slots.phone = undefined;
    s.slots.email = undefined;
    s.slots.phoneFromCallerId = false;
    s.expecting = "phone";
    return pre + askContact(s, "call_back");
  }
  s.flow = null;
  s.expecting = null;
  s.ended = true;
  t.end = { reason: "message_taken" };
  return (
    pre +
    L(
      s,
      "Thank you, I've passed your message to the team and someone will call you back. Goodbye!",
      "Gracias, pasé su mensaje al equipo y le llamarán. ¡Adiós!",
    )
  );
}

/** Break-in, fire, injury, legal threat: a person at once, or an urgent message when nobody is in. */
export async function emergency(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "transfer_to_person", {
    reason: `emergency: ${t.u.text.slice(0, 200)}`,
    urgent: true,
  });
  const danger = L(
    s,
    "If anyone is in danger, please hang up and call 911.",
    "Si alguien está en peligro, cuelgue y llame al 911.",
  );
  if (r.ok && r.mode === "transfer") {
    t.end = { reason: "emergency_transfer", transferTo: r.transferTo, alsoRing: r.alsoRing };
    s.ended = true;
    s.expecting = null;
    return `${danger} ${L(s, "I'm connecting you to our staff right now.", "Le comunico con nuestro personal ahora mismo.")}`;
  }
  s.slots.urgent = true;
  s.slots.message = `EMERGENCY: ${t.u.text.slice(0, 500)}`;
  s.flow = "message";
  const pre = r.ok
    ? `${danger} ${L(s, `Please call our office now at ${phone(r.transferTo)}.`, `Llame a nuestra oficina ahora al ${phone(r.transferTo)}.`)}`
    : danger;
  if (r.ok) {
    s.expecting = "anything_else";
    await runTool(t.ctx, "take_message", { name: s.slots.name, message: s.slots.message, urgent: true });
    return pre;
  }
  if (s.callerId || s.slots.phone) {
    const saved = await runTool(t.ctx, "take_message", {
      name: s.slots.name,
      phone: s.slots.phone ?? s.callerId ?? undefined,
      message: s.slots.message,
      urgent: true,
    });
    if (saved.ok) {
      s.ended = true;
      s.flow = null;
      s.expecting = null;
      t.end = { reason: "message_taken" };
      return `${danger} ${L(s, `I've sent an urgent message to the manager, who will call you back at ${phone(s.slots.phone ?? s.callerId!)} as soon as possible.`, `Envié un mensaje urgente al gerente, que le llamará al ${phone(s.slots.phone ?? s.callerId!)} lo antes posible.`)}`;
    }
  }
  s.slots.message = `EMERGENCY: ${t.u.text.slice(0, 500)}`;
  s.expecting = "phone";
  s.slots.phoneFromCallerId = false;
  return `${danger} ${L(s, "I'll send the manager an urgent message. What number should they call you back on?", "Enviaré un mensaje urgente al gerente. ¿A qué número le llaman?")}`;
}
