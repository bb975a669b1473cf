"""Made-up people and companies for the demo: Russian and English names, phones and e-mails.

Everything is drawn from a `random.Random`, so a seed always gives the same people. Phones are
built digit by digit in the formats people type ("8 (916) 123-45-67", "+44 7700 900123") and
their E.164 form is computed by arithmetic, not by `phonenumbers`, to stay fast at 100k leads.
"""

from __future__ import annotations

from random import Random

# (Cyrillic, Latin) pairs; female surnames are the male ones + "а" / + "a".
_RU_MALE = (
    ("Алексей", "aleksey"), ("Дмитрий", "dmitry"), ("Сергей", "sergey"), ("Андрей", "andrey"),
    ("Иван", "ivan"), ("Михаил", "mikhail"), ("Николай", "nikolay"), ("Павел", "pavel"),
    ("Артём", "artem"), ("Виктор", "viktor"), ("Олег", "oleg"), ("Константин", "konstantin"),
    ("Роман", "roman"), ("Евгений", "evgeny"), ("Юрий", "yury"), ("Максим", "maksim"),
)
_RU_FEMALE = (
    ("Анна", "anna"), ("Мария", "maria"), ("Елена", "elena"), ("Ольга", "olga"),
    ("Наталья", "natalya"), ("Татьяна", "tatyana"), ("Ирина", "irina"), ("Светлана", "svetlana"),
    ("Екатерина", "ekaterina"), ("Юлия", "yulia"), ("Дарья", "darya"), ("Ксения", "ksenia"),
)
_RU_SURNAMES = (
    ("Иванов", "ivanov"), ("Смирнов", "smirnov"), ("Кузнецов", "kuznetsov"), ("Попов", "popov"),
    ("Васильев", "vasilyev"), ("Петров", "petrov"), ("Соколов", "sokolov"), ("Михайлов", "mikhaylov"),
    ("Новиков", "novikov"), ("Фёдоров", "fedorov"), ("Морозов", "morozov"), ("Волков", "volkov"),
    ("Алексеев", "alekseev"), ("Лебедев", "lebedev"), ("Семёнов", "semenov"), ("Егоров", "egorov"),
    ("Павлов", "pavlov"), ("Козлов", "kozlov"), ("Степанов", "stepanov"), ("Николаев", "nikolaev"),
    ("Орлов", "orlov"), ("Андреев", "andreev"), ("Макаров", "makarov"), ("Зайцев", "zaytsev"),
)
_EN_FIRST = (
    "James", "Oliver", "Harry", "George", "Jack", "Thomas", "William", "Daniel", "Michael", "David",
    "Emma", "Olivia", "Sophie", "Emily", "Charlotte", "Grace", "Hannah", "Lucy", "Sarah", "Laura",
)
_EN_SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
)
# (name, latin stem for the e-mail domain)
_RU_COMPANY_WORDS = (
    ("Вектор", "vector"), ("Альфа-Строй", "alfastroy"), ("Меридиан", "meridian"), ("Техносфера", "technosfera"),
    ("Северсталь-Сервис", "sevservice"), ("Гранит", "granit"), ("Логистик Плюс", "logisticplus"),
    ("Ростех-Снаб", "rostehsnab"), ("Уралпромторг", "uralprom"), ("Синтез", "sintez"), ("Полимер", "polimer"),
    ("ТрансКом", "transcom"), ("Берёзка", "berezka"), ("СтройИнвест", "stroyinvest"), ("Ника", "nika"),
    ("Орион", "orion"), ("Агрохолдинг Заря", "zarya-agro"), ("МедТехника", "medtehnika"), ("Аврора", "aurora"),
    ("Профиль", "profil"), ("Светоч", "svetoch"), ("Сибирский лес", "sibles"), ("Кристалл", "kristall"),
)
_RU_FORMS = ("ООО", "ООО", "ООО", "АО", "ПАО", "ЗАО")
_EN_COMPANY_WORDS = (
    ("Northwind", "northwind"), ("Contoso", "contoso"), ("Fabrikam", "fabrikam"), ("Blue Harbour", "blueharbour"),
    ("Greenfield", "greenfield"), ("Redstone", "redstone"), ("Atlas", "atlas"), ("Brightway", "brightway"),
    ("Kingsbridge", "kingsbridge"), ("Oakley", "oakley"), ("Silverline", "silverline"), ("Summit", "summit"),
    ("Pinewood", "pinewood"), ("Harbor Freight", "harborfreight"), ("Westgate", "westgate"),
)
_EN_FORMS = ("Ltd", "Ltd", "LLC", "Inc.", "plc", "Group", "Corp.")
_FREE_MAIL_RU = ("mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru")
_FREE_MAIL_EN = ("gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk")
_RU_MOBILE_CODES = (903, 905, 909, 910, 915, 916, 917, 919, 925, 926, 929, 951, 960, 977, 985, 999)
_US_AREA_CODES = (212, 312, 415, 617, 646, 702, 213, 305)


