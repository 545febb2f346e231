/**
 * Existing customers: balance, gate code, payment link, cancelling a reservation. Verification
 * always comes first; the tools check it again from the state, so no wording can skip it.
 */
import { runTool } from "@/server/agent/tools";
import type { AccountRequest } from "./state";

import { askForPerson } from "./person-flow";
import { contactVerb, day, L, money } from "./say";
import type { PolicyTurn } from "./turn";
import { confirmationCode, first } from "./understand";

export async function startAccount(t: PolicyTurn, request: AccountRequest): Promise<string> {
  const s = t.ctx.state;
  s.pendingAccount = request;
  s.offer = null;
  if (request === "cancel") {
    const code = confirmationCode(t.utterance.text);
    if (code) s.verification.code = code;
  }
  if (s.verification.verified) return fulfil(t);
  s.flow = "verify";
  s.expecting = "verification";
  s.verification.step = "name";
  const pre =
    request === "payment"
      ? L(
          s,
          "I can't take card numbers here, but I can text you a secure payment link. ",
          "No puedo tomar números de tarjeta, pero le puedo enviar un enlace de pago seguro. ",
        )
      : "";
  return (
    pre +
    L(
      s,
      "For your security, what's the full name on the account?",
      "Por su seguridad, ¿cuál es el nombre completo en la cuenta?",
    )
  );
}

/** One answer during verification: the name, then a phone or confirmation code. */
export async function continueVerification(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const v = s.verification;
  if (v.step === "name") {
    const name = first(t.utterance, "name")?.name ?? plainName(t.utterance.text);
    if (!name)
      return L(s, "Sorry, what's the full name on the account?", "Perdón, ¿cuál es el nombre completo en la cuenta?");
    v.name = name;
    const code = confirmationCode(t.utterance.text) ?? v.code;
    if (s.callerId || code) {
      const r = await runTool(t.ctx, "verify_caller", { name, confirmationCode: code });
      if (r.ok && r.verified) return fulfil(t);
    }
    v.step = "phone_or_code";
    return s.callerId
      ? L(
          s,
          `I couldn't match that to the number you're ${contactVerb(s)} from. What's the phone number on the account, or your confirmation code?`,
          "No encontré esa cuenta con su número. ¿Cuál es el teléfono de la cuenta o su código de confirmación?",
        )
      : L(
          s,
          "Thanks. What's the phone number on the account, or your confirmation code?",
          "Gracias. ¿Cuál es el teléfono de la cuenta o su código de confirmación?",
        );
  }
  const phoneEnt = first(t.utterance, "phone");
  const code = confirmationCode(t.utterance.text);
  if (!phoneEnt && !code) {
    v.misses = (v.misses ?? 0) + 1;
    // A caller who cannot give either twice will not manage a third time: hand over instead of looping.
    if (v.misses >= 2) return giveUpVerification(t);
    return L(
      s,
      "Please tell me the phone number on the account or your confirmation code.",
      "Dígame el teléfono de la cuenta o su código de confirmación.",
    );
  }
  if (code) v.code = code;
  const r = await runTool(t.ctx, "verify_caller", {
    name: v.name ?? "",
    phone: phoneEnt?.e164,
    confirmationCode: code ?? undefined,
  });
  if (r.ok && r.verified) return fulfil(t);
  if (r.ok && (r.attemptsLeft ?? 0) > 0)
    return L(
      s,
      "I couldn't verify that. Could you try the phone number on the account or your confirmation code again?",
      "No pude verificarlo. ¿Puede repetir el teléfono de la cuenta o su código de confirmación?",
    );
  return giveUpVerification(t);
}

/** Verification failed for good: nothing from the account is shared; a person (or a message) takes over. */
function giveUpVerification(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.flow = null;
  s.pendingAccount = null;
  s.expecting = null;
  return askForPerson(t, "caller could not be verified");
}

