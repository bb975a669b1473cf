"""What the demo's calls sound like: Russian lines for each checklist item and objection type.

`transcript_for` builds a call's transcript from the head's answers (an item answered "done"
gets one of its lines, said by the manager; "missed" none) and the objections logged on the
call (a client line each), with client replies between. Some "done" lines are paraphrases the
shipped phrases do not catch (`UNCAUGHT`), so the suggestions are not always right, as in life.
The three recorded calls (`RECORDED`) are spoken by espeak-ng once: tools/make_demo_audio.py.
"""

from __future__ import annotations

from random import Random

from salescockpit.domain.transcripts import TranscriptLine

# fmt: off
ITEM_LINES: dict[str, tuple[str, ...]] = {
    "greet": ("Добрый день! Меня зовут {manager}, компания «Северный склад».",
              "Здравствуйте, это {manager} из «Северного склада»."),
    "confirm_contact": ("Как к вам лучше обращаться?", "Я говорю с отделом закупок? Вам удобно говорить?"),
    "decision_maker": ("А кто у вас принимает решение по поставщикам?", "С кем ещё нужно будет согласовывать договор?"),
    "need": ("Расскажите, какие задачи сейчас стоят перед складом?", "Что вас сейчас не устраивает в поставках?"),
    "budget": ("На какой бюджет вы ориентируетесь в этом квартале?", "Сколько вы готовы потратить на первый заказ?"),
    "timing": ("Когда планируете запускать проект?", "К какому сроку нужно закрыть поставку?"),
    "next_step": ("Давайте созвонимся в четверг в одиннадцать.", "Я пришлю предложение сегодня, и назначим встречу."),
    "recap_needs": ("Если я правильно понял, вам важна скорость отгрузки.", "Правильно понимаю, что главное — сроки?"),
    "case_study": ("У нас был клиент из вашей отрасли, похожий проект сделали за месяц.",),
    "spec_sheets": ("Отправлю вам спецификацию и технические характеристики.",),
    "handle_objections": ("Понимаю ваши сомнения, давайте посчитаем окупаемость.", "Понимаю вас. А если разбить оплату?"),
    "closing_question": ("Ну что, готовы начать с пробной партии?", "Тогда я выставлю счёт на первую поставку?"),
}
UNCAUGHT: dict[str, str] = {
    "greet": "Алло, это снова я, по поводу склада.",
    "need": "А что у вас сейчас болит сильнее всего?",
    "budget": "По деньгам вы в какие рамки укладываетесь?",
    "next_step": "Тогда до связи во вторник, я наберу.",
    "decision_maker": "А директор у вас в курсе этого вопроса?",
}
OBJECTION_LINES: dict[str, tuple[str, ...]] = {
    "price": ("Честно говоря, это дорого для нас.", "У других поставщиков дешевле."),
    "think_about_it": ("Мне надо подумать, перезвоните позже.", "Нужно посоветоваться с коллегами."),
    "no_budget": ("Денег на это сейчас нет.", "Бюджета нет до следующего года."),
    "not_decision_maker": ("Это не я решаю, решение принимает директор.",),
    "bad_timing": ("Давайте не сейчас, может быть в следующем квартале.",),
    "competitor": ("Мы уже работаем с другой компанией.", "У нас уже есть поставщик."),
    "no_need": ("Нам это не нужно, спасибо.",),
    "no_trust": ("Я про вас первый раз слышу, какие гарантии?",),
}
CLIENT_REPLIES = ("Да, слушаю.", "Угу, понятно.", "Ну, допустим.", "Хорошо.", "Давайте так.", "Можно подробнее?",
                  "Сложно сказать.", "Да, всё верно.")
# fmt: on

#: The recorded calls: (file name, [(who, text)]), spoken by tools/make_demo_audio.py.
RECORDED: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("call-1", (("m", "Добрый день! Меня зовут Анна, компания Северный склад."),
                ("c", "Да, слушаю вас."),
                ("m", "Скажите, какой у вас бюджет на поставку в этом квартале?"),
                ("c", "Честно говоря, это дорого для нас."),
                ("m", "Понимаю ваши сомнения, давайте созвонимся в четверг."))),
    ("call-2", (("m", "Здравствуйте, это Борис. Кто у вас принимает решение по поставщикам?"),
                ("c", "Это не я решаю, решение принимает директор."),
                ("m", "Хорошо, я пришлю предложение сегодня."))),
    ("call-3", (("m", "Алло, это снова я, по поводу склада."),
                ("c", "Мы уже работаем с другой компанией."),
                ("m", "Понимаю вас. У нас был клиент из вашей отрасли."),
                ("c", "Мне надо подумать."))),
)


def transcript_for(rng: Random, answers: list[tuple[str, str]], objections: list[str], manager: str,
                   duration_s: int) -> list[TranscriptLine]:
    """A call's lines, spread over ``duration_s`` seconds, from the head's answers and the objections."""
    spoken: list[tuple[str, str]] = []
    pending = list(objections)
    for key, answer in answers:
        if answer == "done" and key in ITEM_LINES:
            text = UNCAUGHT[key] if key in UNCAUGHT and rng.random() < 0.12 else rng.choice(ITEM_LINES[key])
            spoken.append(("manager", text.format(manager=manager)))
            if pending and rng.random() < 0.5:
                spoken.append(("client", rng.choice(OBJECTION_LINES.get(pending.pop(0), CLIENT_REPLIES))))
            else:
                spoken.append(("client", rng.choice(CLIENT_REPLIES)))
    for key in pending:
        spoken.append(("client", rng.choice(OBJECTION_LINES.get(key, CLIENT_REPLIES))))
        spoken.append(("manager", "Понятно."))
    if not spoken:
        spoken = [("manager", "Алло, добрый день!"), ("client", "Да, слушаю.")]
    step = max(2.0, duration_s / len(spoken))
    return [TranscriptLine(round(index * step, 1), round(index * step + step * 0.8, 1), speaker, text)
            for index, (speaker, text) in enumerate(spoken)]
