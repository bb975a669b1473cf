"""The tracker phrases that ship: per checklist item of the default scripts, per objection type.

Russian first, then English; written as people say them (the matcher compares lemmas, so any
inflection matches: "бюджет" finds "бюджета", "бюджетом"). A phrase of several words matches
its words in order with up to `trackers.MAX_GAP` words between them. Tuned on the snippets in
tests/domain/tracker_snippets.py (`python tools/tracker_agreement.py` prints the agreement).
"""

from __future__ import annotations

# fmt: off
ITEM_PHRASES: dict[str, tuple[str, ...]] = {
    "greet": ("здравствуйте", "добрый день", "добрый вечер", "доброе утро", "меня зовут",
              "hello", "good morning", "good afternoon", "my name is"),
    "confirm_contact": ("как к вам обращаться", "как вас зовут", "я говорю с", "вы представляете компанию",
                        "удобно говорить", "это компания", "am I speaking with", "is this"),
    "decision_maker": ("кто принимает решение", "принимаете решение", "кто решает", "кто ещё участвует",
                       "с кем согласовывать", "кто утверждает", "who makes the decision", "who decides"),
    "need": ("какая задача", "какие задачи", "что для вас важно", "что вам нужно", "какая проблема",
             "что хотите решить", "что сейчас не устраивает", "what do you need", "what problem"),
    "budget": ("бюджет", "какая сумма", "сколько готовы потратить", "на какую сумму", "сколько готовы вложить",
               "budget", "how much can you spend"),
    "timing": ("когда планируете", "какие сроки", "к какому сроку", "когда нужно", "когда хотите начать",
               "когда готовы", "when do you plan", "timeline", "by when"),
    "next_step": ("созвонимся", "назначим встречу", "давайте встретимся", "договоримся о встрече",
                  "перезвоню", "пришлю предложение", "отправлю предложение", "следующий шаг",
                  "next step", "schedule a meeting", "call you back"),
    "recap_needs": ("правильно понимаю", "если я правильно понял", "вы говорили", "подытожу",
                    "вам важно", "so you need", "if I understood"),
    "case_study": ("кейс", "похожий проект", "у нас был клиент", "пример клиента", "мы делали для",
                   "case study", "a client like you"),
    "spec_sheets": ("спецификация", "технические характеристики", "презентацию", "коммерческое предложение",
                    "прайс", "spec sheet", "specifications"),
    "handle_objections": ("понимаю ваши сомнения", "понимаю вас", "давайте посчитаем", "давайте разберёмся",
                          "а если", "хороший вопрос", "I understand your concern", "let us look at"),
    "closing_question": ("готовы начать", "оформляем", "подписать договор", "выставить счёт", "выставлю счёт",
                         "запускаем", "ready to start", "shall we sign"),
}

OBJECTION_PHRASES: dict[str, tuple[str, ...]] = {
    "price": ("дорого", "высокая цена", "слишком много стоит", "дешевле", "цена кусается",
              "too expensive", "cheaper"),
    "think_about_it": ("подумать", "подумаю", "посоветоваться", "надо обдумать", "think about it", "think it over"),
    "no_budget": ("нет бюджета", "бюджета нет", "денег нет", "нет денег", "не заложено в бюджет",
                  "бюджет закончился", "no budget"),
    "not_decision_maker": ("не я решаю", "решение принимает", "нужно согласовать", "решает руководитель",
                           "не принимаю решения", "not my decision", "my boss decides"),
    "bad_timing": ("не сейчас", "не до этого", "в следующем году", "в следующем квартале", "позже вернуться",
                   "не время", "not now", "next quarter"),
    "competitor": ("уже работаем с", "другой поставщик", "у нас уже есть", "работаем с другой", "конкурент",
                   "already work with", "another supplier"),
    "no_need": ("не нужно", "не интересно", "нам это не надо", "не требуется", "не нуждаемся",
                "not interested", "we do not need"),
    "no_trust": ("не доверяю", "не слышал о вас", "какие гарантии", "кто вы такие", "первый раз слышу",
                 "what guarantees", "never heard of you"),
}
# fmt: on
