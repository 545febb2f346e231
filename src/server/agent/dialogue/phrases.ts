/**
 * Every reply of the default brain, keyed by id, each language side by side. The id says where the
 * phrase is used (policy, steps, route, expected_<slot>, sales, account, payment, person, info, lead,
 * engine)
 * and how it starts. `{name}` is filled from the values given to `say`.
 *
 * A third language is a third key in every entry and in Language: the compiler then names each
 * phrase still missing it (PHRASES satisfies Record<PhraseId, Record<Language, string>>).
 */
import type { DialogueState } from "./state";

export type Language = DialogueState["language"];

export const PHRASES = {
  "engine.thanks_for_calling_im_the": {
    en: "Thanks for calling{atPlace}! I'm the virtual assistant. How can I help you today?",
    es: "¡Gracias por llamar{atPlaceEs}! Soy el asistente virtual. ¿En qué le puedo ayudar?",
  },
  "engine.hi_this_is_the_assistant": {
    en: "Hi! This is the{atPlace} assistant. How can I help you today?",
    es: "¡Hola! Soy el asistente{ofPlaceEs}. ¿En qué le puedo ayudar?",
  },
  "policy.are_you_still_there_how": {
    en: "Are you still there? How can I help you?",
    es: "¿Sigue ahí? ¿En qué le puedo ayudar?",
  },
  "policy.i_cant_hear_you_would": {
    en: "I can't hear you. Would you like me to connect you with a person?",
    es: "No le escucho. ¿Quiere que le comunique con una persona?",
  },
  "policy.im_going_to_hang_up": {
    en: "I'm going to hang up now. Please call back any time. Goodbye!",
    es: "Voy a colgar. Llámenos cuando guste. ¡Adiós!",
  },
  "policy.im_sorry_we_seem_to": {
    en: "I'm sorry, we seem to be going in circles. Would you like me to connect you with a person?",
    es: "Perdón, parece que no avanzamos. ¿Quiere que le comunique con una persona?",
  },
  "policy.please_dont_read_card_numbers": {
    en: "Please don't read card numbers to me; for your safety I never take them. ",
    es: "Por favor no me dé números de tarjeta; por su seguridad nunca los tomo. ",
  },
  "policy.no_problem_nothing_is_booked": {
    en: "No problem, nothing is booked. Is there anything else I can help with?",
    es: "No hay problema, no reservé nada. ¿Le ayudo con algo más?",
  },
  "policy.no_problem_i_wont_leave": {
    en: "No problem, I won't leave a message. Is there anything else I can help with?",
    es: "No hay problema, no dejo ningún mensaje. ¿Le ayudo con algo más?",
  },
  "steps.thanks_for_calling_goodbye": {
    en: "Thanks for calling{atFacility}. Goodbye!",
    es: "Gracias por llamar{atFacilityEs}. ¡Adiós!",
  },
  "steps.anything_else_i_can_help": {
    en: "Anything else I can help with?",
    es: "¿Algo más?",
  },
  "steps.thanks_anything_else_i_can": {
    en: "Thanks! Anything else I can help with?",
    es: "¡Gracias! ¿Algo más?",
  },
  "steps.now_whats_the_full_name": {
    en: "Now, what's the full name on the account?",
    es: "Ahora, ¿cuál es el nombre completo en la cuenta?",
  },
  "steps.now_whats_the_phone_number": {
    en: "Now, what's the phone number on the account or your confirmation code?",
    es: "Ahora, ¿cuál es el teléfono de la cuenta o su código?",
  },
  "steps.can_i_get_your_name": {
    en: "can I get your name, so I can note this price for you?",
    es: "¿me da su nombre para anotarle este precio?",
  },
  "steps.can_i_get_your_name_2": {
    en: "can I get your name and a phone number or e-mail, so I can note this price for you?",
    es: "¿me da su nombre y un teléfono o correo para anotarle este precio?",
  },
  "steps.before_you_go": {
    en: "Before you go,",
    es: "Antes de irse,",
  },
  "steps.no_problem": {
    en: "No problem.",
    es: "No hay problema.",
  },
  "steps.thanks": {
    en: "Thanks.",
    es: "Gracias.",
  },
  "steps.thanks_ive_noted_the_mo": {
    en: "Thanks, {given}! I've noted the {monthlyRateCents}/mo price for you.",
    es: "¡Gracias, {given}! Le anoté el precio de {monthlyRateCents} al mes.",
  },
  "steps.thanks_2": {
    en: "Thanks, {given}!",
    es: "¡Gracias, {given}!",
  },
  "steps.no_problem_anything_else_i": {
    en: "No problem. Anything else I can help with?",
    es: "No hay problema. ¿Algo más?",
  },
  "steps.sure_whats_your_name": {
    en: "Sure, what's your name?",
    es: "Claro, ¿cuál es su nombre?",
  },
  "route.your_confirmation_code_is": {
    en: "Your confirmation code is {confirmationCode}.",
    es: "Su código de confirmación es {confirmationCode}.",
  },
  "route.youre_welcome_is_there_anything": {
    en: "You're welcome! Is there anything else I can help with?",
    es: "¡De nada! ¿Le ayudo con algo más?",
  },
  "route.switching_units": {
    en: "Moving to another unit is done by the office, since it changes your rental. Would you like me to connect you with someone at the office?",
    es: "El cambio a otra unidad lo hace la oficina, porque cambia su contrato. ¿Quiere que le comunique con alguien de la oficina?",
  },
  "route.your_booking_costs": {
    en: "You booked {what} at {monthlyRateCents}/mo, with {dueAtMoveInCents} due at move-in on {day}.",
    es: "Reservó {what} a {monthlyRateCents} al mes, con {dueAtMoveInCents} al mudarse el {day}.",
  },
  "route.your_confirmation_codes_are": {
    en: "Your confirmation codes are {codes}.",
    es: "Sus códigos de confirmación son {codes}.",
  },
  "route.code_for_unit": {
    en: "{confirmationCode} for {what}",
    es: "{confirmationCode} para {what}",
  },
  "route.you_booked_units": {
    en: "You booked {bookings}. Together that's {monthlyRateCents}/mo, with {dueAtMoveInCents} due at move-in.",
    es: "Reservó {bookings}. En total son {monthlyRateCents} al mes, con {dueAtMoveInCents} al mudarse.",
  },
  "route.booking_at_price": {
    en: "{what} at {monthlyRateCents}/mo, with {dueAtMoveInCents} due at move-in on {day}",
    es: "{what} a {monthlyRateCents} al mes, con {dueAtMoveInCents} al mudarse el {day}",
  },
  "smalltalk.doing_well": {
    en: "I'm doing well, thanks for asking! How can I help you today?",
    es: "¡Muy bien, gracias por preguntar! ¿En qué le puedo ayudar hoy?",
  },
  "smalltalk.take_your_time": {
    en: "Sure, take your time.",
    es: "Claro, tómese su tiempo.",
  },
  "smalltalk.virtual_assistant": {
    en: "I'm the virtual assistant{ofPlace}, not a person. I can answer questions about sizes, prices and hours, reserve a unit or take a message, and I can connect you with someone at the office if you'd rather. How can I help?",
    es: "Soy el asistente virtual{ofPlaceEs}, no una persona. Puedo responder preguntas sobre tamaños, precios y horarios, reservar una unidad o tomar un mensaje, y puedo comunicarle con alguien de la oficina si lo prefiere. ¿En qué le puedo ayudar?",
  },
  "route.hi_there_how_can_i": {
    en: "Hi there! How can I help you today?",
    es: "¡Hola! ¿En qué le puedo ayudar hoy?",
  },
  "route.hi_nice_to_meet_you": {
    en: "Hi {given}, nice to meet you! How can I help you today?",
    es: "¡Hola, {given}, mucho gusto! ¿En qué le puedo ayudar hoy?",
  },
  "route.thanks_ive_noted_that_how": {
    en: "Thanks{given}, I've noted that. How can I help you today?",
    es: "Gracias{given}, lo anoté. ¿En qué le puedo ayudar hoy?",
  },
  "route.i_can_help_with_storage": {
    en: "I can help with storage units: prices, availability, hours, and reservations. What can I do for you?",
    es: "Le puedo ayudar con unidades de almacenamiento: precios, disponibilidad, horarios y reservaciones. ¿Qué necesita?",
  },
  "route.sorry_i_didnt_catch_that": {
    en: "Sorry, I didn't catch that. You can ask me about prices, sizes, hours, or reserving a unit.",
    es: "Perdón, no le entendí. Puede preguntarme por precios, tamaños, horarios o reservar una unidad.",
  },
  "route.im_having_trouble_understanding_would": {
    en: "I'm having trouble understanding. Would you like me to connect you with a person?",
    es: "Me está costando entenderle. ¿Quiere que le comunique con una persona?",
  },
  "route.okay_what_can_i_help": {
    en: "Okay. What can I help you with?",
    es: "Está bien. ¿En qué le puedo ayudar?",
  },
  "route.no_problem_would_you_still": {
    en: "No problem. Would you still like to leave your message for the office?",
    es: "No hay problema. ¿Todavía quiere dejar su mensaje para la oficina?",
  },
  "route.no_problem_is_there_anything": {
    en: "No problem. Is there anything else I can help with?",
    es: "No hay problema. ¿Le ayudo con algo más?",
  },
  "route.no_problem_payment_link_instead": {
    en: "No problem. Would you like a secure payment link by text instead?",
    es: "No hay problema. ¿Prefiere que le envíe un enlace de pago seguro por mensaje?",
  },
  "route.anything_else": {
    en: "Anything else?",
    es: "¿Algo más?",
  },
  "route.done_ive_texted_you_a": {
    en: "Done, I've texted you a map link. Anything else?",
    es: "Listo, le envié el enlace del mapa. ¿Algo más?",
  },
  "route.sorry_i_couldnt_send_the": {
    en: "Sorry, I couldn't send the text. Anything else?",
    es: "Perdón, no pude enviar el mensaje. ¿Algo más?",
  },
  "route.and_we_hold_the_unit": {
    en: " and we hold the unit until {days} day{plural} after your move-in date",
    es: " y le guardamos la unidad hasta {days} día{plural} después de la fecha de mudanza",
  },
  "route.reserving_is_free_nothing_is": {
    en: "Reserving is free: nothing is paid until move-in{held}.",
    es: "Reservar es gratis: no se paga nada hasta mudarse{held}.",
  },
  "route.would_you_like_me_to": {
    en: "Would you like me to reserve it?",
    es: "¿Quiere que se la reserve?",
  },
  "sales.we_have_sizes_from_to": {
    en: " We have sizes from {smallest} to {largest}.",
    es: " Tenemos tamaños de {smallest} a {largest}.",
  },
  "sales.what_size_unit_are_you": {
    en: "What size unit are you looking for?{range} If you're not sure, tell me what you're storing.",
    es: "¿Qué tamaño de unidad busca?{range} Si no está seguro, dígame qué va a guardar.",
  },
  "sales.all_our_units_here_predicate": {
    en: "All our {sz} units here{predicate}.",
    es: "Aquí todas las unidades de {sz} vienen {features}.",
  },
  "sales.yes_it_predicate": {
    en: "Yes, it{predicate}.",
    es: "Sí, es una unidad {features}.",
  },
  "sales.no_that_one_predicate": {
    en: "No, that one{predicate}.",
    es: "No, esa no viene {features}.",
  },
  "sales.we_dont_have_anything_smaller": {
    en: "We don't have anything smaller than the {sz} free right now.",
    es: "No tenemos nada más chico que la de {sz} libre ahora.",
  },
  "sales.we_dont_have_anything_larger": {
    en: "We don't have anything larger than the {sz} free right now.",
    es: "No tenemos nada más grande que la de {sz} libre ahora.",
  },
  "sales.we_dont_have_available_right": {
    en: "We don't have {asked} available right now. The closest is {alternative} at {monthlyRateCents}/mo. Would you like to reserve it?",
    es: "No tenemos {asked} disponible ahora. La más cercana es {alternative} a {monthlyRateCents} al mes. ¿Quiere reservarla?",
  },
  "sales.we_dont_carry_closest_is": {
    en: "We don't carry {sz} units here; the closest we have is {closest}. Would you like to reserve it?",
    es: "No manejamos unidades de {sz} aquí; lo más cercano que tenemos es {closest}. ¿Quiere reservarla?",
  },
  "sales.we_dont_carry_closest_are": {
    en: "We don't carry {sz} units here; the closest we have are {closest}. Would you like to reserve the {first}?",
    es: "No manejamos unidades de {sz} aquí; lo más cercano que tenemos es {closest}. ¿Quiere reservar la de {first}?",
  },
  "sales.we_dont_carry_none_free": {
    en: "We don't carry {sz} units here, and nothing close to that size is free right now. Would you like to leave your name and number so the office can call you when one opens up?",
    es: "No manejamos unidades de {sz} aquí, y no hay nada libre de un tamaño parecido ahora. ¿Quiere dejar su nombre y número para que la oficina le llame?",
  },
  "sales.unit_at_price": {
    en: "{what} at {monthlyRateCents}/mo",
    es: "{what} a {monthlyRateCents} al mes",
  },
  "sales.we_dont_have_rv_parking": {
    en: "Sorry, we don't have RV or boat parking here.",
    es: "Lo siento, aquí no tenemos estacionamiento para RV ni botes.",
  },
  "sales.parking_is_available_at": {
    en: "Parking is available at {places}.",
    es: "Hay estacionamiento en {places}.",
  },
  "sales.we_dont_have_vehicle_parking": {
    en: "Sorry, we don't have vehicle parking here.",
    es: "Lo siento, aquí no tenemos estacionamiento para vehículos.",
  },
  "sales.sorry_we_have_no_plural": {
    en: "Sorry, we have no {askedPlural} available right now. Would you like to leave your name and number so the office can call you when one opens up?",
    es: "Lo siento, no tenemos {askedPlural} disponibles. ¿Quiere dejar su nombre y número para que la oficina le llame?",
  },
  "sales.all_taken_at_rate": {
    en: "Our {askedPlural} are {monthlyRateCents}/mo, but they're all taken right now. Would you like to leave your name and number so the office can call you when one opens up?",
    es: "Nuestras {askedPlural} cuestan {monthlyRateCents} al mes, pero ahora están todas ocupadas. ¿Quiere dejar su nombre y número para que la oficina le llame cuando se desocupe una?",
  },
  "sales.all_taken_from_rate": {
    en: "Our {askedPlural} start at {monthlyRateCents}/mo, but they're all taken right now. Would you like to leave your name and number so the office can call you when one opens up?",
    es: "Nuestras {askedPlural} cuestan desde {monthlyRateCents} al mes, pero ahora están todas ocupadas. ¿Quiere dejar su nombre y número para que la oficina le llame cuando se desocupe una?",
  },
  "sales.everything_taken_rates": {
    en: "We're full right now: every unit is taken. Our rates are {sizes}. Would you like to leave your name and number so the office can call you when one opens up?",
    es: "Ahora estamos llenos: todas las unidades están ocupadas. Nuestros precios son {sizes}. ¿Quiere dejar su nombre y número para que la oficina le llame cuando se desocupe una?",
  },
  "sales.size_at_price": {
    en: "{sz} at {monthlyRateCents}/mo",
    es: "{sz} a {monthlyRateCents} al mes",
  },
  "sales.right_now_we_have_a": {
    en: " Right now we have a special: {promotionName}.",
    es: " Ahora tenemos una promoción: {promotionName}.",
  },
  "sales.usual_size_holds": {
    en: "For {hint} the usual size is a {usual}, which holds {text}",
    es: "Para {hintEs} lo usual es una de {usual}, que guarda {text}",
  },
  "sales.usual_size": {
    en: "For {hint} the usual size is a {usual}",
    es: "Para {hintEs} lo usual es una de {usual}",
  },
  "sales.next_size_up": {
    en: "; with a lot of furniture, the next size up is a {next} at {nextPrice}/mo.",
    es: "; con muchos muebles, el siguiente tamaño es una de {next} a {nextPrice} al mes.",
  },
  "sales.for_id_suggest_at": {
    en: "For {hint}, I'd suggest {what}, at {monthlyRateCents}/mo.",
    es: "Para {hintEs}, le sugiero {what}, a {monthlyRateCents} al mes.",
  },
  "sales.is_mo": {
    en: "{what} is {monthlyRateCents}/mo.",
    es: "{what} cuesta {monthlyRateCents} al mes.",
  },
  "sales.thats_mo": {
    en: "That's {monthlyRateCents}/mo.",
    es: "Cuesta {monthlyRateCents} al mes.",
  },
  "sales.kinds_of_size": {
    en: "For a {sz}, we have {kinds}.",
    es: "En {sz} tenemos {kinds}.",
  },
  "sales.which_would_you_like_to_reserve": {
    en: "Would you like to reserve one? Just tell me which.",
    es: "¿Quiere reservar una? Dígame cuál.",
  },
  "sales.which_one_would_you_like": {
    en: "Which one would you like?",
    es: "¿Cuál prefiere?",
  },
  "sales.one_unit_per_reservation": {
    en: "Each reservation holds one unit, so I'll book your {count} one at a time, with the same details.",
    es: "Cada reserva es para una unidad, así que reservaré sus {count} una por una, con los mismos datos.",
  },
  "sales.only_n_free": {
    en: "We only have {available} of those free right now.",
    es: "Solo tenemos {available} de esas disponibles ahora.",
  },
  "sales.reserve_the_next_unit": {
    en: "That's {booked} of your {count}. Would you like me to reserve the next {sz} the same way, moving in {day}?",
    es: "Con esa lleva {booked} de sus {count}. ¿Quiere que reserve la siguiente unidad de {sz} igual, para el {day}?",
  },
  "sales.we_have_one_left": {
    en: "We have one left.",
    es: "Nos queda una.",
  },
  "sales.we_have_available": {
    en: "We have {available} available.",
    es: "Tenemos {available} disponibles.",
  },
  "sales.yes_we_have_plural_available": {
    en: "Yes, we have {whatPlural} available at {monthlyRateCents}/mo.",
    es: "Sí, tenemos {whatPlural} disponibles a {monthlyRateCents} al mes.",
  },
  "sales.is_mo_2": {
    en: "{advice}{what} is {monthlyRateCents}/mo. {countText}",
    es: "{advice}{what} cuesta {monthlyRateCents} al mes. {countText}",
  },
  "sales.size_from_price": {
    en: "{sz} from {monthlyRateCents}/mo",
    es: "{sz} desde {monthlyRateCents} al mes",
  },
  "sales.our_prices_are": {
    en: "Here's what we have free right now: {sizes}. Which size would you like? If you're not sure, tell me what you're storing.",
    es: "Esto es lo que tenemos libre ahora: {sizes}. ¿Qué tamaño le interesa? Si no está seguro, dígame qué va a guardar.",
  },
  "sales.we_have_free": {
    en: "Yes, we have {sizes}. Which size would you like? If you're not sure, tell me what you're storing.",
    es: "Sí, tenemos {sizes}. ¿Qué tamaño le interesa? Si no está seguro, dígame qué va a guardar.",
  },
  "sales.yes_thats_the_monthly_rent": {
    en: "Yes, that's the monthly rent: {what} is {monthlyRateCents}/mo.",
    es: "Sí, es la renta mensual: {what} cuesta {monthlyRateCents} al mes.",
  },
  "sales.would_you_like_to_reserve": {
    en: "Would you like to reserve one?",
    es: "¿Quiere reservar una?",
  },
  "sales.the_office_can_tell_you": {
    en: "The office can tell you about move-in charges. Would you like to leave a message?",
    es: "La oficina le puede explicar los cargos al mudarse. ¿Quiere dejar un mensaje?",
  },
  "sales.a_one_time_administrative_fee": {
    en: "a one-time {amountCents} administrative fee",
    es: "un cargo administrativo único de {amountCents}",
  },
  "sales.x": {
    en: "{text} ({amountCents})",
    es: "{text} ({amountCents})",
  },
  "sales.at_move_in_theres": {
    en: "At move-in there's {list}",
    es: "Al mudarse hay {list}",
  },
  "sales.theres_no_admin_fee": {
    en: "There's no admin fee",
    es: "No hay cargo administrativo",
  },
  "sales.and_a_refundable_deposit": {
    en: ", and a refundable {amountCents} deposit.",
    es: ", y un depósito reembolsable de {amountCents}.",
  },
  "sales.and_no_deposit": {
    en: ", and no deposit.",
    es: ", y no se pide depósito.",
  },
  "sales.besides_that_you_pay_the": {
    en: "Besides that you pay the first month's rent.",
    es: "Además paga el primer mes de renta.",
  },
  "sales.a_holds_would_you_like": {
    en: "A {size} holds {text}. Would you like a price or to reserve one?",
    es: "Una de {size} guarda {text}. ¿Quiere el precio o reservar una?",
  },
  "sales.tell_me_what_youre_storing": {
    en: "Tell me what you're storing, for example a one-bedroom apartment or a car, and I'll suggest a size.",
    es: "Dígame qué va a guardar, por ejemplo un departamento de una recámara o un carro, y le sugiero un tamaño.",
  },
  "sales.a_holds": {
    en: "A {size} holds {text}.",
    es: "Una de {size} guarda {text}.",
  },
  "sales.im_not_able_to_make": {
    en: "I'm not able to make reservations right now, but I can take your details and have the office call you back.",
    es: "No puedo hacer reservaciones ahora, pero puedo tomar sus datos para que la oficina le llame.",
  },
  "sales.what_day_would_you_like": {
    en: "What day would you like to move in?",
    es: "¿Qué día quiere mudarse?",
  },
  "sales.that_date_has_passed_what": {
    en: "That date has passed. What day would you like to move in?",
    es: "Esa fecha ya pasó. ¿Qué día quiere mudarse?",
  },
  "sales.i_can_only_book_up": {
    en: "I can only book up to a year ahead. What day would you like to move in?",
    es: "Solo puedo reservar con hasta un año de anticipación. ¿Qué día quiere mudarse?",
  },
  "sales.for": {
    en: " for {text}",
    es: " por {text}",
  },
  "sales.the_next_day_were_open": {
    en: " The next day we're open is {day}. Would that work, or would you like another day?",
    es: " El siguiente día que abrimos es el {day}. ¿Le funciona, o prefiere otro día?",
  },
  "sales.what_other_day_would_work": {
    en: " What other day would work?",
    es: " ¿Qué otro día le funciona?",
  },
  "sales.our_office_is_closed_on": {
    en: "Our office is closed on {day}{why}, so nobody would be there to help you move in.",
    es: "La oficina está cerrada el {day}{why}, así que nadie podría ayudarle a mudarse.",
  },
  "sales.may_i_have_your_first": {
    en: "May I have your first and last name?",
    es: "¿Me da su nombre y apellido?",
  },
  "sales.is_the_number_youre_from": {
    en: "Is {phone}, the number you're {s} from, the best number to reach you?",
    es: "¿Es {phone}, el número desde el que {s}, el mejor para comunicarnos?",
  },
  "sales.would_you_like_the_confirmation": {
    en: "Would you like the confirmation by e-mail? If so, what's your e-mail address? Otherwise just say no.",
    es: "¿Quiere la confirmación por correo? Si es así, ¿cuál es su correo? Si no, diga que no.",
  },
  "sales.let_me_read_that_back": {
    en: "Let me read that back: {what} at {name}, moving in {day}, at {monthlyRateCents}/mo with {dueAtMoveInCents} due at move-in, for {name2} at {reachAt}. Shall I reserve it?",
    es: "Le confirmo: {what} en {name}, mudanza el {day}, a {monthlyRateCents} al mes con {dueAtMoveInCents} al mudarse, a nombre de {name2}, {reachBy} {reachAt}. ¿La reservo?",
  },
  "sales.im_not_able_to_complete": {
    en: "I'm not able to complete reservations right now, but I'll pass your details to the office so they can call you back.",
    es: "No puedo completar reservaciones ahora, pero pasaré sus datos a la oficina.",
  },
  "sales.im_sorry_that_size_was": {
    en: "I'm sorry, that size was just taken. Would you like a different size?",
    es: "Lo siento, ese tamaño se acaba de ocupar. ¿Quiere otro tamaño?",
  },
  "sales.im_sorry_i_couldnt_complete": {
    en: "I'm sorry, I couldn't complete the reservation. Would you like me to connect you with the office?",
    es: "Lo siento, no pude completar la reservación. ¿Le comunico con la oficina?",
  },
  "sales.youre_all_set_your_confirmation": {
    en: "You're all set! Your confirmation code is {confirmationCode}. We'll hold the unit for you; bring a photo ID when you move in on {day}. Is there anything else I can help with?",
    es: "¡Listo! Su código de confirmación es {confirmationCode}. Le guardamos la unidad; traiga una identificación con foto al mudarse el {day}. ¿Le ayudo con algo más?",
  },
  "sales.reserved_pending_in_the_pms": {
    en: "I've reserved it for you; your confirmation code is {confirmationCode}. It's still pending in the facility's system, so if anything changes we'll text you right away. Bring a photo ID when you move in on {day}. Is there anything else I can help with?",
    es: "Se la reservé; su código de confirmación es {confirmationCode}. Todavía está pendiente en el sistema de la instalación; si algo cambia le enviaremos un mensaje de inmediato. Traiga una identificación con foto al mudarse el {day}. ¿Le ayudo con algo más?",
  },
  "account.i_can_take_your_payment_keypad": {
    en: "I can take your payment on this call with your phone's keypad; I won't hear your card number. ",
    es: "Puedo tomar su pago en esta llamada con el teclado de su teléfono; no escucharé el número de su tarjeta. ",
  },
  "account.your_balance_is_pay_by_keypad": {
    en: "Your balance is {balanceCents}. I can take the payment now on this call with your keypad, or text you a secure link. Would you like to pay now by keypad?",
    es: "Su saldo es {balanceCents}. Puedo tomar el pago ahora con el teclado de su teléfono, o enviarle un enlace seguro. ¿Quiere pagar ahora con el teclado?",
  },
  "account.handing_you_to_secure_payment": {
    en: "Your balance is {balanceCents}. I'm handing you to our secure payment line now: enter your card number on your keypad when asked. I won't hear the numbers, and you can press star to stop.",
    es: "Su saldo es {balanceCents}. Le paso a nuestra línea de pago segura: marque el número de su tarjeta en el teclado cuando se lo pida. Yo no escucharé los números, y puede marcar asterisco para detenerse.",
  },
  "account.no_balance_due_anything_else": {
    en: "You're all paid up: there's no balance due. Anything else I can help with?",
    es: "Está al corriente: no tiene saldo pendiente. ¿Algo más en que le pueda ayudar?",
  },
  "payment.your_payment_went_through": {
    en: "Thank you! Your payment of {amount} went through.",
    es: "¡Gracias! Su pago de {amount} se realizó.",
  },
  "payment.receipt_on_its_way": {
    en: " Your receipt is on its way by text.",
    es: " Su recibo va en camino por mensaje.",
  },
  "payment.being_confirmed": {
    en: "Thank you. Your payment of {amount} is being confirmed; the office will reach out if anything else is needed.",
    es: "Gracias. Estamos confirmando su pago de {amount}; la oficina le contactará si hace falta algo más.",
  },
  "payment.stopped_nothing_charged": {
    en: "Okay, I stopped the payment and nothing was charged. Would you like a secure payment link by text instead?",
    es: "Está bien, detuve el pago y no se cobró nada. ¿Prefiere que le envíe un enlace de pago seguro por mensaje?",
  },
  "payment.didnt_go_through_nothing_charged": {
    en: "Sorry, the payment didn't go through and nothing was charged. Would you like a secure payment link by text instead, so you can pay with another card?",
    es: "Lo siento, el pago no se realizó y no se cobró nada. ¿Le envío un enlace de pago seguro por mensaje para pagar con otra tarjeta?",
  },
  "account.i_cant_take_card_numbers": {
    en: "I can't take card numbers here, but I can text you a secure payment link. ",
    es: "No puedo tomar números de tarjeta, pero le puedo enviar un enlace de pago seguro. ",
  },
  "account.for_your_security_whats_the": {
    en: "For your security, what's the full name on the account?",
    es: "Por su seguridad, ¿cuál es el nombre completo en la cuenta?",
  },
  "account.sorry_whats_the_full_name": {
    en: "Sorry, what's the full name on the account?",
    es: "Perdón, ¿cuál es el nombre completo en la cuenta?",
  },
  "account.the_name_finds_your_account": {
    en: "I need it to find your account and keep your information secure. What's the full name on the account?",
    es: "Lo necesito para encontrar su cuenta y proteger su información. ¿Cuál es el nombre completo en la cuenta?",
  },
  "account.i_cant_verify_the_account": {
    en: "I'm sorry, I can't verify the account here, so I can't share anything from it. Someone at the office can help: would you like me to connect you, or take a message?",
    es: "Lo siento, no puedo verificar la cuenta por aquí, así que no puedo compartir información de ella. Alguien de la oficina le puede ayudar: ¿quiere que le comunique o que tome un mensaje?",
  },
  "account.i_still_cant_verify": {
    en: "I'm sorry, I couldn't verify the account earlier, so I can't help with it here. Would you like me to connect you with someone at the office, or take a message?",
    es: "Lo siento, no pude verificar la cuenta antes, así que no puedo ayudarle con ella por aquí. ¿Quiere que le comunique con alguien de la oficina o que tome un mensaje?",
  },
  "account.without_the_name_i_cant": {
    en: "No problem. Without the name on the account I can't look it up here, but someone at the office can help. Would you like me to connect you?",
    es: "No hay problema. Sin el nombre en la cuenta no puedo buscarla aquí, pero alguien de la oficina le puede ayudar. ¿Quiere que le comunique?",
  },
  "account.i_couldnt_match_that_to": {
    en: "I couldn't match that to the number you're {s} from. What's the phone number on the account, or your confirmation code?",
    es: "No encontré esa cuenta con su número. ¿Cuál es el teléfono de la cuenta o su código de confirmación?",
  },
  "account.thanks_whats_the_phone_number": {
    en: "Thanks. What's the phone number on the account, or your confirmation code?",
    es: "Gracias. ¿Cuál es el teléfono de la cuenta o su código de confirmación?",
  },
  "account.please_tell_me_the_phone": {
    en: "Please tell me the phone number on the account or your confirmation code.",
    es: "Dígame el teléfono de la cuenta o su código de confirmación.",
  },
  "account.i_couldnt_verify_that_could": {
    en: "I couldn't verify that. Could you try the phone number on the account or your confirmation code again?",
    es: "No pude verificarlo. ¿Puede repetir el teléfono de la cuenta o su código de confirmación?",
  },
  "account.thanks_youre_verified": {
    en: "Thanks, you're verified. ",
    es: "Gracias, ya verifiqué su cuenta. ",
  },
  "account.anything_else_i_can_help": {
    en: " Anything else I can help with?",
    es: " ¿Algo más en que le pueda ayudar?",
  },
  "account.i_dont_see_an_active": {
    en: "I don't see an active rental on your account.",
    es: "No veo una renta activa en su cuenta.",
  },
  "account.youre_all_paid_up_your": {
    en: "You're all paid up: your balance is $0.",
    es: "Está al corriente: su saldo es $0.",
  },
  "account.your_balance_is_would_you": {
    en: "Your balance is {balanceCents}. Would you like a secure payment link by text?",
    es: "Su saldo es {balanceCents}. ¿Le envío un enlace de pago por mensaje?",
  },
  "account.balance_system_unreachable": {
    en: "I can't read your balance right now: the facility's account system isn't answering. I can connect you with staff, or you can ask me again in a few minutes.",
    es: "No puedo ver su saldo ahora: el sistema de cuentas de la instalación no responde. Puedo comunicarle con el personal, o pregúnteme de nuevo en unos minutos.",
  },
  "account.your_last_known_balance": {
    en: "The facility's account system isn't answering right now. The last balance I have, from {asOf}, is {balanceCents}; it may have changed since.",
    es: "El sistema de cuentas de la instalación no responde ahora. El último saldo que tengo, del {asOf}, es {balanceCents}; puede haber cambiado.",
  },
  "account.i_dont_see_an_active_2": {
    en: "I don't see an active rental with a gate code on your account.",
    es: "No veo una renta activa con código de acceso.",
  },
  "account.your_gate_code_is": {
    en: "{forUnit}your gate code is {gateCode}",
    es: "{forUnitEs}su código es {gateCode}",
  },
  "account.how_can_i_help": {
    en: "How can I help?",
    es: "¿En qué le ayudo?",
  },
  "account.ive_texted_you_a_secure": {
    en: "I've texted you a secure payment link.",
    es: "Le envié un enlace de pago seguro por mensaje.",
  },
  "account.i_cant_send_a_payment": {
    en: "I can't send a payment link right now; the office can help you pay.",
    es: "No puedo enviar el enlace ahora; la oficina le puede ayudar a pagar.",
  },
  "account.i_dont_see_an_active_3": {
    en: "I don't see an active reservation on your account. Anything else I can help with?",
    es: "No veo una reservación activa en su cuenta. ¿Algo más?",
  },
  "account.you_have_more_than_one": {
    en: "You have more than one reservation. What's the confirmation code of the one to cancel?",
    es: "Tiene más de una reservación. ¿Cuál es el código de la que quiere cancelar?",
  },
  "account.i_see_reservation_at_for": {
    en: "I see reservation {confirmationCode} at {facilityName} for {day}. Do you want me to cancel it?",
    es: "Veo la reservación {confirmationCode} en {facilityName} para el {day}. ¿La cancelo?",
  },
  "account.i_couldnt_cancel_that_reservation": {
    en: "I couldn't cancel that reservation. Would you like me to connect you with the office?",
    es: "No pude cancelar esa reservación. ¿Le comunico con la oficina?",
  },
  "account.done_reservation_is_cancelled_anything": {
    en: "Done: reservation {confirmationCode} is cancelled. Anything else I can help with?",
    es: "Listo: la reservación {confirmationCode} está cancelada. ¿Algo más?",
  },
  "person.you_can_reach_our_office": {
    en: "You can reach our office at {phone} right now. Anything else I can help with?",
    es: "Puede llamar a nuestra oficina al {phone} ahora. ¿Algo más?",
  },
  "person.sure_connecting_you_with_someone": {
    en: "Sure, connecting you with someone at the office now. One moment, please.",
    es: "Claro, le comunico con la oficina. Un momento, por favor.",
  },
  "person.our_office_is_closed_right": {
    en: "Our office is closed right now, but I can take a message and someone will call you back.",
    es: "La oficina está cerrada ahora, pero puedo tomar un mensaje y le llamarán.",
  },
  "person.i_can_take_a_message": {
    en: "I can take a message and someone from the office will call you back.",
    es: "Puedo tomar un mensaje y alguien de la oficina le llamará.",
  },
  "person.got_it": {
    en: "Got it.",
    es: "Entendido.",
  },
  "person.whats_the_best_number_to": {
    en: "What's the best number to reach you?",
    es: "¿Cuál es el mejor número?",
  },
  "person.go_ahead_whats_the_message": {
    en: "Go ahead, what's the message?",
    es: "Adelante, ¿cuál es el mensaje?",
  },
  "person.may_i_have_your_name": {
    en: "May I have your name?",
    es: "¿Me da su nombre?",
  },
  "person.should_we_call_you_back": {
    en: "Should we call you back at {phone}?",
    es: "¿Le llamamos al {phone}?",
  },
  "person.what_message_would_you_like": {
    en: "What message would you like me to pass along?",
    es: "¿Qué mensaje quiere dejar?",
  },
  "person.thank_you_ive_passed_your": {
    en: "Thank you, I've passed your message to the team and someone will call you back. Goodbye!",
    es: "Gracias, pasé su mensaje al equipo y le llamarán. ¡Adiós!",
  },
  "person.sorry_about_that_i_can_connect": {
    en: "Sorry about that. I can connect you with someone at the office, or take an urgent message for the manager. Would you like me to connect you?",
    es: "Lamento el problema. Puedo comunicarle con alguien de la oficina o tomar un mensaje urgente para el gerente. ¿Quiere que le comunique?",
  },
  "person.sorry_about_that_i_can_pass": {
    en: "Sorry about that. I can pass an urgent message to the manager so someone gets back to you. Would you like me to do that?",
    es: "Lamento el problema. Puedo pasarle un mensaje urgente al gerente para que le contacten. ¿Quiere que lo haga?",
  },
  "person.if_anyone_is_in_danger": {
    en: "If anyone is in danger, please hang up and call 911.",
    es: "Si alguien está en peligro, cuelgue y llame al 911.",
  },
  "person.im_connecting_you_to_our": {
    en: "I'm connecting you to our staff right now.",
    es: "Le comunico con nuestro personal ahora mismo.",
  },
  "person.please_call_our_office_now": {
    en: "Please call our office now at {phone}.",
    es: "Llame a nuestra oficina ahora al {phone}.",
  },
  "person.ive_sent_an_urgent_message": {
    en: "I've sent an urgent message to the manager, who will call you back at {phone} as soon as possible.",
    es: "Envié un mensaje urgente al gerente, que le llamará al {phone} lo antes posible.",
  },
  "person.ill_send_the_manager_an": {
    en: "I'll send the manager an urgent message. What number should they call you back on?",
    es: "Enviaré un mensaje urgente al gerente. ¿A qué número le llaman?",
  },
  "info.which_location_do_you_mean": {
    en: "Which location do you mean: {list}?",
    es: "¿Qué sucursal: {list}?",
  },
  "info.you_can_access_your_unit": {
    en: "You can access your unit 24 hours a day, every day.",
    es: "Puede entrar a su unidad las 24 horas, todos los días.",
  },
  "info.gate_access_hours_are": {
    en: "Gate access hours are {week}.",
    es: "El horario de acceso es: {week}.",
  },
  "info.the_office_can_tell_you": {
    en: "The office can tell you the gate hours.",
    es: "La oficina le puede dar el horario de acceso.",
  },
  "info.today_access_is_closed_for": {
    en: "Today access is closed{why}.",
    es: "Hoy el acceso está cerrado{why}.",
  },
  "info.i_dont_have_the_office": {
    en: "I don't have the office hours on file. Would you like to leave a message?",
    es: "No tengo el horario de la oficina. ¿Quiere dejar un mensaje?",
  },
  "info.our_office_is_open": {
    en: "Our office is open {week}.",
    es: "Nuestra oficina abre {week}.",
  },
  "info.staff_are_on_site_during": {
    en: "Our staff are on site during office hours: {week}.",
    es: "Nuestro personal está en el lugar en horario de oficina: {week}.",
  },
  "info.someone_is_in_now": {
    en: "Someone is in the office now. Would you like me to connect you?",
    es: "Ahora hay alguien en la oficina. ¿Quiere que le comunique?",
  },
  "info.nobody_is_in_now": {
    en: "The office is closed right now. Would you like to leave a message for the staff?",
    es: "En este momento la oficina está cerrada. ¿Quiere dejar un mensaje para el personal?",
  },
  "info.staff_hours_not_on_file": {
    en: "I don't have the office hours on file. Would you like me to connect you with someone at the office?",
    es: "No tengo el horario de la oficina. ¿Quiere que le comunique con alguien de la oficina?",
  },
  "info.today_office_open": {
    en: "Today our office is open {hours}.",
    es: "Hoy la oficina abre {hours}.",
  },
  "info.today_access_open": {
    en: "Today gate access is open {hours}.",
    es: "Hoy el acceso está abierto {hours}.",
  },
  "info.office_closed_today": {
    en: "Our office is closed today.",
    es: "Hoy la oficina está cerrada.",
  },
  "info.access_closed_today": {
    en: "Gate access is closed today.",
    es: "Hoy el acceso está cerrado.",
  },
  "info.closed_today_for": {
    en: "We're closed today for {closedFor}.",
    es: "Hoy estamos cerrados por {closedFor}.",
  },
  "info.today_were_closed_for": {
    en: "Today we're closed{why}.",
    es: "Hoy estamos cerrados{why}.",
  },
  "info.were_open_now": {
    en: "We're open now.",
    es: "Ahora estamos abiertos.",
  },
  "info.were_closed_right_now": {
    en: "We're closed right now.",
    es: "En este momento estamos cerrados.",
  },
  "info.office_closed_on_day_for": {
    en: "We're closed on {day}{why}.",
    es: "Estamos cerrados el {day}{why}.",
  },
  "info.office_closed_on_day": {
    en: "We're closed on {day}.",
    es: "Estamos cerrados el {day}.",
  },
  "info.office_open_on_day": {
    en: "On {day} our office is open {hours}.",
    es: "El {day} la oficina abre {hours}.",
  },
  "info.access_closed_on_day_for": {
    en: "Gate access is closed on {day}{why}.",
    es: "El acceso está cerrado el {day}{why}.",
  },
  "info.access_closed_on_day": {
    en: "Gate access is closed on {day}.",
    es: "El acceso está cerrado el {day}.",
  },
  "info.access_open_on_day": {
    en: "On {day} gate access is {hours}.",
    es: "El {day} el horario de acceso es {hours}.",
  },
  "info.is_at": {
    en: "{facilityName} is at {address}.",
    es: "{facilityName} está en {address}.",
  },
  "info.directions": {
    en: " {text}",
    es: " {text}",
  },
  "info.would_you_like_me_to": {
    en: " Would you like me to text you a map link?",
    es: " ¿Le envío un enlace del mapa por mensaje?",
  },
  "info.we_dont_have_any_specials": {
    en: "We don't have any specials running right now. I can quote you our current rates.",
    es: "Ahora no tenemos promociones. Le puedo dar nuestros precios actuales.",
  },
  "info.on_select_units": {
    en: "{name} (on select units)",
    es: "{name} (en unidades seleccionadas)",
  },
  "info.yes_we_have_audience_discount": {
    en: "Yes, we have: {list}.",
    es: "Sí, tenemos: {list}.",
  },
  "info.no_audience_discount_on_file": {
    en: "I don't have a {audience} discount on file here.",
    es: "No tengo registrado un descuento para {audienceEs} aquí.",
  },
  "info.the_specials_we_have_are": {
    en: "The specials we have right now are: {list}.",
    es: "Las promociones que tenemos ahora son: {list}.",
  },
  "info.the_office_can_confirm_discount": {
    en: "I can have the office confirm whether they offer one. Would you like to leave your name and number for a call back?",
    es: "Puedo pedir a la oficina que le confirme si lo ofrecen. ¿Quiere dejar su nombre y número para que le llamen?",
  },
  "info.right_now_we_have_what": {
    en: "Right now we have: {list}. What size are you looking for?",
    es: "Ahora tenemos: {list}. ¿Qué tamaño busca?",
  },
  "info.the_office_can_tell_you_2": {
    en: "The office can tell you about protecting your belongings. Would you like to leave a message?",
    es: "La oficina le puede explicar cómo proteger sus cosas. ¿Quiere dejar un mensaje?",
  },
  "info.of_coverage_for_mo": {
    en: "{name}: {coverageCents} of coverage for {monthlyCents}/mo",
    // The plan's name is the operator's English: a Spanish caller hears the plan by its terms.
    es: "{coverageCents} de cobertura por {monthlyCents} al mes",
  },
  "info.we_offer_a_protection_plan": {
    en: "We offer a protection plan for your stored goods. {list}. You can add it at move-in.",
    es: "Ofrecemos un plan de protección para sus cosas: {list}. Lo puede agregar al mudarse.",
  },
  "info.our_protection_plans": {
    en: "Our protection plans: {list}.",
    es: "Nuestros planes de protección: {list}.",
  },
  "info.at_move_in_you_also": {
    en: "At move-in you also sign the lease and pay the first month's rent and any fees.",
    es: "Al mudarse también firma el contrato y paga el primer mes y los cargos.",
  },
  "info.tenants_can_pay_by_card": {
    en: "Tenants can pay by card through a secure link I text them; the office can tell you about other ways to pay. Would you like me to connect you?",
    es: "Los inquilinos pueden pagar con tarjeta con un enlace seguro que les envío por mensaje; la oficina le explica otras formas de pago. ¿Le comunico?",
  },
  "info.payment_methods_not_on_file": {
    en: "I don't have the payment methods on file, but the office can confirm them. Would you like me to connect you?",
    es: "No tengo las formas de pago registradas, pero la oficina se las puede confirmar. ¿Quiere que le comunique?",
  },
  "info.the_office_can_confirm_other_ways": {
    en: "For other ways to pay, the office can confirm. Would you like me to connect you?",
    es: "Sobre otras formas de pago, la oficina le puede confirmar. ¿Quiere que le comunique?",
  },
  "info.to_move_in_bring_a": {
    en: "To move in, bring a government photo ID and a lock, sign the lease, and pay the first month's rent and any fees.",
    es: "Para mudarse, traiga una identificación oficial con foto y un candado, firme el contrato y pague el primer mes y los cargos.",
  },
  "info.im_not_sure_about_that": {
    en: "I'm not sure about that one. Would you like me to connect you with someone at the office?",
    es: "No estoy seguro. ¿Quiere que le comunique con alguien de la oficina?",
  },
  "info.yes_we_have_amenity": {
    en: "Yes, we have {amenities}.",
    es: "Sí, tenemos {amenities}.",
  },
  "info.yes_we_have_amenity_and_is": {
    en: "Yes, we have {amenities}, and the facility is {is}.",
    es: "Sí, tenemos {amenities}, y la instalación es {is}.",
  },
  "info.yes_the_facility_is": {
    en: "Yes, the facility is {amenities}.",
    es: "Sí, la instalación es {amenities}.",
  },
  "info.yes_upstairs_with_elevator": {
    en: "Yes, our {sizes} units are upstairs, with elevator access.",
    es: "Sí, nuestras unidades de {sizes} están en el piso de arriba, con acceso por elevador.",
  },
  "info.upstairs_with_elevator": {
    en: "Our {sizes} units are upstairs, with elevator access.",
    es: "Nuestras unidades de {sizes} están en el piso de arriba, con acceso por elevador.",
  },
  "info.on_the_ground_floor": {
    en: "Our {sizes} units are on the ground floor.",
    es: "Nuestras unidades de {sizes} están en la planta baja.",
  },
  "info.all_on_the_ground_floor": {
    en: "All our units are on the ground floor.",
    es: "Todas nuestras unidades están en la planta baja.",
  },
  "info.freight_not_on_file": {
    en: "I don't have anything on file about a freight elevator, though. Would you like me to connect you with someone at the office?",
    es: "Pero no tengo información sobre un elevador de carga. ¿Quiere que le comunique con alguien de la oficina?",
  },
  "info.amenity_not_on_file": {
    en: "I don't have anything on file about {topic} here. Would you like me to connect you with someone at the office?",
    es: "No tengo información sobre {topicEs} aquí. ¿Quiere que le comunique con alguien de la oficina?",
  },
  "info.climate_controlled_is": {
    en: "A climate-controlled unit is kept within a set temperature range all year (many also limit humidity), which protects wood and leather furniture, electronics, documents, photos and anything that can warp, crack or mildew; a regular unit isn't heated or cooled.",
    es: "Una unidad con clima controlado se mantiene en un rango de temperatura todo el año (muchas también limitan la humedad), lo que protege muebles de madera o piel, aparatos electrónicos, documentos, fotos y todo lo que se pueda deformar, agrietar o enmohecer; una unidad normal no tiene calefacción ni aire.",
  },
  "info.here_climate_comes_in_from": {
    en: "Here climate-controlled units come in {sizes}, from {monthlyRateCents}/mo.",
    es: "Aquí las unidades con clima controlado son de {sizes}, desde {monthlyRateCents} al mes.",
  },
  "info.here_climate_comes_in": {
    en: "Here climate-controlled units come in {sizes}.",
    es: "Aquí las unidades con clima controlado son de {sizes}.",
  },
  "info.we_dont_have_climate_here": {
    en: "We don't have climate-controlled units here.",
    es: "Aquí no tenemos unidades con clima controlado.",
  },
  "info.what_size_are_you_looking": {
    en: "What size are you looking for?",
    es: "¿Qué tamaño busca?",
  },
  "info.lease_terms_not_on_file": {
    en: "You sign the lease when you move in, but I don't have its terms on file (how long it runs or any minimum stay). The office can tell you. Would you like me to connect you with someone there?",
    es: "El contrato se firma al mudarse, pero no tengo sus condiciones (cuánto dura o si hay un plazo mínimo). La oficina le puede decir. ¿Quiere que le comunique con alguien de ahí?",
  },
  "info.lease_terms_not_on_file_short": {
    en: "You sign the lease when you move in; the office can tell you its terms (how long it runs or any minimum stay).",
    es: "El contrato se firma al mudarse; la oficina le puede decir sus condiciones (cuánto dura o si hay un plazo mínimo).",
  },
  "info.yes_we_have_feature_units": {
    en: "Yes, we have {features} units, in {sizes}. What size are you looking for?",
    es: "Sí, tenemos unidades {features}, de {sizes}. ¿Qué tamaño busca?",
  },
  "info.we_dont_have_feature_units": {
    en: "We don't have {features} units here.",
    es: "Aquí no tenemos unidades {features}.",
  },
  "lead.whats_the_best_phone_number": {
    en: "What's the best phone number or e-mail address to reach you?",
    es: "¿Cuál es el mejor teléfono o correo para comunicarnos con usted?",
  },
  "lead.whats_the_best_number_to": {
    en: "What's the best number to call you back?",
    es: "¿A qué número le llamamos?",
  },
  "lead.whats_the_best_phone_number_2": {
    en: "What's the best phone number to reach you?",
    es: "¿Cuál es el mejor número para comunicarnos con usted?",
  },
  "expected_anything_else.sure_what_can_i_help": {
    en: "Sure, what can I help you with?",
    es: "Claro, ¿en qué le ayudo?",
  },
  "expected_confirm.okay_i_wont_cancel_it": {
    en: "Okay, I won't cancel it. Anything else?",
    es: "Está bien, no la cancelo. ¿Algo más?",
  },
  "expected_confirm.what_would_you_like_to": {
    en: "What would you like to change: the size, the move-in date, or your contact details?",
    es: "¿Qué quiere cambiar: el tamaño, la fecha o sus datos?",
  },
  "expected_email.great_whats_your_e_mail": {
    en: "Great, what's your e-mail address?",
    es: "Muy bien, ¿cuál es su correo?",
  },
  "expected_message.would_you_still_like_to": {
    en: "Would you still like to leave a message?",
    es: "¿Todavía quiere dejar un mensaje?",
  },
  "expected_phone.sure_whats_your_e_mail": {
    en: "Sure, what's your e-mail address?",
    es: "Claro, ¿cuál es su correo?",
  },
  "account.gate_codes_only_by_office": {
    en: "For security, gate codes are given only by the office, not by me. Would you like me to connect you with the office?",
    es: "Por seguridad, los códigos de acceso solo los da la oficina. ¿Le comunico con la oficina?",
  },
  "account.ive_texted_a_6_digit": {
    en: "For your security, I've just texted a 6-digit code to the phone number on the account. What's the code?",
    es: "Por su seguridad, le envié un código de 6 dígitos al teléfono de la cuenta. ¿Cuál es el código?",
  },
  "account.please_tell_me_the_6": {
    en: "Please tell me the 6-digit code I just texted to the phone on the account.",
    es: "Dígame el código de 6 dígitos que le envié al teléfono de la cuenta.",
  },
  "account.that_code_doesnt_match": {
    en: "That code doesn't match. Could you read me the 6-digit code from the text again?",
    es: "Ese código no coincide. ¿Me puede repetir el código de 6 dígitos del mensaje?",
  },
  "account.i_cant_give_you_the": {
    en: "I can't give you the gate code right now. Would you like me to connect you with the office?",
    es: "No puedo darle el código ahora. ¿Le comunico con la oficina?",
  },
  "account.ive_texted_your_gate_code": {
    en: "For your security, I've texted your gate code to the phone number on your account.",
    es: "Por su seguridad, le envié su código de acceso por mensaje al teléfono de la cuenta.",
  },
  "engine.gate_code_not_resent": {
    en: "Sorry, my last reply to you was cut off. For your security I never resend a gate code on my own: ask me again and I'll give it to you.",
    es: "Perdón, mi última respuesta se cortó. Por su seguridad nunca reenvío un código de acceso por mi cuenta: pídamelo de nuevo y se lo doy.",
  },
  // Texts sent to the caller (send_link_sms, the one-time code, gate codes), in the caller's language.
  "sms.pay_rent_here": {
    en: "{facility}: pay your rent securely here: {url}",
    es: "{facility}: pague su renta de forma segura aquí: {url}",
  },
  "sms.map": {
    en: "{facility}: {address}. Map: {url}",
    es: "{facility}: {address}. Mapa: {url}",
  },
  "sms.directions": {
    en: "\n{text}",
    es: "\n{text}",
  },
  "sms.directions_only_in_english": {
    en: "\n{text}",
    es: "\nLas indicaciones para llegar las tengo solo en inglés: {text}",
  },
  "sms.reservation_confirmed": {
    en: "{facility}: your reservation is confirmed. Confirmation code {code}. Bring a photo ID to move in.",
    es: "{facility}: su reservación está confirmada. Código de confirmación {code}. Traiga una identificación con foto para mudarse.",
  },
  "sms.verification_code": {
    en: "{facility}your verification code is {code}. It expires in 10 minutes. If you did not ask for it, ignore this text.",
    es: "{facility}su código de verificación es {code}. Vence en 10 minutos. Si usted no lo pidió, ignore este mensaje.",
  },
  "sms.gate_code": {
    en: "{facility}your gate code: {codes}. Never share it.",
    es: "{facility}su código de acceso: {codes}. No lo comparta con nadie.",
  },
  "sms.gate_codes": {
    en: "{facility}your gate codes: {codes}. Never share them.",
    es: "{facility}sus códigos de acceso: {codes}. No los comparta con nadie.",
  },
  "sms.unit_code": {
    en: "unit {unit}: {code}",
    es: "unidad {unit}: {code}",
  },
  "say.texting": {
    en: "texting",
    es: "escribe",
  },
  // Operator text with no Spanish version, said to a Spanish caller: introduced, never a silent switch.
  // Operator text (say.ts operatorSays): as written in the caller's language; with no Spanish version,
  // said to a Spanish caller after a lead-in, never a silent switch. The English side of an
  // "…only_in_english" phrase is never said (English text is always the English caller's language).
  "say.text": {
    en: "{text}",
    es: "{text}",
  },
  "say.only_in_english": {
    en: "{text}",
    es: "Tengo esta información solo en inglés: {text}",
  },
  "say.reason_only_in_english": {
    en: " for {text}",
    es: " (el motivo lo tengo solo en inglés: {text})",
  },
  "say.directions_only_in_english": {
    en: " {text}",
    es: " Las indicaciones para llegar las tengo solo en inglés: {text}",
  },
  "say.fits_only_in_english": {
    en: "A {size} holds {text}.",
    es: "Lo que cabe en una de {size} lo tengo solo en inglés: {text}.",
  },
  "say.fits_only_in_english_offer": {
    en: "A {size} holds {text}. Would you like a price or to reserve one?",
    es: "Lo que cabe en una de {size} lo tengo solo en inglés: {text}. ¿Quiere el precio o reservar una?",
  },
  "say.usual_size_fits_only_in_english": {
    en: "For {hint} the usual size is a {usual}, which holds {text}",
    es: "Para {hintEs} lo usual es una de {usual} (lo que cabe lo tengo solo en inglés: {text})",
  },
  "say.fee_only_in_english": {
    en: "{text} ({amountCents})",
    es: "un cargo de {amountCents} (su nombre lo tengo solo en inglés: {text})",
  },
  // A promotion by its terms (say.ts promotionWords; an English caller hears the operator's name for it).
  "say.promotion_first_month": {
    en: "the first month",
    es: "el primer mes",
  },
  "say.promotion_first_months": {
    en: "the first {months} months",
    es: "los primeros {months} meses",
  },
  "say.promotion_for": {
    en: "{period} for {amount}",
    es: "{period} por {amount}",
  },
  "say.promotion_off": {
    en: "{amount} off {period}",
    es: "{amount} de descuento {period}",
  },
  "say.promotion_free": {
    en: "{period} free",
    es: "{period} gratis",
  },
  "say.promotion_only_in_english": {
    en: "{text}",
    es: "en inglés, «{text}»",
  },
  "say.calling": {
    en: "calling",
    es: "llama",
  },
} as const satisfies Record<string, Record<Language, string>>;

export type PhraseId = keyof typeof PHRASES;

/**
 * The phrase `id` in the caller's language, with its `{name}` placeholders filled from `values`,
 * written as a template literal would write them. A placeholder without a value is a bug in the
 * caller, so it throws rather than say "{name}" aloud.
 */
export function say(
  state: Pick<DialogueState, "language">,
  id: PhraseId,
  values?: Readonly<Record<string, unknown>>,
): string {
  const text: string = PHRASES[id][state.language];
  if (!text.includes("{")) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!values || !Object.hasOwn(values, name)) throw new Error(`phrase ${id}: no value for {${name}}`);
    return String(values[name]);
  });
}
