"""Phones and e-mails normalised for comparison and search."""

from __future__ import annotations

import pytest

from salescockpit.domain.contacts import normalize_email, normalize_phone


@pytest.mark.parametrize(
    "raw",
    ["+7 495 123-45-67", "8 (495) 123-45-67", "84951234567", "+7(495)1234567", "  495 123 45 67 "],
)
def test_russian_numbers_in_any_writing_are_the_same_e164(raw):
    assert normalize_phone(raw) == "+74951234567"


def test_mobile_number():
    assert normalize_phone("8 916 123-45-67") == "+79161234567"


def test_region_decides_numbers_without_a_country_code():
    assert normalize_phone("030 1234567", region="DE") == "+49301234567"
    assert normalize_phone("+49 30 1234567", region="RU") == "+49301234567"
    assert normalize_phone("(201) 555-0123", region="us") == "+12015550123"


@pytest.mark.parametrize("raw", [None, "", "   ", "12", "not a phone", "+7 495 12", "+999 123 456 789"])
def test_not_a_valid_number_is_none(raw):
    assert normalize_phone(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ivan.Petrov@Example.COM ", "ivan.petrov@example.com"),
        ("sales+lead@firma.co.uk", "sales+lead@firma.co.uk"),
        ("Иван@Пример.РФ", "иван@пример.рф"),
    ],
)
def test_emails_are_stripped_and_casefolded(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "ivan", "ivan@", "@example.com", "ivan@example", "ivan petrov@example.com", "a@b@c.com", "ivan@example..com"]
)
def test_not_an_email_is_none(raw):
    assert normalize_email(raw) is None
