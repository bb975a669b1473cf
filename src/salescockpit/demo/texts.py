"""The words in the demo data: call notes, objection answers, the head's notes and actions.

This is data (what managers and the head typed), not interface text, so it is not translated:
Russian leads get Russian notes and English leads English ones. Each pool is a pair
(Russian, English) of tuples; pick with ``pool[0 if russian else 1]``.
"""

from __future__ import annotations

CALL_NOTES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "no_answer": (
        ("", "", "Не берёт трубку", "Гудки, без ответа", "Не ответил, попробую вечером"),
        ("", "", "No answer", "Rang out", "No answer, will try later"),
    ),
    "busy": (("", "Занято", "Сбросил звонок"), ("", "Line busy", "Call rejected")),
    "voicemail": (
        ("Автоответчик, оставил сообщение", "Голосовая почта", "Автоответчик"),
        ("Left a voicemail", "Voicemail, left my number", "Voicemail"),
    ),
    "wrong_number": (
        ("Не тот номер", "Номер не обслуживается", "Ответил другой человек, номер чужой"),
        ("Wrong number", "Number not in service", "Someone else's number"),
    ),
    "reached": (
        (
            "Обсудили задачу, интерес есть", "Говорил с секретарём, ЛПР в отпуске",
            "Рассказал о продукте, просит КП", "Уточнили объём и сроки", "Не уверен в бюджете",
            "Интересуется ценой, отправил прайс", "Сравнивают с текущим поставщиком",
            "Коротко, просил написать на почту",
        ),
        (
            "Discussed the project, interested", "Spoke to the assistant, decision maker away",
            "Explained the product, wants a proposal", "Clarified volume and timing", "Not sure about the budget",
            "Asked about price, sent the price list", "Comparing with current supplier",
            "Short call, asked for an email",
        ),
    ),
    "callback_requested": (
        ("Просил перезвонить после обеда", "Перезвонить в пятницу", "На совещании, перезвонить завтра",
         "Просил набрать на следующей неделе"),
        ("Asked to call back after lunch", "Call back on Friday", "In a meeting, call tomorrow",
         "Call again next week"),
    ),
    "meeting_set": (
        ("Назначили встречу в офисе", "Договорились о демо в четверг", "Встреча с директором согласована"),
        ("Meeting booked at their office", "Demo agreed for Thursday", "Meeting with the director agreed"),
    ),
    "won": (
        ("Договор подписан, счёт выставлен", "Оплата получена", "Подписали, старт в понедельник"),
        ("Contract signed, invoice sent", "Payment received", "Signed, starting Monday"),
    ),
    "lost": (
        ("Выбрали конкурента", "Дорого, отказ", "Проект заморожен", "Бюджет не согласовали"),
        ("Went with a competitor", "Too expensive, declined", "Project on hold", "Budget not approved"),
    ),
}

CALLBACK_NOTES = (
    ("Перезвонить по КП", "Уточнить решение директора", "Обсудить условия оплаты", "Согласовать дату встречи", ""),
    ("Follow up on the proposal", "Check the director's decision", "Discuss payment terms", "Agree a meeting date", ""),
)

OBJECTION_ANSWERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "price": (
        ("Показал расчёт окупаемости", "Предложил рассрочку"),
        ("Showed the payback calculation", "Offered payment in instalments"),
    ),
    "think_about_it": (
        ("Выяснил, что смущает: сроки внедрения", "Договорились о конкретной дате решения"),
        ("Found the real concern: rollout time", "Agreed a date for the decision"),
    ),
    "no_budget": (
        ("Предложил начать с пилота", "Обсудили бюджет следующего квартала"),
        ("Proposed starting with a pilot", "Discussed next quarter's budget"),
    ),
    "not_decision_maker": (
        ("Договорились о встрече с директором", "Получил контакт ЛПР"),
        ("Arranged a meeting with the director", "Got the decision maker's contact"),
    ),
    "bad_timing": (("Зафиксировали дату возврата к разговору",), ("Agreed when to talk again",)),
    "competitor": (
        ("Сравнили условия, отправил кейс", "Предложил тестовый период"),
        ("Compared terms, sent a case study", "Offered a trial period"),
    ),
    "no_need": (("Показал кейс похожей компании",), ("Showed a case from a similar company",)),
    "no_trust": (("Отправил отзывы клиентов и реквизиты",), ("Sent customer references",)),
}
GENERIC_OBJECTION_ANSWER = (("Отработал возражение",), ("Handled the objection",))

#: Notes the head writes on a missed critical item (the review service demands one).
ITEM_NOTES: dict[str, str] = {
    "decision_maker": "Не выяснил, кто принимает решение / Did not ask who decides",
    "need": "Потребность не выявлена / Need not uncovered",
    "next_step": "Нет следующего шага с датой / No next step with a date",
    "handle_objections": "Возражение не отработано, разговор просто закончился / Objection dropped",
}
GENERIC_ITEM_NOTE = "Пропущен критичный пункт / Critical item missed"

REVIEW_NOTES_FAILED = (
    "Звонок без следующего шага. Разобрать на планёрке.",
    "Скрипт не соблюдается, ЛПР не выяснен.",
    "No next step agreed. Discuss in the morning meeting.",
    "Script ignored, decision maker unknown.",
)
REVIEW_NOTES_PASSED = ("", "", "Хороший звонок.", "Good call.", "Неплохо, но быстрее к сути.")

LEAD_ACTIONS = (
    "Перезвонить сегодня до 15:00 и назначить встречу",
    "Отправить КП и согласовать дату решения",
    "Выяснить, кто принимает решение",
    "Отработать возражение по цене: показать расчёт окупаемости",
    "Поставить следующий шаг с датой",
    "Call back today and agree a date for the demo",
    "Send the case study and book a follow-up",
    "Find the decision maker before the next call",
    "Set a next step with a date",
)
LEAD_REVIEW_OK = ("Ok",)

RECHECK_RETURNED_NOTES = (
    "Нормальный лид: есть потребность, просто не дозвонились",
    "Контакт рабочий, ЛПР найден",
    "Не мусор: компания в нашем сегменте",
    "A real lead: the need is there, keep working",
    "Valid contact, decision maker identified",
)
RECHECK_CONFIRMED_NOTES = (
    "Подтверждаю: номер нерабочий",
    "Дубль, уже в работе у другого менеджера",
    "Confirmed: spam sign-up",
    "Confirmed: outside our market",
    "",
)
RETURNED_ACTION = "Returned from junk by the head: {note}"

#: What a manager writes when marking the head's action done (the demo's daily control).
ACTION_DONE_NOTES = (
    "Позвонил, договорились о следующем звонке",
    "Сделано, следующий шаг в календаре",
    "Клиент просит вернуться после праздников",
    "Отправил КП, жду ответа",
    "Called, next call booked",
    "Done: next step set",
    "Left a voicemail and sent an e-mail",
)
