"""Matching the header of another CRM's export to lead fields, and --map overrides."""

from __future__ import annotations

import pytest

from salescockpit.imports.lead_columns import ColumnError, match_columns, parse_map_options

AMOCRM = ("ID", "Название сделки", "Бюджет", "Ответственный", "Этап сделки", "Полное имя контакта",
          "Компания контакта", "Рабочий телефон (контакт)", "Рабочий email (контакт)", "Теги")
BITRIX24 = ("ID", "Название лида", "Имя", "Фамилия", "Статус", "Источник", "Ответственный", "Рабочий телефон",
            "Рабочий e-mail", "Название компании", "Сумма")
PIPEDRIVE = ("Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Stage", "Deal - Owner", "Person - Name",
             "Person - Phone", "Person - Email", "Organization - Name", "Deal - Source")


def named(headers, columns):
    return {field: headers[index] for field, index in columns.items()}


def test_amocrm_header():
    assert named(AMOCRM, match_columns(AMOCRM)) == {
        "name": "Полное имя контакта", "company": "Компания контакта", "phone": "Рабочий телефон (контакт)",
        "email": "Рабочий email (контакт)", "owner": "Ответственный", "stage": "Этап сделки", "value": "Бюджет",
        "external_id": "ID", "title": "Название сделки", "tags": "Теги",
    }


def test_bitrix24_header_with_first_and_last_name():
    assert named(BITRIX24, match_columns(BITRIX24)) == {
        "name": "Имя", "last_name": "Фамилия", "company": "Название компании", "phone": "Рабочий телефон",
        "email": "Рабочий e-mail", "source": "Источник", "owner": "Ответственный", "stage": "Статус",
        "value": "Сумма", "external_id": "ID", "title": "Название лида",
    }


def test_pipedrive_header():
    assert named(PIPEDRIVE, match_columns(PIPEDRIVE)) == {
        "name": "Person - Name", "company": "Organization - Name", "phone": "Person - Phone",
        "email": "Person - Email", "owner": "Deal - Owner", "stage": "Deal - Stage", "value": "Deal - Value",
        "source": "Deal - Source", "title": "Deal - Title", "currency": "Deal - Currency",
    }


def test_simple_headers_in_either_language_and_case():
    headers = ("ФИО", "ТЕЛЕФОН", "E-Mail", "Организация", "Менеджер", "Этап")
    assert named(headers, match_columns(headers)) == {
        "name": "ФИО", "phone": "ТЕЛЕФОН", "email": "E-Mail", "company": "Организация", "owner": "Менеджер",
        "stage": "Этап"}


def test_map_overrides_by_header_or_number_and_can_ignore():
    headers = ("Клиент", "Тел.", "Имя")
    overrides = parse_map_options(["Клиент=name", "2=phone", "Имя=ignore"])
    assert named(headers, match_columns(headers, overrides)) == {"name": "Клиент", "phone": "Тел."}


def test_no_name_column_is_an_error_that_says_how_to_fix_it():
    with pytest.raises(ColumnError, match="--map"):
        match_columns(("Телефон", "Компания"))


@pytest.mark.parametrize("option", ["phone", "=phone", "Телефон=fax"])
def test_bad_map_options(option):
    with pytest.raises(ColumnError):
        parse_map_options([option])


def test_map_to_a_missing_column():
    with pytest.raises(ColumnError, match="Клиент"):
        match_columns(("Имя",), {"Клиент": "company"})
