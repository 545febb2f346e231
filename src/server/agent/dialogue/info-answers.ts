/** Answers that only read facts: hours, access, address, promotions, protection plans, move-in, policies. */
import { runTool } from "@/server/agent/tools";

import { L, list, money } from "./say";
import type { PolicyTurn } from "./turn";

type Info = Record<string, unknown> & { ok: boolean };

async function info(
  t: PolicyTurn,
  topic: "hours" | "access" | "address" | "directions" | "promotions" | "protection_plans" | "question",
  question?: string,
) {
  return (await runTool(t.ctx, "facility_info", { topic, question })) as Info;
}

/** When the facility is unknown (several, none chosen), the caller is asked which one. */
export async function whichFacility(t: PolicyTurn): Promise<string> {
  const facilities = await t.ctx.facts.facilities();
  t.ctx.state.expecting = "facility";
  if (t.utterance.intent !== "provide_info" && t.utterance.intent !== "unclear")
    t.ctx.state.pendingIntent = t.utterance.intent;
  return L(
    t.ctx.state,
    `Which location do you mean: ${list(
      facilities.map((f) => f.name),
      t.ctx.state,
    )}?`,
    `¿Qué sucursal: ${list(
      facilities.map((f) => f.name),
      t.ctx.state,
    )}?`,
  );
}

export async function answerHours(t: PolicyTurn, kind: "hours" | "access"): Promise<string> {
  const r = await info(t, kind);
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const today = r.today as { hours: string | null; closedFor: string | null };
  const week = r.week as string;
  if (kind === "access") {
    if (r.aroundTheClock)
      return L(
        s,
        "You can access your unit 24 hours a day, every day.",
        "Puede entrar a su unidad las 24 horas, todos los días.",
      );
    const head = week
      ? L(s, `Gate access hours are ${week}.`, `El horario de acceso es: ${week}.`)
      : L(s, "The office can tell you the gate hours.", "La oficina le puede dar el horario de acceso.");
    return today.closedFor
      ? `${head} ${L(s, `Today access is closed for ${today.closedFor}.`, `Hoy el acceso está cerrado por ${today.closedFor}.`)}`
      : head;
  }
  if (!week)
    return L(
      s,
      "I don't have the office hours on file. Would you like to leave a message?",
      "No tengo el horario de la oficina. ¿Quiere dejar un mensaje?",
    );
  const head = L(s, `Our office is open ${week}.`, `Nuestra oficina abre ${week}.`);
  if (today.closedFor)
    return `${head} ${L(s, `Today we're closed for ${today.closedFor}.`, `Hoy estamos cerrados por ${today.closedFor}.`)}`;
  return `${head} ${r.openNow ? L(s, "We're open now.", "Ahora estamos abiertos.") : L(s, "We're closed right now.", "En este momento estamos cerrados.")}`;
}

export async function answerAddress(t: PolicyTurn): Promise<string> {
  const r = await info(t, "directions");
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const address = r.address as string;
  const directions = r.directions as string | null;
  let out = L(s, `${r.facilityName} is at ${address}.`, `${r.facilityName} está en ${address}.`);
  if (directions) out += ` ${directions}`;
  if (s.callerId && s.channel !== "sms") {
    s.offer = "directions";
    out += L(s, " Would you like me to text you a map link?", " ¿Le envío un enlace del mapa por mensaje?");
  }
  return out;
}

export async function answerPromotions(t: PolicyTurn): Promise<string> {
  const r = await info(t, "promotions");
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const promos = r.promotions as { name: string; limitedToUnitTypes: boolean }[];
  if (promos.length === 0)
    return L(
      s,
      "We don't have any specials running right now. I can quote you our current rates.",
      "Ahora no tenemos promociones. Le puedo dar nuestros precios actuales.",
    );
  const names = promos.map((p) =>
    p.limitedToUnitTypes ? L(s, `${p.name} (on select units)`, `${p.name} (en unidades seleccionadas)`) : p.name,
  );
  return L(
    s,
    `Right now we have: ${list(names, s)}. What size are you looking for?`,
    `Ahora tenemos: ${list(names, s)}. ¿Qué tamaño busca?`,
  );
}

export async function answerProtection(t: PolicyTurn): Promise<string> {
  const r = await info(t, "protection_plans");
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const plans = r.plans as { name: string; coverageCents: number; monthlyCents: number }[];
  if (plans.length === 0) {
    const kb = await answerFromKnowledge(t, "protection plan coverage");
    return (
      kb ??
      L(
        s,
        "The office can tell you about protecting your belongings. Would you like to leave a message?",
        "La oficina le puede explicar cómo proteger sus cosas. ¿Quiere dejar un mensaje?",
      )
    );
  }
  const items = plans.map((p) =>
    L(
      s,
      `${p.name}: ${money(p.coverageCents)} of coverage for ${money(p.monthlyCents)}/mo`,
      `${p.name}: ${money(p.coverageCents)} de cobertura por ${money(p.monthlyCents)}/mo`,
    ),
  );
  return L(
    s,
    `We offer a protection plan for your stored goods. ${list(items, s)}. You can add it at move-in.`,
    `Ofrecemos un plan de protección para sus cosas. ${list(items, s)}. Lo puede agregar al mudarse.`,
  );
}

export async function answerMoveIn(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const kb = await answerFromKnowledge(t, `move in requirements bring ${t.utterance.text}`);
  const base = L(
    s,
    "To move in, bring a government photo ID and a lock, sign the lease, and pay the first month's rent and any fees.",
    "Para mudarse, traiga una identificación oficial con foto y un candado, firme el contrato y pague el primer mes y los cargos.",
  );
  return kb ? `${base} ${kb}` : base;
}

/**
 * The best knowledge-base answer, or null when nothing matches well (the search has a minimum).
 * With `hours`, a question the tool recognised as an hours question gets the office or gate hours.
 */
export async function answerFromKnowledge(
  t: PolicyTurn,
  question: string,
  opts: { hours?: boolean } = {},
): Promise<string | null> {
  const r = await info(t, "question", question.slice(0, 500));
  if (!r.ok) return null;
  if (opts.hours && (r.answeredAs === "hours" || r.answeredAs === "access")) return answerHours(t, r.answeredAs);
  const answers = r.answers as { answer: string }[];
  return answers[0]?.answer ?? null;
}

export async function answerPolicy(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const hit = await answerFromKnowledge(t, t.utterance.text, { hours: true });
  if (hit) return hit;
  s.offer = "transfer";
  return L(
    s,
    "I'm not sure about that one. Would you like me to connect you with someone at the office?",
    "No estoy seguro. ¿Quiere que le comunique con alguien de la oficina?",
  );
}
