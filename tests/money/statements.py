"""Bank statements for the money tests, written the way a bank's client writes them.

`statement(*documents, encoding="Windows")` gives the bytes of a 1CClientBankExchange file:
"Windows" is cp1251, "DOS" cp866, "UTF-8"/"UTF-8-BOM" UTF-8; CRLF line ends unless `newline`.
"""

from __future__ import annotations

COMPANY_INN = "7701234567"
COMPANY_ACCOUNT = "40702810900000000001"
SECOND_ACCOUNT = "40702810900000000002"


def document(number: str, day: str, amount: str, *, payer_inn: str, purpose: str,
             payer: str = 'ООО "Ромашка"', payer_account: str = "40702810100000000777",
             recipient_inn: str = COMPANY_INN, recipient_account: str = COMPANY_ACCOUNT, received: str = "") -> list[str]:
    lines = [
        "СекцияДокумент=Платежное поручение",
        f"Номер={number}",
        f"Дата={day}",
        f"Сумма={amount}",
        f"ПлательщикСчет={payer_account}",
        f"Плательщик=ИНН {payer_inn} {payer}",
        f"ПлательщикИНН={payer_inn}",
        f"Плательщик1={payer}",
        f"ПолучательСчет={recipient_account}",
        'Получатель=ООО "Продавец"',
        f"ПолучательИНН={recipient_inn}",
        "ВидПлатежа=электронно",
        f"НазначениеПлатежа={purpose}",
    ]
    if received:
        lines.insert(4, f"ДатаПоступило={received}")
    return lines + ["КонецДокумента"]


def outgoing(number: str, day: str, amount: str) -> list[str]:
    """The company paying a supplier: payer = us, recipient = someone else."""
    return document(number, day, amount, payer_inn=COMPANY_INN, payer_account=COMPANY_ACCOUNT,
                    recipient_inn="7800000000", recipient_account="40702810500000000999",
                    purpose="Оплата за аренду офиса")


def statement_text(*documents: list[str], encoding_name: str = "Windows", end: bool = True) -> str:
    lines = [
        "1CClientBankExchange",
        "ВерсияФормата=1.03",
        f"Кодировка={encoding_name}",
        "Отправитель=Бухгалтерия предприятия",
        "ДатаНачала=01.12.2026",
        "ДатаКонца=07.12.2026",
        f"РасчСчет={COMPANY_ACCOUNT}",
        f"РасчСчет={SECOND_ACCOUNT}",
        "СекцияРасчСчет",
        "ДатаНачала=01.12.2026",
        f"РасчСчет={COMPANY_ACCOUNT}",
        "НачальныйОстаток=1000.00",
        "КонечныйОстаток=2000.00",
        "КонецРасчСчет",
        "СекцияРасчСчет",
        f"РасчСчет={SECOND_ACCOUNT}",
        "НачальныйОстаток=0.00",
        "КонецРасчСчет",
    ]
    for lines_of_document in documents:
        lines += lines_of_document
    if end:
        lines.append("КонецФайла")
    return "\n".join(lines) + "\n"


def statement(*documents: list[str], encoding: str = "Windows", newline: str = "\r\n", end: bool = True) -> bytes:
    """The file's bytes in ``encoding`` (Windows, DOS, UTF-8 or UTF-8-BOM)."""
    name = {"Windows": "Windows", "DOS": "DOS"}.get(encoding, "UTF-8")
    text = statement_text(*documents, encoding_name=name, end=end).replace("\n", newline)
    codec = {"Windows": "cp1251", "DOS": "cp866", "UTF-8": "utf-8", "UTF-8-BOM": "utf-8-sig"}[encoding]
    return text.encode(codec)