function plainName(text: string): string | null {
  const words = text
    .replace(/[^\p{L}\s'-]/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const cleaned = words.filter((w) => !/^(it's|its|my|name|is|i'm|im|this|me|llamo|soy|mi|nombre|es)$/i.test(w));
  if (cleaned.length < 1 || cleaned.length > 4) return null;
  return cleaned.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(" ");
}

/** Verified: do what was asked. */
export async function fulfil(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const request = s.pendingAccount;
  s.flow = null;
  s.expecting = "anything_else";
  const thanks = L(s, "Thanks, you're verified. ", "Gracias, ya verifiqué su cuenta. ");
  const more = L(s, " Anything else I can help with?", " ¿Algo más en que le pueda ayudar?");
  switch (request) {
    case "balance": {
      s.pendingAccount = null;
      const r = (await runTool(t.ctx, "get_account", { include: ["balance"] })) as {
        ok: boolean;
        hasRental?: boolean;
        balanceCents?: number;
      };
      if (!r.ok || !r.hasRental)
        return (
          thanks + L(s, "I don't see an active rental on your account.", "No veo una renta activa en su cuenta.") + more
        );
      if (!r.balanceCents || r.balanceCents <= 0)
        return thanks + L(s, "You're all paid up: your balance is $0.", "Está al corriente: su saldo es $0.") + more;
      s.offer = "pay_link";
      s.expecting = null;
      return (
        thanks +
        L(
          s,
          `Your balance is ${money(r.balanceCents)}. Would you like a secure payment link by text?`,
          `Su saldo es ${money(r.balanceCents)}. ¿Le envío un enlace de pago por mensaje?`,
        )
      );
    }
    case "gate_code": {
      s.pendingAccount = null;
      const r = (await runTool(t.ctx, "get_account", { include: ["gate_code"] })) as {
        ok: boolean;
        gateCodes?: { unitNumber: string | null; gateCode: string }[];
      };
      const codes = r.ok ? (r.gateCodes ?? []) : [];
      if (codes.length === 0)
        return (
          thanks +
          L(
            s,
            "I don't see an active rental with a gate code on your account.",
            "No veo una renta activa con código de acceso.",
          ) +
          more
        );
      // "code is 123456" is the form the speech rewriter reads digit by digit.
      const said = codes.map((c) =>
        L(
          s,
          `${c.unitNumber ? `for unit ${c.unitNumber}, ` : ""}your gate code is ${c.gateCode}`,
          `${c.unitNumber ? `para la unidad ${c.unitNumber}, ` : ""}su código es ${c.gateCode}`,
        ),
      );
      return thanks + said.join("; ").replace(/^./, (c) => c.toUpperCase()) + "." + more;
    }
    case "payment":
      s.pendingAccount = null;
      return thanks + (await sendPayLink(t)) + more;
    case "cancel":
      return confirmCancel(t, thanks);
    default:
      return thanks + L(s, "How can I help?", "¿En qué le ayudo?");
  }
}

export async function sendPayLink(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "send_link_sms", { kind: "payment" });
  if (r.ok) return L(s, "I've texted you a secure payment link.", "Le envié un enlace de pago seguro por mensaje.");
  s.offer = "transfer";
  return L(
    s,
    "I can't send a payment link right now; the office can help you pay.",
    "No puedo enviar el enlace ahora; la oficina le puede ayudar a pagar.",
  );
}

async function confirmCancel(t: PolicyTurn, pre: string): Promise<string> {
  const s = t.ctx.state;
  const r = (await runTool(t.ctx, "get_account", { include: ["reservations"] })) as {
    ok: boolean;
    reservations?: { confirmationCode: string; moveInDate: string; facilityName: string }[];
  };
  const all = r.ok ? (r.reservations ?? []) : [];
  const wanted = s.verification.code ? all.filter((x) => x.confirmationCode === s.verification.code) : all;
  if (wanted.length === 0) {
    s.pendingAccount = null;
    return (
      pre +
      L(
        s,
        "I don't see an active reservation on your account. Anything else I can help with?",
        "No veo una reservación activa en su cuenta. ¿Algo más?",
      )
    );
  }
  if (wanted.length > 1) {
    s.expecting = "verification";
    s.verification.step = "phone_or_code";
    return (
      pre +
      L(
        s,
        "You have more than one reservation. What's the confirmation code of the one to cancel?",
        "Tiene más de una reservación. ¿Cuál es el código de la que quiere cancelar?",
      )
    );
  }
  const one = wanted[0]!;
  s.verification.code = one.confirmationCode;
  s.flow = "cancel";
  s.expecting = "confirm";
  return (
    pre +
    L(
      s,
      `I see reservation ${one.confirmationCode} at ${one.facilityName} for ${day(one.moveInDate, s)}. Do you want me to cancel it?`,
      `Veo la reservación ${one.confirmationCode} en ${one.facilityName} para el ${day(one.moveInDate, s)}. ¿La cancelo?`,
    )
  );
}

export async function doCancel(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "cancel_reservation", { confirmationCode: s.verification.code });
  s.flow = null;
  s.pendingAccount = null;
  s.expecting = "anything_else";
  if (!r.ok)
    return L(
      s,
      "I couldn't cancel that reservation. Would you like me to connect you with the office?",
      "No pude cancelar esa reservación. ¿Le comunico con la oficina?",
    );
  return L(
    s,
    `Done: reservation ${r.confirmationCode} is cancelled. Anything else I can help with?`,
    `Listo: la reservación ${r.confirmationCode} está cancelada. ¿Algo más?`,
  );
}
