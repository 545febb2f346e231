/**
 * Concept words: small hand-made synonym groups added as extra features ("k:price" for "cost", "rate",
 * "cuesta"...), so a synonym the corpus never paired with an intent still counts as evidence for it.
 * Keep groups about meaning that is stable across intents; the model learns how much each one matters.
 */
const GROUPS: Record<string, string> = {
  price:
    "price prices pricing cost costs charge charges rate rates quote fee fees expensive cheap cheapest afford dollars bucks precio precios cuesta cuestan cuanto cobran tarifa",
  available:
    "available availability open openings vacancy vacancies free left stock full sold disponible disponibles hay tienen",
  size: "size sizes big bigger small fit fits tamano grande pequena cabe caben",
  book: "reserve reservation book booking hold rent renting lease reservar rentar apartar",
  cancel: "cancel cancellation cancelled terminate cancelar",
  hours: "hours open close closes closing opens time schedule horario abren cierran",
  gate: "gate keypad code pin access entry porton puerta codigo",
  where: "address located location where directions street exit freeway highway direccion donde ubicados queda llego",
  discount:
    "special specials discount discounts deal deals promotion promotions promo coupon coupons sale offer oferta ofertas descuento descuentos promocion",
  insurance: "insurance insured coverage covered protection protect plan seguro proteccion",
  owe: "owe owed balance due late behind saldo debo",
  pay: "pay paying payment payments autopay card bill billing pagar pago",
  human: "person human someone somebody manager representative agent operator staff persona alguien gerente",
  message: "message callback voicemail note recado mensaje",
  thanks: "thanks thank appreciate appreciated gracias",
  bye: "bye goodbye later adios luego chao",
  yes: "yes yeah yep yup sure correct right okay ok si claro correcto",
  no: "no nope nah negative wrong incorrect",
  emergency:
    "fire smoke stolen robbed broke break hurt injured injury bleeding flood flooding leak lawyer attorney sue police emergency incendio robaron abogado emergencia",
  greet: "hi hello hey morning afternoon evening hola buenos buenas",
  repeat: "repeat again what huh pardon sorry hear catch perdon",
};

export const CONCEPTS: ReadonlyMap<string, string> = new Map(
  Object.entries(GROUPS).flatMap(([concept, words]) => words.split(" ").map((w) => [w, concept] as const)),
);
