"""A sample bank statement in the 1CClientBankExchange text format (what a Russian bank's
client exports), for the demo: incoming payments to the demo company, one outgoing payment.

The text is meant to be encoded as Windows-1251 (``Кодировка=Windows``) with CRLF line ends.
"""

from __future__ import annotations

from datetime import date

DEMO_COMPANY_INN = "7701234567"
DEMO_COMPANY_ACCOUNT = "40702810900000000001"
DEMO_COMPANY_NAME = "ООО «Демо Продажи»"


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _amount(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


def statement_text(documents: list[dict], today: date) -> str:
    """The whole file: header, one account section, the documents (plus one outgoing), the end."""
    start = min((document["date"] for document in documents), default=today)
    incoming = sum(document["amount_minor"] for document in documents)
    outgoing = 12500_00
    lines = [
        "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Бухгалтерия предприятия",
        "Получатель=", f"ДатаСоздания={_day(today)}", "ВремяСоздания=09:00:00",
        f"ДатаНачала={_day(start)}", f"ДатаКонца={_day(today)}", f"РасчСчет={DEMO_COMPANY_ACCOUNT}",
        "СекцияРасчСчет", f"ДатаНачала={_day(start)}", f"ДатаКонца={_day(today)}", f"РасчСчет={DEMO_COMPANY_ACCOUNT}",
        "НачальныйОстаток=1000000.00", f"ВсегоПоступило={_amount(incoming)}", f"ВсегоСписано={_amount(outgoing)}",
        f"КонечныйОстаток={_amount(1000000_00 + incoming - outgoing)}", "КонецРасчСчет",
    ]
    for document in documents:
        lines += [
            "СекцияДокумент=Платежное поручение", f"Номер={document['number']}", f"Дата={_day(document['date'])}",
            f"Сумма={_amount(document['amount_minor'])}", "ПлательщикСчет=40702810100000000777",
            f"Плательщик={document['payer_name']}", f"ПлательщикИНН={document['payer_inn']}",
            f"ПолучательСчет={DEMO_COMPANY_ACCOUNT}", f"Получатель={DEMO_COMPANY_NAME}",
            f"ПолучательИНН={DEMO_COMPANY_INN}", f"ДатаПоступило={_day(document['date'])}",
            f"НазначениеПлатежа={document['purpose']}", "КонецДокумента",
        ]
    lines += [
        "СекцияДокумент=Платежное поручение", "Номер=77", f"Дата={_day(today)}", f"Сумма={_amount(outgoing)}",
        f"ПлательщикСчет={DEMO_COMPANY_ACCOUNT}", f"Плательщик={DEMO_COMPANY_NAME}",
        f"ПлательщикИНН={DEMO_COMPANY_INN}", "ПолучательСчет=40702810500000000333", "Получатель=ООО «Канцтовары»",
        "ПолучательИНН=7705000001", f"ДатаСписано={_day(today)}", "НазначениеПлатежа=Оплата за бумагу",
        "КонецДокумента", "КонецФайла",
    ]
    return "\r\n".join(lines) + "\r\n"
