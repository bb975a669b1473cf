"""Files laid out as Bitrix24's lead export (CSV) and amoCRM/Kommo's deal export (XLSX) really are.

Bitrix24: UTF-8 with BOM (or cp1251), ``;``, every cell quoted, Russian headers, dates as
dd.mm.yyyy hh:mm:ss. amoCRM: the first sheet of a workbook, dates as text, as Excel date cells
and as bare Excel serial numbers. The rows are the same people the tests check for.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

BITRIX24_HEADERS = [
    "ID", "Название лида", "Имя", "Фамилия", "Отчество", "Рабочий телефон", "Мобильный телефон", "Домашний телефон",
    "Другой телефон", "Рабочий e-mail", "Частный e-mail", "Название компании", "Должность", "Стадия",
    "Возможная сумма", "Валюта", "Источник", "Ответственный", "Дата создания", "Дата изменения", "Комментарий",
    "Адрес", "UTM Source",
]
BITRIX24_ROWS = [
    {"ID": "101", "Название лида": "Поставка для Вектора", "Имя": "Мария", "Фамилия": "Кузнецова",
     "Отчество": "Ивановна", "Рабочий телефон": "+7 495 123-45-67", "Мобильный телефон": "8 (916) 111-22-33",
     "Домашний телефон": "8 495 700-00-01", "Рабочий e-mail": "maria@vector.ru", "Частный e-mail": "Maria.K@mail.ru",
     "Название компании": "АО «Вектор»", "Должность": "Директор", "Стадия": "В работе",
     "Возможная сумма": "150000.50", "Валюта": "Российский рубль", "Источник": "Сайт",
     "Ответственный": "Анна Смирнова", "Дата создания": "01.11.2026 10:30:15", "Дата изменения": "05.11.2026 12:00:00",
     "Комментарий": 'Звонить после 15:00; "срочно"\nвторой этаж', "Адрес": "Москва; Тверская, 1",
     "UTM Source": "yandex"},
    {"ID": "102", "Имя": "Олег", "Мобильный телефон": "8 900 765-00-11", "Частный e-mail": "oleg@mail.ru",
     "Стадия": "Не обработан", "Ответственный": "anna", "Дата создания": "02.11.2026 09:00"},
    {"ID": "103", "Название лида": "Заявка с сайта", "Другой телефон": "+7 903 555-66-77",
     "Стадия": "Некачественный лид", "Ответственный": "olga", "Дата создания": "03.11.2026 18:45:00"},
]

AMOCRM_HEADERS = [
    "ID", "Название сделки", "Бюджет", "Ответственный", "Дата создания", "Дата редактирования", "Этап сделки",
    "Воронка", "Теги сделки", "Источник сделки", "Причина отказа", "Примечание", "Основной контакт", "Компания",
    "Рабочий телефон (контакт)", "Мобильный телефон (контакт)", "Домашний телефон (контакт)",
    "Другой телефон (контакт)", "Рабочий email (контакт)", "Личный email (контакт)", "Должность (контакт)",
]
#: 12.11.2026 16:20 as Excel counts days (a date cell saved as a bare number).
EXCEL_SERIAL = 46338 + (16 * 60 + 20) / 1440
AMOCRM_ROWS = [
    {"ID": "5001", "Название сделки": "Поставка оборудования", "Бюджет": 250000, "Ответственный": "anna",
     "Дата создания": "10.11.2026 14:05", "Дата редактирования": datetime(2026, 11, 11, 9, 30),
     "Этап сделки": "Переговоры", "Воронка": "Основная", "Теги сделки": "опт, выставка",
     "Источник сделки": "Выставка", "Примечание": "Нужно КП", "Основной контакт": "Иван Петров",
     "Компания": "ООО Ромашка", "Рабочий телефон (контакт)": "+7 495 765-43-21",
     "Мобильный телефон (контакт)": "89001234567", "Рабочий email (контакт)": "ivan@romashka.ru",
     "Личный email (контакт)": "ivan.petrov@gmail.com", "Должность (контакт)": "Закупщик"},
    {"ID": "5002", "Название сделки": "Повторная заявка", "Бюджет": "", "Ответственный": "Анна Смирнова",
     "Дата создания": "11.11.2026 10:00:00", "Этап сделки": "Первичный контакт", "Основной контакт": "Иван П.",
     "Мобильный телефон (контакт)": "8 900 123-45-67"},
    {"ID": "5003", "Название сделки": "Аудит сайта", "Бюджет": "90 000", "Ответственный": "Смирнова Анна",
     "Дата создания": datetime(2026, 11, 9, 11, 15, 30), "Этап сделки": "Закрыто и не реализовано",
     "Причина отказа": "Дорого", "Основной контакт": "Сергей Сидоров", "Домашний телефон (контакт)": "+7 926 000-11-22"},
    {"ID": "5004", "Название сделки": "Сделка без контакта", "Ответственный": "olga", "Дата создания": EXCEL_SERIAL,
     "Этап сделки": "Принимают решение", "Другой телефон (контакт)": "+7 916 222-33-44"},
]


def bitrix24_csv(path: Path, rows=BITRIX24_ROWS, encoding: str = "utf-8-sig", headers=BITRIX24_HEADERS) -> Path:
    """The lead export as Bitrix24 writes it: every cell quoted, ``;``, a BOM (``utf-8-sig``) or cp1251."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def amocrm_xlsx(path: Path, rows=AMOCRM_ROWS, headers=AMOCRM_HEADERS) -> Path:
    """The deal export as amoCRM writes it: one sheet, a header row, dates as text or as date cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, None) for header in headers])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD.MM.YYYY HH:MM:SS"
    workbook.save(path)
    return path
