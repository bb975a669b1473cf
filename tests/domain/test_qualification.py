"""Qualification: BANT, reason lists, re-check verdicts and the false-junk rate."""

from __future__ import annotations

import pytest

from salescockpit.domain.qualification import (
    JUNK_REASONS,
    LOST_REASONS,
    Bant,
    RecheckVerdict,
    false_junk_rate,
    is_junk_reason,
    is_lost_reason,
    junk_reason_label,
    lost_reason_label,
    needs_recheck,
)


def test_bant_answered_counts_no_as_an_answer():
    assert Bant(True, False, False, True).answered()
    assert not Bant(True, True, True, None).answered()
    assert not Bant().answered()
    assert Bant(True, None, False, None).unanswered() == ("authority", "timing")
    assert Bant(False, False, False, False).unanswered() == ()


@pytest.mark.parametrize(
    "bant,hot",
    [
        (Bant(True, True, True, None), True),  # timing does not decide hotness
        (Bant(True, True, True, False), True),
        (Bant(True, True, False, True), False),
        (Bant(None, True, True, True), False),
        (Bant(True, False, True, True), False),
        (Bant(), False),
    ],
)
def test_bant_is_hot_needs_budget_authority_and_need(bant, hot):
    assert bant.is_hot() is hot


def test_reason_lists():
    assert [key for key, _label in JUNK_REASONS] == [
        "not_a_real_lead", "wrong_contact", "duplicate", "no_need", "no_budget", "out_of_area", "spam", "other",
    ]
    assert dict(JUNK_REASONS)["out_of_area"] == "Outside our market"
    assert dict(JUNK_REASONS)["spam"] == "Spam / test"
    assert [key for key, _label in LOST_REASONS] == [
        "price", "competitor", "no_budget", "no_decision", "timing", "no_response", "not_a_real_lead", "other",
    ]
    assert all(label for _key, label in JUNK_REASONS + LOST_REASONS)


def test_reason_labels_and_membership():
    assert junk_reason_label("wrong_contact") == "Wrong or fake contact"
    assert lost_reason_label("price") == "Price"
    assert lost_reason_label("legacy_reason") == "legacy_reason"
    assert is_junk_reason("duplicate") and not is_junk_reason("price")
    assert is_lost_reason("competitor") and not is_lost_reason("spam")


def test_recheck_verdict_values():
    assert [verdict.value for verdict in RecheckVerdict] == ["confirmed", "returned"]
    assert RecheckVerdict("returned") is RecheckVerdict.RETURNED
    assert RecheckVerdict.CONFIRMED.label and RecheckVerdict.RETURNED.label != RecheckVerdict.CONFIRMED.label


@pytest.mark.parametrize(
    "confirmed,returned,rate",
    [(0, 0, None), (3, 7, 0.7), (10, 0, 0.0), (0, 4, 1.0), (2, 1, 1 / 3)],
)
def test_false_junk_rate(confirmed, returned, rate):
    assert false_junk_rate(confirmed, returned) == rate


def test_false_junk_rate_refuses_negative_counts():
    with pytest.raises(ValueError):
        false_junk_rate(-1, 2)


@pytest.mark.parametrize(
    "status,lost_reason,expected",
    [
        ("junk", None, True),
        ("disqualified", None, True),
        ("qualified", "not_a_real_lead", True),
        ("qualified", "price", False),
        ("qualified", None, False),
        ("unqualified", None, False),
        ("junk", "price", True),
    ],
)
def test_needs_recheck(status, lost_reason, expected):
    assert needs_recheck(status, lost_reason) is expected
