"""The lead fields an import column can fill, and the header names other CRMs give them.

Headers are compared folded (`lead_columns.fold`: casefolded, "ё" as "е", punctuation as single
spaces), so "Рабочий телефон (контакт)" is "рабочий телефон контакт". Bitrix24's lead export,
amoCRM/Kommo's deal export and Pipedrive's export are spelled out; `KEYWORDS` catch the rest.
"""

from __future__ import annotations

#: Every field, in the order a tie between two fields for one column is decided.
FIELDS = (
    "name", "last_name", "middle_name", "title", "company", "job_title",
    "phone", "mobile", "home_phone", "other_phone", "email", "personal_email", "other_email",
    "source", "owner", "stage", "value", "currency", "lost_reason", "created", "modified", "tags", "comment",
    "external_id",
)

#: The contact fields: (kind, label) of the contact each column gives, in the order they are kept.
CONTACT_FIELDS: dict[str, tuple[str, str]] = {
    "phone": ("phone", "work"), "mobile": ("phone", "mobile"), "home_phone": ("phone", "home"),
    "other_phone": ("phone", "other"), "email": ("email", "work"), "personal_email": ("email", "home"),
    "other_email": ("email", "other"),
}

#: Exact header names (already folded).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "contact", "contact name", "person name", "person", "имя", "фио",
             "контакт", "контактное лицо", "полное имя", "полное имя контакта", "имя контакта",
             "lead name", "first name", "основной контакт", "полное имя контакт", "имя контакт"),
    "last_name": ("last name", "surname", "фамилия", "фамилия контакт"),
    "middle_name": ("middle name", "отчество", "отчество контакт"),
    "title": ("название лида", "название сделки", "сделка", "title", "deal title", "lead title", "subject",
              "тема", "название"),
    "company": ("company", "company name", "organization", "organisation", "organization name", "компания",
                "организация", "название компании", "компания контакта", "компания контакт"),
    "job_title": ("должность", "должность контакт", "position", "job title"),
    "phone": ("phone", "phone number", "telephone", "tel", "телефон", "рабочий телефон", "номер телефона",
              "рабочий телефон контакт", "work phone", "телефон контакт"),
    "mobile": ("mobile", "mobile phone", "мобильный телефон", "мобильный телефон контакт", "мобильный",
               "сотовый телефон"),
    "home_phone": ("home phone", "домашний телефон", "домашний телефон контакт"),
    "other_phone": ("other phone", "другой телефон", "другой телефон контакт"),
    "email": ("email", "e mail", "mail", "почта", "электронная почта", "рабочий email", "рабочий e mail",
              "рабочий email контакт", "рабочий e mail контакт", "work email", "email контакт"),
    "personal_email": ("частный e mail", "частный email", "личный email", "личный e mail", "личный email контакт",
                       "личный e mail контакт", "personal email", "home email", "private email"),
    "other_email": ("другой e mail", "другой email", "другой email контакт", "other email"),
    "source": ("source", "lead source", "channel", "источник", "канал", "источник сделки", "источник лида"),
    "owner": ("owner", "manager", "responsible", "assigned to", "user", "ответственный", "менеджер",
              "ответственный менеджер"),
    "stage": ("stage", "status", "pipeline stage", "этап", "статус", "этап сделки", "стадия", "стадия сделки",
              "стадия лида"),
    "value": ("value", "amount", "budget", "deal value", "sum", "бюджет", "сумма", "стоимость", "сумма сделки",
              "возможная сумма"),
    "currency": ("currency", "deal currency", "валюта"),
    "lost_reason": ("причина отказа", "lost reason", "причина проигрыша", "причина закрытия"),
    "created": ("created", "created at", "date created", "add time", "deal add time", "дата создания",
                "создано", "created time"),
    "modified": ("modified", "updated", "last modified", "update time", "deal update time", "дата изменения",
                 "дата редактирования", "изменено", "updated at"),
    "tags": ("tags", "теги", "теги сделки", "теги лида", "метки"),
    "comment": ("comment", "comments", "note", "notes", "комментарий", "примечание", "примечания"),
    "external_id": ("id", "ид", "id лида", "id сделки", "deal id", "lead id"),
}

#: Words that, contained in a header, suggest a field (a weaker match than an alias).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "name": ("фио", "full name", "person name", "contact name", "имя"),
    "last_name": ("фамилия", "last name", "surname"),
    "middle_name": ("отчество", "middle name"),
    "title": ("title", "название лида", "название сделки"),
    "company": ("компани", "организац", "organization", "organisation", "company"),
    "job_title": ("должност", "job title"),
    "phone": ("телефон", "phone"),
    "mobile": ("мобильн", "mobile", "сотов"),
    "home_phone": ("домашн",),
    "other_phone": (),
    "email": ("email", "e mail", "почта"),
    "personal_email": ("личн", "частн", "personal"),
    "other_email": (),
    "source": ("источник", "source"),
    "owner": ("ответственн", "менеджер", "owner", "manager"),
    "stage": ("этап", "статус", "стадия", "stage", "status"),
    "value": ("бюджет", "сумма", "value", "amount"),
    "currency": ("валют", "currency"),
    "lost_reason": ("причина отказа", "lost reason"),
    "created": ("дата создания", "add time", "created"),
    "modified": ("дата изменения", "дата редактирования", "update time", "modified"),
    "tags": ("теги", "tags"),
    "comment": ("комментари", "примечани", "comment"),
    "external_id": (),
}