def _ru_phone(rng: Random) -> tuple[str, str]:
    code = rng.choice(_RU_MOBILE_CODES)
    rest = rng.randrange(10_000_000)
    digits = f"{rest:07d}"
    a, b, c = digits[:3], digits[3:5], digits[5:]
    style = rng.randrange(4)
    if style == 0:
        shown = f"+7 {code} {a}-{b}-{c}"
    elif style == 1:
        shown = f"8 ({code}) {a}-{b}-{c}"
    elif style == 2:
        shown = f"+7{code}{digits}"
    else:
        shown = f"8-{code}-{a}-{b}-{c}"
    return shown, f"+7{code}{digits}"


def _uk_phone(rng: Random) -> tuple[str, str]:
    block = rng.randrange(7701, 7900) if rng.random() < 0.7 else rng.randrange(7400, 7600)  # valid mobile blocks
    rest = rng.randrange(1_000_000)
    return f"+44 {block} {rest:06d}", f"+44{block}{rest:06d}"


def _us_phone(rng: Random) -> tuple[str, str]:
    area = rng.choice(_US_AREA_CODES)
    exchange = rng.randrange(201, 990)
    if exchange == 555:
        exchange = 556
    line = rng.randrange(10_000)
    return f"+1 ({area}) {exchange}-{line:04d}", f"+1{area}{exchange}{line:04d}"


def person(rng: Random, russian: bool) -> tuple[str, str, str]:
    """A person's display name and the two Latin parts used for e-mails (first, last)."""
    if russian:
        if rng.random() < 0.55:
            first, first_latin = rng.choice(_RU_MALE)
            last, last_latin = rng.choice(_RU_SURNAMES)
        else:
            first, first_latin = rng.choice(_RU_FEMALE)
            last, last_latin = rng.choice(_RU_SURNAMES)
            last, last_latin = last + "а", last_latin + "a"
        return f"{first} {last}", first_latin, last_latin
    first = rng.choice(_EN_FIRST)
    last = rng.choice(_EN_SURNAMES)
    return f"{first} {last}", first.lower(), last.lower()


def company(rng: Random, russian: bool) -> tuple[str, str]:
    """A company name ("ООО «Вектор»", "Northwind Ltd") and a domain for its e-mails."""
    if russian:
        word, stem = rng.choice(_RU_COMPANY_WORDS)
        return f"{rng.choice(_RU_FORMS)} «{word}»", f"{stem}.ru"
    word, stem = rng.choice(_EN_COMPANY_WORDS)
    return f"{word} {rng.choice(_EN_FORMS)}", f"{stem}.{rng.choice(('com', 'co.uk', 'io'))}"


def phone(rng: Random, russian: bool) -> tuple[str, str]:
    """A phone as typed and its E.164 form; Russian leads have +7 mobiles, others +44 or +1."""
    if russian:
        return _ru_phone(rng)
    return _uk_phone(rng) if rng.random() < 0.6 else _us_phone(rng)


def email(rng: Random, russian: bool, first: str, last: str, domain: str | None) -> tuple[str, str]:
    """An e-mail as typed (sometimes with capitals) and its normalized (casefolded) form."""
    if domain is None or rng.random() < 0.3:
        domain = rng.choice(_FREE_MAIL_RU if russian else _FREE_MAIL_EN)
    style = rng.randrange(4)
    if style == 0:
        local = f"{first}.{last}"
    elif style == 1:
        local = f"{first[0]}.{last}"
    elif style == 2:
        local = f"{last}{rng.randrange(10, 99)}"
    else:
        local = f"{first}_{last}"
    shown = f"{local}@{domain}"
    if rng.random() < 0.15:
        shown = f"{local.capitalize()}@{domain.capitalize()}"
    return shown, shown.casefold()
